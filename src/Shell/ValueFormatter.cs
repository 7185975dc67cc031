using System.Globalization;
using System.Text;
using MiniSql.Sql.Semantics;

namespace MiniSql.Shell;

/// <summary>Renders result values the way sqlite3 does in each output mode. Stateless.</summary>
internal static class ValueFormatter
{
    private static readonly byte[] FullPrecisionFormat = "%!.20g"u8.ToArray();

    /// <summary>sqlite3_column_text rendering: integers in decimal, reals as "%!.15g", blobs as their raw bytes.</summary>
    public static string Text(object? value, string nullValue) => value switch
    {
        null => nullValue,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => SqlConvert.RealToString(d),
        string s => s,
        byte[] b => Encoding.UTF8.GetString(b),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// A real as printf "%!.20g" with the exact decimal expansion of the double (20 significant digits, trailing zeros
    /// dropped but ".0" kept), as quote, insert, json and .dump print it; always reads back as the same double.
    /// </summary>
    public static string FullPrecisionReal(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsInfinity(d)) return d > 0 ? "Inf" : "-Inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        // "E19" is exact in .NET: one digit, the point, 19 digits, then the exponent.
        string e = d.ToString("E19", CultureInfo.InvariantCulture);
        bool negative = e[0] == '-';
        if (negative) e = e[1..];
        int ePos = e.IndexOf('E');
        string digits = e[0] + e[2..ePos];
        int exponent = int.Parse(e.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        const int precision = 20;
        if (exponent < -4 || exponent >= precision)
        {
            sb.Append(digits[0]).Append('.').Append(digits.Length > 1 ? digits[1..] : "0");
            sb.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (exponent < 0)
        {
            sb.Append("0.").Append('0', -exponent - 1).Append(digits);
        }
        else
        {
            string intPart = digits.Length > exponent + 1 ? digits[..(exponent + 1)] : digits.PadRight(exponent + 1, '0');
            string frac = digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "0";
            sb.Append(intPart).Append('.').Append(frac);
        }
        return sb.ToString();
    }

    /// <summary>An SQL literal for quote mode (<paramref name="forInsert"/> false) or insert mode and .dump (true).</summary>
    public static string SqlLiteral(object? value, bool forInsert)
    {
        switch (value)
        {
            case null: return "NULL";
            case long l: return l.ToString(CultureInfo.InvariantCulture);
            case double d:
                if (forInsert && double.IsPositiveInfinity(d)) return "1e999";
                if (forInsert && double.IsNegativeInfinity(d)) return "-1e999";
                return FullPrecisionReal(d);
            case byte[] b: return "X'" + Convert.ToHexStringLower(b) + "'";
            default:
                string s = Text(value, "");
                return forInsert ? TextLiteralForInsert(s) : "'" + s.Replace("'", "''") + "'";
        }
    }

    /// <summary>
    /// A text literal that survives line-oriented readers: carriage returns and newlines are written as an unused
    /// escape marker and restored with replace(...,char(13)) / replace(...,char(10)), as sqlite3's .dump does.
    /// </summary>
    private static string TextLiteralForInsert(string s)
    {
        bool hasNewline = s.Contains('\n'), hasReturn = s.Contains('\r');
        string body = s.Replace("'", "''");
        if (!hasNewline && !hasReturn) return "'" + body + "'";
        string? nl = hasNewline ? UnusedMarker(s, "\\n", "\\012") : null;
        string? cr = hasReturn ? UnusedMarker(s, "\\r", "\\015") : null;
        if (nl is not null) body = body.Replace("\n", nl);
        if (cr is not null) body = body.Replace("\r", cr);
        string result = "'" + body + "'";
        if (cr is not null) result = "replace(" + result + ",'" + cr + "',char(13))";
        if (nl is not null) result = "replace(" + result + ",'" + nl + "',char(10))";
        return result;
    }

    private static string UnusedMarker(string s, string first, string second)
    {
        if (!s.Contains(first, StringComparison.Ordinal)) return first;
        if (!s.Contains(second, StringComparison.Ordinal)) return second;
        for (int i = 0; ; i++)
        {
            string candidate = "(" + first + i.ToString(CultureInfo.InvariantCulture) + ")";
            if (!s.Contains(candidate, StringComparison.Ordinal)) return candidate;
        }
    }

    /// <summary>A JSON value: numbers bare, text and blobs as JSON strings, NULL as null.</summary>
    public static string Json(object? value) => value switch
    {
        null => "null",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FullPrecisionReal(d),
        _ => JsonString(Text(value, "")),
    };

    /// <summary>A JSON string literal with sqlite3's escapes.</summary>
    public static string JsonString(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>A CSV field: quoted (with doubled quotes) when it holds the separator, a quote, an apostrophe, a control
    /// or space character, a non-ASCII character, or is empty, as sqlite3's csv mode does.</summary>
    public static string Csv(string s, string separator)
    {
        bool quote = s.Length == 0 || s.Contains(separator, StringComparison.Ordinal);
        foreach (char c in s)
        {
            if (quote) break;
            if (c <= ' ' || c is '"' or '\'' or ',' || c >= 0x7f) quote = true;
        }
        return quote ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    /// <summary>An identifier as sqlite3 writes it: bare when it is a plain word that is not a keyword, else in double quotes.</summary>
    public static string Identifier(string name)
    {
        bool plain = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_');
        foreach (char c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) plain = false;
        if (plain && !SqlKeywords.Contains(name)) return name;
        return "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    /// <summary>Display width in code points (sqlite3 counts UTF-8 characters).</summary>
    public static int Width(string s)
    {
        int n = 0;
        foreach (char c in s)
            if (!char.IsLowSurrogate(c)) n++;
        return n;
    }
}
