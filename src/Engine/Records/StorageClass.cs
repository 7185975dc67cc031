namespace MiniSql.Engine.Records;

/// <summary>SQLite's five storage classes, in the order SQLite sorts them (NULL &lt; numbers &lt; TEXT &lt; BLOB).</summary>
public enum StorageClass : byte
{
    Null = 0,
    Integer = 1,
    Real = 2,
    Text = 3,
    Blob = 4,
}
