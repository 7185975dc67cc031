namespace MiniSql.Sql.Semantics;

/// <summary>ASCII-only case mapping, as SQLite does it without ICU (sqlite3UpperToLower, sqlite3Toupper).</summary>
internal static class AsciiCase
{
    /// <summary>Folds A-Z to a-z; other bytes unchanged.</summary>
    public static byte ToLower(byte c) => c >= 'A' && c <= 'Z' ? (byte)(c + 32) : c;

    /// <summary>Folds a-z to A-Z; other bytes unchanged.</summary>
    public static byte ToUpper(byte c) => c >= 'a' && c <= 'z' ? (byte)(c - 32) : c;
}
