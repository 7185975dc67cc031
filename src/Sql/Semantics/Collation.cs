namespace MiniSql.Sql.Semantics;

/// <summary>
/// A collating sequence over UTF-8 TEXT: the built-in BINARY (memcmp, then length), NOCASE (ASCII letters
/// folded to lower case, then length) and RTRIM (BINARY ignoring trailing spaces). Immutable; thread-safe.
/// </summary>
public sealed class Collation
{
    private readonly Func<ReadOnlySpan<byte>, ReadOnlySpan<byte>, int> _compare;

    private Collation(string name, Func<ReadOnlySpan<byte>, ReadOnlySpan<byte>, int> compare)
    {
        Name = name;
        _compare = compare;
    }

    /// <summary>The BINARY collation (the default).</summary>
    public static Collation Binary { get; } = new("BINARY", CompareBinary);

    /// <summary>The NOCASE collation (ASCII case folding only).</summary>
    public static Collation NoCase { get; } = new("NOCASE", CompareNoCase);

    /// <summary>The RTRIM collation (trailing spaces ignored).</summary>
    public static Collation RTrim { get; } = new("RTRIM", CompareRTrim);

    /// <summary>The collation's name in upper case.</summary>
    public string Name { get; }

    /// <summary>Finds a built-in collation by name (case-insensitive), or null when there is none.</summary>
    public static Collation? Find(string name) => name.ToUpperInvariant() switch
    {
        "BINARY" => Binary,
        "NOCASE" => NoCase,
        "RTRIM" => RTrim,
        _ => null,
    };

    /// <summary>Compares two UTF-8 texts: negative, zero or positive.</summary>
    public int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => _compare(a, b);

    /// <summary>memcmp over the common prefix, then the shorter sorts first.</summary>
    public static int CompareBinary(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int c = a.SequenceCompareTo(b);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }

    private static int CompareNoCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            int x = ToLowerAscii(a[i]), y = ToLowerAscii(b[i]);
            if (x != y) return x < y ? -1 : 1;
        }
        return a.Length.CompareTo(b.Length);
    }

    private static int CompareRTrim(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        CompareBinary(a.TrimEnd((byte)' '), b.TrimEnd((byte)' '));

    /// <summary>Folds an ASCII upper-case letter to lower case (sqlite3UpperToLower); other bytes unchanged.</summary>
    public static byte ToLowerAscii(byte c) => c >= 'A' && c <= 'Z' ? (byte)(c + 32) : c;

    /// <summary>Folds an ASCII lower-case letter to upper case; other bytes unchanged.</summary>
    public static byte ToUpperAscii(byte c) => c >= 'a' && c <= 'z' ? (byte)(c - 32) : c;

    /// <inheritdoc />
    public override string ToString() => Name;
}
