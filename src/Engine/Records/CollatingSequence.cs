namespace MiniSql.Engine.Records;

/// <summary>
/// A collating sequence: compares two TEXT values given as UTF-8 bytes (SQLite's CollSeq). The built-ins are
/// BINARY (memcmp), NOCASE (ASCII case folding only) and RTRIM (BINARY ignoring trailing spaces).
/// Implementations must be pure and thread-safe.
/// </summary>
public abstract class CollatingSequence
{
    /// <summary>Creates a collation named <paramref name="name"/>.</summary>
    protected CollatingSequence(string name) => Name = name;

    /// <summary>The collation name as registered (matched case-insensitively).</summary>
    public string Name { get; }

    /// <summary>BINARY: byte-wise comparison, shorter first on a common prefix.</summary>
    public static CollatingSequence Binary { get; } = new BinaryCollation();

    /// <summary>NOCASE: like BINARY after folding ASCII A-Z to a-z.</summary>
    public static CollatingSequence NoCase { get; } = new NoCaseCollation();

    /// <summary>RTRIM: like BINARY after removing trailing spaces (0x20).</summary>
    public static CollatingSequence RTrim { get; } = new RTrimCollation();

    /// <summary>Compares <paramref name="a"/> with <paramref name="b"/>: negative, zero or positive.</summary>
    public abstract int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b);

    /// <summary>Wraps a comparison function as a collation.</summary>
    public static CollatingSequence Create(string name, Func<ReadOnlySpan<byte>, ReadOnlySpan<byte>, int> compare) =>
        new DelegateCollation(name, compare);

    private sealed class BinaryCollation() : CollatingSequence("BINARY")
    {
        public override int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Math.Sign(a.SequenceCompareTo(b));
    }

    private sealed class NoCaseCollation() : CollatingSequence("NOCASE")
    {
        public override int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        {
            int n = Math.Min(a.Length, b.Length);
            for (int i = 0; i < n; i++)
            {
                int x = Fold(a[i]), y = Fold(b[i]);
                if (x != y) return x < y ? -1 : 1;
            }
            return a.Length.CompareTo(b.Length);
        }

        private static int Fold(byte c) => c is >= (byte)'A' and <= (byte)'Z' ? c + 32 : c;
    }

    private sealed class RTrimCollation() : CollatingSequence("RTRIM")
    {
        public override int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
            Math.Sign(a.TrimEnd((byte)' ').SequenceCompareTo(b.TrimEnd((byte)' ')));
    }

    private sealed class DelegateCollation(string name, Func<ReadOnlySpan<byte>, ReadOnlySpan<byte>, int> compare)
        : CollatingSequence(name)
    {
        public override int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => compare(a, b);
    }
}
