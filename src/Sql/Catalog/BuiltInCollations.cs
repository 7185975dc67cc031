using MiniSql.Engine.Records;

namespace MiniSql.Sql.Catalog;

/// <summary>Looks up SQLite's built-in collating sequences (BINARY, NOCASE, RTRIM) by name.</summary>
internal static class BuiltInCollations
{
    /// <summary>The built-in collation named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static CollatingSequence? Find(string name) => name.ToUpperInvariant() switch
    {
        "BINARY" => CollatingSequence.Binary,
        "NOCASE" => CollatingSequence.NoCase,
        "RTRIM" => CollatingSequence.RTrim,
        _ => null,
    };
}
