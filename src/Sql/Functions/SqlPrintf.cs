using System.Text;
using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Functions;

/// <summary>
/// SQLite's printf()/format() ("Built-in printf"): conversions %d %i %u %x %X %o %p %f %e %E %g %G %c %s %z
/// %q %Q %w %n %%, flags '-', '+', ' ', '#', '!', '0', ',', width and precision as numbers or '*', and the
/// 'l'/'ll' size prefixes (ignored). Arguments are converted as sqlite3_value_int64/double/text convert them;
/// a missing argument counts as 0, 0.0 or NULL. Floating-point output keeps at most 16 significant digits
/// (26 with '!'). An unknown conversion ends the output. Thread-safe.
/// </summary>
public static class SqlPrintf
{
    private const int MaxOutputBytes = 1_000_000_000;

    private ref struct ArgReader(ReadOnlySpan<SqlValue> args)
    {
        private readonly ReadOnlySpan<SqlValue> _args = args;
        private int _next;

        public bool TryNext(out SqlValue value)
        {
            if (_next >= _args.Length) { value = SqlValue.Null; return false; }
            value = _args[_next++];
            return true;
        }

        public long NextInteger() => TryNext(out var v) ? SqlConvert.ToInteger(v) : 0;

        public double NextReal() => TryNext(out var v) ? SqlConvert.ToReal(v) : 0.0;

        public byte[]? NextText() => TryNext(out var v) ? SqlConvert.ToTextBytes(v) : null;
    }

    /// <summary>
    /// Formats <paramref name="args"/>[1..] by the format string <paramref name="args"/>[0]. Returns NULL when
    /// the format is NULL or nothing at all was written (an empty format, or an unknown first conversion).
    /// </summary>
    public static SqlValue Format(ReadOnlySpan<SqlValue> args)
    {
        if (args.Length == 0) return SqlValue.Null;
        var format = SqlConvert.ToTextBytes(args[0]);
        if (format is null) return SqlValue.Null;
        try
        {
            var output = Format(Utf8Text.UpToNul(format), args[1..]);
            return output is null ? SqlValue.Null : SqlValue.TextUtf8(output);
        }
        catch (MiniSqlException e) when (e.ResultCode == ResultCode.TooBig)
        {
            // SQLite's printf() returns NULL, not an error, when the result would exceed SQLITE_MAX_LENGTH.
            return SqlValue.Null;
        }
    }

    /// <summary>Formats the arguments by a UTF-8 format; null when nothing was written.</summary>
    public static byte[]? Format(ReadOnlySpan<byte> fmt, ReadOnlySpan<SqlValue> arguments)
    {
        var args = new ArgReader(arguments);
        var output = new List<byte>();
        bool written = false;
        int i = 0;
        while (i < fmt.Length)
        {
            if (fmt[i] != '%')
            {
                int start = i;
                while (i < fmt.Length && fmt[i] != '%') i++;
                AddRange(output, fmt[start..i]);
                written = true;
                continue;
            }
            i++;
            if (i >= fmt.Length)
            {
                output.Add((byte)'%');
                written = true;
                break;
            }
            var flags = new PrintfFlags();
            int width = 0, precision = -1;
            bool sizePrefix = false;
            // Flags (a size prefix 'l' or 'll' may appear here or after the width or precision, and ends the spec).
            for (; i < fmt.Length; i++)
            {
                byte f = fmt[i];
                if (f == '-') flags.LeftJustify = true;
                else if (f == '+') flags.Prefix = '+';
                else if (f == ' ') flags.Prefix = ' ';
                else if (f == '#') flags.AlternateForm = true;
                else if (f == '!') flags.AlternateForm2 = true;
                else if (f == '0') flags.ZeroPad = true;
                else if (f == ',') flags.Thousands = true;
                else break;
            }
            sizePrefix = SkipSizePrefix(fmt, ref i);
            if (!sizePrefix && i < fmt.Length)
            {
                if (fmt[i] >= '1' && fmt[i] <= '9')
                {
                    long w = 0;
                    for (; i < fmt.Length && fmt[i] >= '0' && fmt[i] <= '9'; i++) w = Math.Min(w * 10 + (fmt[i] - '0'), int.MaxValue);
                    width = (int)w;
                }
                else if (fmt[i] == '*')
                {
                    int w = (int)args.NextInteger();
                    if (w < 0)
                    {
                        flags.LeftJustify = true;
                        w = w >= -int.MaxValue ? -w : 0;
                    }
                    width = w;
                    i++;
                }
                sizePrefix = SkipSizePrefix(fmt, ref i);
                if (!sizePrefix && i < fmt.Length && fmt[i] == '.')
                {
                    i++;
                    if (i < fmt.Length && fmt[i] == '*')
                    {
                        int pr = (int)args.NextInteger();
                        if (pr < 0) pr = pr >= -int.MaxValue ? -pr : -1;
                        precision = pr;
                        i++;
                    }
                    else
                    {
                        long px = 0;
                        for (; i < fmt.Length && fmt[i] >= '0' && fmt[i] <= '9'; i++) px = Math.Min(px * 10 + (fmt[i] - '0'), int.MaxValue);
                        precision = (int)px;
                    }
                    SkipSizePrefix(fmt, ref i);
                }
            }
            if (i >= fmt.Length) break; // the format ended inside a conversion: stop, as for an unknown one
            byte conversion = fmt[i++];
            if (!Convert(conversion, flags, width, precision, ref args, output)) return written ? output.ToArray() : null;
            written = true;
            if (output.Count > MaxOutputBytes) ThrowHelper.Throw(ResultCode.TooBig, "string or blob too big");
        }
        return written ? output.ToArray() : null;
    }

    private static bool SkipSizePrefix(ReadOnlySpan<byte> fmt, ref int i)
    {
        if (i >= fmt.Length || fmt[i] != 'l') return false;
        i++;
        if (i < fmt.Length && fmt[i] == 'l') i++;
        return true;
    }

    private static void AddRange(List<byte> output, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes) output.Add(b);
    }

    private static bool Convert(byte conversion, PrintfFlags flags, int width, int precision, ref ArgReader args, List<byte> output)
    {
        byte[] body;
        switch (conversion)
        {
            case (byte)'d':
            case (byte)'i':
                body = FormatRadix(args.NextInteger(), true, 10, false, flags, width, precision);
                break;
            case (byte)'u':
                body = FormatRadix(args.NextInteger(), false, 10, false, flags, width, precision);
                break;
            case (byte)'x':
            case (byte)'X':
                body = FormatRadix(args.NextInteger(), false, 16, conversion == 'X', flags, width, precision, flags.AlternateForm ? (conversion == 'X' ? "0X" : "0x") : null);
                break;
            case (byte)'o':
                body = FormatRadix(args.NextInteger(), false, 8, false, flags, width, precision, flags.AlternateForm ? "0" : null);
                break;
            case (byte)'p':
                body = FormatRadix(args.NextInteger(), false, 16, true, flags, width, precision);
                break;
            case (byte)'f':
            case (byte)'e':
            case (byte)'E':
            case (byte)'g':
            case (byte)'G':
                body = Encoding.ASCII.GetBytes(RealFormatter.Format(args.NextReal(), (char)conversion, precision, flags, width));
                break;
            case (byte)'c':
                AppendChar(args.NextText(), flags, width, precision, output);
                return true;
            case (byte)'s':
            case (byte)'z':
            {
                var text = Utf8Text.UpToNul(args.NextText() ?? []);
                int length = text.Length;
                if (precision >= 0)
                {
                    if (flags.AlternateForm2)
                    {
                        int k = 0;
                        for (int n = precision; n > 0 && k < text.Length; n--) k = Utf8Text.Skip(text, k);
                        length = k;
                    }
                    else length = Math.Min(precision, text.Length);
                }
                body = text[..length].ToArray();
                if (flags.AlternateForm2) width = WidthInBytes(body, width);
                break;
            }
            case (byte)'q':
            case (byte)'Q':
            case (byte)'w':
                body = Escape(conversion, args.NextText(), flags, precision);
                if (flags.AlternateForm2) width = WidthInBytes(body, width);
                break;
            case (byte)'n':
                body = [];
                width = 0;
                break;
            case (byte)'%':
                body = [(byte)'%'];
                break;
            default:
                return false;
        }
        Pad(output, body, width, flags.LeftJustify);
        return true;
    }

    private static void Pad(List<byte> output, ReadOnlySpan<byte> body, int width, bool left)
    {
        int pad = width - body.Length;
        if (pad > MaxOutputBytes) ThrowHelper.Throw(ResultCode.TooBig, "string or blob too big");
        if (pad > 0 && !left) output.AddRange(Enumerable.Repeat((byte)' ', pad));
        AddRange(output, body);
        if (pad > 0 && left) output.AddRange(Enumerable.Repeat((byte)' ', pad));
    }

    /// <summary>With the '!' flag widths count characters: widen by the number of continuation bytes.</summary>
    private static int WidthInBytes(ReadOnlySpan<byte> body, int width)
    {
        if (width <= 0) return width;
        foreach (byte b in body)
        {
            if ((b & 0xC0) == 0x80) width++;
        }
        return width;
    }

    private static byte[] FormatRadix(long argument, bool signed, int radix, bool upper, PrintfFlags flags, int width, int precision, string? alternatePrefix = null)
    {
        ulong magnitude;
        char prefix = '\0';
        if (signed)
        {
            if (argument < 0)
            {
                magnitude = unchecked((ulong)-argument);
                if (argument == long.MinValue) magnitude = 1UL << 63;
                prefix = '-';
            }
            else
            {
                magnitude = (ulong)argument;
                prefix = flags.Prefix;
            }
        }
        else magnitude = unchecked((ulong)argument);
        if (magnitude == 0) alternatePrefix = null;
        if (flags.ZeroPad && precision < width - (prefix != '\0' ? 1 : 0)) precision = width - (prefix != '\0' ? 1 : 0);
        if (precision > MaxOutputBytes) ThrowHelper.Throw(ResultCode.TooBig, "string or blob too big");

        string digitSet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        var digits = new StringBuilder();
        do
        {
            digits.Insert(0, digitSet[(int)(magnitude % (ulong)radix)]);
            magnitude /= (ulong)radix;
        } while (magnitude > 0);
        if (precision > digits.Length) digits.Insert(0, "0", precision - digits.Length);
        if (flags.Thousands && radix == 10)
        {
            for (int pos = digits.Length - 3; pos > 0; pos -= 3) digits.Insert(pos, ',');
        }
        if (prefix != '\0') digits.Insert(0, prefix);
        if (alternatePrefix is not null) digits.Insert(0, alternatePrefix);
        return Encoding.ASCII.GetBytes(digits.ToString());
    }

    private static void AppendChar(byte[]? text, PrintfFlags flags, int width, int precision, List<byte> output)
    {
        // The first character of the argument (a NUL byte when the argument is empty or NULL).
        byte[] ch;
        if (text is null || text.Length == 0) ch = [0];
        else
        {
            int end = 1;
            if ((text[0] & 0xC0) == 0xC0)
            {
                while (end < 4 && end < text.Length && (text[end] & 0xC0) == 0x80) end++;
            }
            ch = text[..end];
        }
        if (precision > 1)
        {
            width -= precision - 1;
            if (width > 1 && !flags.LeftJustify)
            {
                output.AddRange(Enumerable.Repeat((byte)' ', width - 1));
                width = 0;
            }
            if ((long)(precision - 1) * ch.Length + output.Count > MaxOutputBytes) ThrowHelper.Throw(ResultCode.TooBig, "string or blob too big");
            for (int k = 1; k < precision; k++) output.AddRange(ch);
        }
        Pad(output, ch, WidthInBytes(ch, width), flags.LeftJustify);
    }

    private static byte[] Escape(byte conversion, byte[]? argument, PrintfFlags flags, int precision)
    {
        byte quote = conversion == 'w' ? (byte)'"' : (byte)'\'';
        bool isNull = argument is null;
        ReadOnlySpan<byte> text = isNull ? (conversion == 'Q' ? "NULL"u8 : "(NULL)"u8) : Utf8Text.UpToNul(argument);
        int end = 0;
        for (int k = precision; k != 0 && end < text.Length; k--)
        {
            if (flags.AlternateForm2 && (text[end] & 0xC0) == 0xC0)
            {
                end++;
                while (end < text.Length && (text[end] & 0xC0) == 0x80) end++;
            }
            else end++;
        }
        bool addQuotes = !isNull && conversion == 'Q';
        var result = new List<byte>(end + 2);
        if (addQuotes) result.Add(quote);
        for (int k = 0; k < end; k++)
        {
            result.Add(text[k]);
            if (text[k] == quote) result.Add(quote);
        }
        if (addQuotes) result.Add(quote);
        return result.ToArray();
    }
}
