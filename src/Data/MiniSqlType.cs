namespace MiniSql.Data;

/// <summary>The SQLite storage class a parameter value is bound as (Microsoft.Data.Sqlite's <c>SqliteType</c>).</summary>
public enum MiniSqlType
{
    /// <summary>A signed integer (SQLite INTEGER).</summary>
    Integer = 1,

    /// <summary>A floating point value (SQLite REAL).</summary>
    Real = 2,

    /// <summary>A text string (SQLite TEXT).</summary>
    Text = 3,

    /// <summary>A blob of bytes (SQLite BLOB).</summary>
    Blob = 4,
}
