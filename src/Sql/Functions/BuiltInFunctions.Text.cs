using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Functions;

/// <summary>Text and blob functions: length, substr, instr, replace, trim, case mapping, hex, LIKE and GLOB.</summary>
internal static partial class BuiltInFunctions
{
    private static SqlValue Concat(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var output = new List<byte>();
        foreach (var v in a)
        {
            if (!v.IsNull) output.AddRange(SqlConvert.ToTextBytes(v)!);
        }
        CheckLength(output.Count);
        return SqlValue.TextUtf8(output.ToArray());
    }

    private static SqlValue ConcatWs(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var separator = SqlConvert.ToTextBytes(a[0]);
        if (separator is null) return SqlValue.Null;
        var output = new List<byte>();
        bool first = true;
        for (int i = 1; i < a.Length; i++)
        {
            if (a[i].IsNull) continue;
            if (!first) output.AddRange(separator);
            first = false;
            output.AddRange(SqlConvert.ToTextBytes(a[i])!);
        }
        CheckLength(output.Count);
        return SqlValue.TextUtf8(output.ToArray());
    }

    private static SqlValue Hex(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var bytes = SqlConvert.ToTextBytes(a[0]) ?? [];
        return SqlValue.Text(Convert.ToHexString(bytes));
    }

    private static SqlValue Length(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var v = a[0];
        return v.Type switch
        {
            StorageClass.Null => v,
            StorageClass.Blob => SqlValue.Integer(v.Bytes.Length),
            _ => SqlValue.Integer(Utf8Text.CharCount(Utf8Text.UpToNul(SqlConvert.ToTextBytes(v)))),
        };
    }

    private static SqlValue OctetLength(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var v = a[0];
        return v.IsNull ? v : SqlValue.Integer(SqlConvert.ToTextBytes(v)!.Length);
    }

    private static SqlValue MapCase(SqlValue v, bool upper)
    {
        if (v.IsNull) return v;
        var bytes = (byte[])SqlConvert.ToTextBytes(v)!.Clone();
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = upper ? AsciiCase.ToUpper(bytes[i]) : AsciiCase.ToLower(bytes[i]);
        return SqlValue.TextUtf8(bytes);
    }

    private static SqlValue Instr(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var haystack = a[0];
        var needle = a[1];
        if (haystack.IsNull || needle.IsNull) return SqlValue.Null;
        bool isText = !(haystack.Type == StorageClass.Blob && needle.Type == StorageClass.Blob);
        ReadOnlySpan<byte> h = haystack.Type == StorageClass.Blob ? haystack.Bytes : SqlConvert.ToTextBytes(haystack);
        ReadOnlySpan<byte> n = needle.Type == StorageClass.Blob ? needle.Bytes : SqlConvert.ToTextBytes(needle);
        if (n.Length == 0) return SqlValue.Integer(1);
        long position = 1;
        int i = 0;
        while (n.Length <= h.Length - i && !h.Slice(i, n.Length).SequenceEqual(n))
        {
            position++;
            do i++;
            while (isText && i < h.Length && (h[i] & 0xC0) == 0x80);
        }
        return SqlValue.Integer(n.Length > h.Length - i ? 0 : position);
    }

    private static SqlValue Replace(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var source = SqlConvert.ToTextBytes(a[0]);
        if (source is null) return SqlValue.Null;
        var pattern = SqlConvert.ToTextBytes(a[1]);
        if (pattern is null) return SqlValue.Null;
        if (pattern.Length == 0 || pattern[0] == 0) return SqlValue.TextUtf8(source);
        var replacement = SqlConvert.ToTextBytes(a[2]);
        if (replacement is null) return SqlValue.Null;
        var output = new List<byte>(source.Length);
        int i = 0;
        for (; i <= source.Length - pattern.Length; i++)
        {
            if (source.AsSpan(i, pattern.Length).SequenceEqual(pattern))
            {
                output.AddRange(replacement);
                i += pattern.Length - 1;
                CheckLength(output.Count);
            }
            else output.Add(source[i]);
        }
        for (; i < source.Length; i++) output.Add(source[i]);
        return SqlValue.TextUtf8(output.ToArray());
    }

    private static SqlValue Trim(ReadOnlySpan<SqlValue> a, bool left, bool right)
    {
        if (a[0].IsNull) return SqlValue.Null;
        ReadOnlySpan<byte> text = SqlConvert.ToTextBytes(a[0]);
        var characters = new List<byte[]>();
        if (a.Length == 1) characters.Add([(byte)' ']);
        else
        {
            var set = SqlConvert.ToTextBytes(a[1]);
            if (set is null) return SqlValue.Null;
            var s = Utf8Text.UpToNul(set);
            for (int i = 0; i < s.Length;)
            {
                int next = Utf8Text.Skip(s, i);
                characters.Add(s[i..next].ToArray());
                i = next;
            }
        }
        if (left)
        {
            while (text.Length > 0)
            {
                int n = MatchingLength(characters, text, atEnd: false);
                if (n < 0) break;
                text = text[n..];
            }
        }
        if (right)
        {
            while (text.Length > 0)
            {
                int n = MatchingLength(characters, text, atEnd: true);
                if (n < 0) break;
                text = text[..^n];
            }
        }
        return SqlValue.Text(text);
    }

    /// <summary>The length of the first trim character found at the start (or end) of the text, or -1.</summary>
    private static int MatchingLength(List<byte[]> characters, ReadOnlySpan<byte> text, bool atEnd)
    {
        foreach (var ch in characters)
        {
            if (atEnd ? text.EndsWith(ch) : text.StartsWith(ch)) return ch.Length;
        }
        return -1;
    }

    private static SqlValue Substr(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        if (a[1].IsNull || (a.Length == 3 && a[2].IsNull)) return SqlValue.Null;
        var v = a[0];
        if (v.IsNull) return v;
        bool isBlob = v.Type == StorageClass.Blob;
        // sqlite3_value_blob gives a null pointer for an empty BLOB, and substr then returns NULL.
        if (isBlob && v.Bytes.Length == 0) return SqlValue.Null;
        ReadOnlySpan<byte> z = isBlob ? v.Bytes : Utf8Text.UpToNul(SqlConvert.ToTextBytes(v));
        long start = SqlConvert.ToInteger(a[1]);
        long length = isBlob ? z.Length : (start < 0 ? Utf8Text.CharCount(z) : 0);
        long count;
        bool negativeCount = false;
        if (a.Length == 3)
        {
            count = SqlConvert.ToInteger(a[2]);
            if (count < 0)
            {
                count = count == long.MinValue ? long.MaxValue : -count;
                negativeCount = true;
            }
        }
        else count = MaxLength;

        if (start < 0)
        {
            start += length;
            if (start < 0)
            {
                count = count + start < 0 ? 0 : count + start;
                start = 0;
            }
        }
        else if (start > 0) start--;
        else if (count > 0) count--;
        if (negativeCount)
        {
            start -= count;
            if (start < 0)
            {
                count += start;
                start = 0;
            }
        }

        if (isBlob)
        {
            if (start >= z.Length) start = count = 0;
            else if (count > z.Length - start) count = z.Length - start;
            return SqlValue.Blob(z.Slice((int)start, (int)count));
        }
        int from = 0;
        for (; from < z.Length && start > 0; start--) from = Utf8Text.Skip(z, from);
        int to = from;
        for (; to < z.Length && count > 0; count--) to = Utf8Text.Skip(z, to);
        return SqlValue.Text(z[from..to]);
    }

    private static SqlValue Unhex(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var hex = SqlConvert.ToTextBytes(a[0]);
        byte[]? pass = a.Length == 2 ? SqlConvert.ToTextBytes(a[1]) : [];
        if (hex is null || pass is null) return SqlValue.Null;
        var h = Utf8Text.UpToNul(hex);
        var output = new List<byte>(h.Length / 2);
        int i = 0;
        while (i < h.Length)
        {
            while (!IsHexDigit(h[i]))
            {
                uint ch = Utf8Text.Read(h, ref i);
                if (!ContainsChar(pass, ch)) return SqlValue.Null;
                if (i >= h.Length) return SqlValue.Blob(output.ToArray());
            }
            byte high = h[i++];
            if (i >= h.Length || !IsHexDigit(h[i])) return SqlValue.Null;
            byte low = h[i++];
            output.Add((byte)((HexValue(high) << 4) | HexValue(low)));
        }
        return SqlValue.Blob(output.ToArray());
    }

    private static bool IsHexDigit(byte b) => (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static bool ContainsChar(ReadOnlySpan<byte> set, uint ch)
    {
        for (int i = 0; i < set.Length;)
        {
            if (Utf8Text.Read(set, ref i) == ch) return true;
        }
        return false;
    }

    private static SqlValue Unicode(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var text = SqlConvert.ToTextBytes(a[0]);
        if (text is null || text.Length == 0 || text[0] == 0) return SqlValue.Null;
        int i = 0;
        return SqlValue.Integer(Utf8Text.Read(text, ref i));
    }

    private static SqlValue Like(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var pattern = SqlConvert.ToTextBytes(a[0]);
        var text = SqlConvert.ToTextBytes(a[1]);
        if (pattern is not null && pattern.Length > MaxLikePatternLength)
            ThrowHelper.Throw(ResultCode.Error, "LIKE or GLOB pattern too complex");
        uint escape = 0;
        if (a.Length == 3)
        {
            var e = SqlConvert.ToTextBytes(a[2]);
            if (e is null) return SqlValue.Null;
            var es = Utf8Text.UpToNul(e);
            if (Utf8Text.CharCount(es) != 1) ThrowHelper.Throw(ResultCode.Error, "ESCAPE expression must be a single character");
            int i = 0;
            escape = Utf8Text.Read(es, ref i);
        }
        if (pattern is null || text is null) return SqlValue.Null;
        return SqlArithmetic.Boolean(PatternMatcher.Like(pattern, text, escape));
    }

    private static SqlValue Glob(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var pattern = SqlConvert.ToTextBytes(a[0]);
        var text = SqlConvert.ToTextBytes(a[1]);
        if (pattern is not null && pattern.Length > MaxLikePatternLength)
            ThrowHelper.Throw(ResultCode.Error, "LIKE or GLOB pattern too complex");
        if (pattern is null || text is null) return SqlValue.Null;
        return SqlArithmetic.Boolean(PatternMatcher.Glob(pattern, text));
    }
}
