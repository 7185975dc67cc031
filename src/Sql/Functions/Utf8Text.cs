namespace MiniSql.Sql.Functions;

/// <summary>
/// UTF-8 character stepping as SQLite does it for built-in functions: a lead byte at or above 0xC0 absorbs
/// every following continuation byte (10xxxxxx); invalid sequences decode to U+FFFD; a NUL byte ends C-string
/// style text for the functions that treat it so (length, substr, like, glob).
/// </summary>
internal static class Utf8Text
{
    /// <summary>Index just past the character that starts at <paramref name="i"/>.</summary>
    public static int Skip(ReadOnlySpan<byte> s, int i)
    {
        if (s[i++] >= 0xC0)
        {
            while (i < s.Length && (s[i] & 0xC0) == 0x80) i++;
        }
        return i;
    }

    /// <summary>Decodes the character at <paramref name="i"/> and advances (sqlite3Utf8Read); 0 at the end.</summary>
    public static uint Read(ReadOnlySpan<byte> s, ref int i)
    {
        if (i >= s.Length) return 0;
        uint c = s[i++];
        if (c >= 0xC0)
        {
            c = LeadBits(c);
            while (i < s.Length && (s[i] & 0xC0) == 0x80) c = (c << 6) + (uint)(s[i++] & 0x3F);
            if (c < 0x80 || (c & 0xFFFFF800) == 0xD800 || (c & 0xFFFFFFFE) == 0xFFFE) c = 0xFFFD;
        }
        return c;
    }

    private static uint LeadBits(uint c) => c switch
    {
        < 0xE0 => c & 0x1F,
        < 0xF0 => c & 0x0F,
        < 0xF8 => c & 0x07,
        < 0xFC => c & 0x03,
        < 0xFE => c & 0x01,
        _ => 0,
    };

    /// <summary>The prefix of <paramref name="s"/> before its first NUL byte (how C string functions see it).</summary>
    public static ReadOnlySpan<byte> UpToNul(ReadOnlySpan<byte> s)
    {
        int n = s.IndexOf((byte)0);
        return n < 0 ? s : s[..n];
    }

    /// <summary>The number of characters in <paramref name="s"/> (continuation bytes after a lead byte do not count).</summary>
    public static int CharCount(ReadOnlySpan<byte> s)
    {
        int count = 0;
        for (int i = 0; i < s.Length; i = Skip(s, i)) count++;
        return count;
    }

    /// <summary>Appends the UTF-8 encoding of <paramref name="c"/> (up to 21 bits, surrogates not rejected).</summary>
    public static void Append(List<byte> output, uint c)
    {
        if (c < 0x80) output.Add((byte)c);
        else if (c < 0x800)
        {
            output.Add((byte)(0xC0 | (c >> 6)));
            output.Add((byte)(0x80 | (c & 0x3F)));
        }
        else if (c < 0x10000)
        {
            output.Add((byte)(0xE0 | (c >> 12)));
            output.Add((byte)(0x80 | ((c >> 6) & 0x3F)));
            output.Add((byte)(0x80 | (c & 0x3F)));
        }
        else
        {
            output.Add((byte)(0xF0 | ((c >> 18) & 0x07)));
            output.Add((byte)(0x80 | ((c >> 12) & 0x3F)));
            output.Add((byte)(0x80 | ((c >> 6) & 0x3F)));
            output.Add((byte)(0x80 | (c & 0x3F)));
        }
    }
}
