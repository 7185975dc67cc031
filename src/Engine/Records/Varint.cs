namespace MiniSql.Engine.Records;

/// <summary>
/// SQLite's variable-length integer (fileformat2: 1.5 "varint"): 1-9 bytes, big-endian groups of 7 bits with the
/// high bit set on every byte but the last; a 9th byte, when present, contributes all 8 bits. Pure functions.
/// </summary>
public static class Varint
{
    /// <summary>The longest encoding in bytes.</summary>
    public const int MaxLength = 9;

    /// <summary>Reads a varint; throws SQLITE_CORRUPT when <paramref name="p"/> ends inside it.</summary>
    /// <returns>The number of bytes consumed (1..9).</returns>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int Read(ReadOnlySpan<byte> p, out long value)
    {
        int n = TryRead(p, out value);
        if (n == 0) ThrowHelper.Corrupt("truncated varint");
        return n;
    }

    /// <summary>Reads a varint; returns 0 (and value 0) when <paramref name="p"/> ends inside it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int TryRead(ReadOnlySpan<byte> p, out long value)
    {
        ulong v = 0;
        int limit = Math.Min(8, p.Length);
        for (int i = 0; i < limit; i++)
        {
            byte b = p[i];
            v = (v << 7) | (uint)(b & 0x7F);
            if (b < 0x80)
            {
                value = (long)v;
                return i + 1;
            }
        }
        if (p.Length < 9)
        {
            value = 0;
            return 0;
        }
        value = (long)((v << 8) | p[8]);
        return 9;
    }

    /// <summary>Number of bytes <see cref="Write"/> uses for <paramref name="value"/> (unsigned interpretation).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int Length(long value)
    {
        ulong v = (ulong)value;
        if (v > 0x00FF_FFFF_FFFF_FFFFUL) return 9;
        int n = 1;
        while ((v >>= 7) != 0) n++;
        return n;
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="p"/>; returns the bytes written.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int Write(Span<byte> p, long value)
    {
        ulong v = (ulong)value;
        if (v <= 0x7F)
        {
            p[0] = (byte)v;
            return 1;
        }
        if (v > 0x00FF_FFFF_FFFF_FFFFUL)
        {
            // 9-byte form: the last byte carries 8 bits, the first 8 carry 7 bits each.
            p[8] = (byte)v;
            v >>= 8;
            for (int i = 7; i >= 0; i--)
            {
                p[i] = (byte)((v & 0x7F) | 0x80);
                v >>= 7;
            }
            return 9;
        }
        int n = Length(value);
        for (int i = n - 1; i >= 0; i--)
        {
            p[i] = (byte)((v & 0x7F) | (i == n - 1 ? 0u : 0x80u));
            v >>= 7;
        }
        return n;
    }
}
