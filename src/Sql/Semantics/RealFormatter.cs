using System.Text;

namespace MiniSql.Sql.Semantics;

/// <summary>
/// Renders a REAL the way SQLite's printf renders %f, %e, %E, %g and %G, including SQLite's own flags:
/// '!' (alternate form 2: up to 26 significant digits instead of 16, and a ".0" kept after whole numbers)
/// and ',' (thousands separators). REAL to TEXT conversion is the "%!.15g" special case.
/// </summary>
internal static class RealFormatter
{
    /// <summary>Renders <paramref name="value"/> as SQLite renders a REAL as TEXT ("%!.15g").</summary>
    public static string ToText(double value) =>
        Format(value, 'g', 15, new PrintfFlags { AlternateForm2 = true }, 0);

    /// <summary>
    /// Formats <paramref name="value"/> with conversion <paramref name="conversion"/> (f, e, E, g, G).
    /// <paramref name="precision"/> below zero means the default of 6. Width is applied here only for zero padding.
    /// </summary>
    public static string Format(double value, char conversion, int precision, PrintfFlags flags, int width)
    {
        char kind = char.ToLowerInvariant(conversion);
        bool upper = conversion is 'E' or 'G';
        if (precision < 0) precision = 6;
        if (precision > 100_000_000) precision = 100_000_000;
        int round;
        if (kind == 'f') round = -precision;
        else if (kind == 'g')
        {
            if (precision == 0) precision = 1;
            round = precision;
        }
        else round = precision + 1;

        var d = DecodedReal.Decode(value, round, flags.AlternateForm2 ? 26 : 16);
        string digits = d.Digits;
        int decimalPoint = d.DecimalPoint;
        if (d.IsInfinity)
        {
            if (!flags.ZeroPad)
            {
                if (d.IsNegative) return "-Inf";
                return flags.Prefix != '\0' ? flags.Prefix + "Inf" : "Inf";
            }
            // SQLite renders a zero-padded infinity as the huge finite number 9e999.
            digits = "9";
            decimalPoint = 1000;
        }
        char prefix = d.IsNegative ? '-' : flags.Prefix;

        int exponent = decimalPoint - 1;
        if (kind == 'g' && precision > 0) precision--;
        bool removeTrailingZeros;
        if (kind == 'g')
        {
            removeTrailingZeros = !flags.AlternateForm;
            if (exponent < -4 || exponent > precision) kind = 'e';
            else
            {
                precision -= exponent;
                kind = 'f';
            }
        }
        else removeTrailingZeros = flags.AlternateForm2;

        int e2 = kind == 'e' ? 0 : decimalPoint - 1;
        var sb = new StringBuilder(Math.Max(e2, 0) + precision + 16);
        bool hasPoint = precision > 0 || flags.AlternateForm || flags.AlternateForm2;
        if (prefix != '\0') sb.Append(prefix);
        int j = 0;
        if (e2 < 0) sb.Append('0');
        else
        {
            for (; e2 >= 0; e2--)
            {
                sb.Append(j < digits.Length ? digits[j++] : '0');
                if (flags.Thousands && e2 % 3 == 0 && e2 > 1) sb.Append(',');
            }
        }
        if (hasPoint) sb.Append('.');
        for (e2++; e2 < 0 && precision > 0; precision--, e2++) sb.Append('0');
        while (precision > 0 && j < digits.Length) { sb.Append(digits[j++]); precision--; }
        if (precision > 0) sb.Append('0', precision);
        if (removeTrailingZeros && hasPoint)
        {
            int len = sb.Length;
            while (sb[len - 1] == '0') len--;
            sb.Length = len;
            if (sb[len - 1] == '.')
            {
                if (flags.AlternateForm2) sb.Append('0');
                else sb.Length = len - 1;
            }
        }
        if (kind == 'e')
        {
            int exp = decimalPoint - 1;
            sb.Append(upper ? 'E' : 'e');
            if (exp < 0) { sb.Append('-'); exp = -exp; }
            else sb.Append('+');
            if (exp >= 100) { sb.Append((char)('0' + exp / 100)); exp %= 100; }
            sb.Append((char)('0' + exp / 10));
            sb.Append((char)('0' + exp % 10));
        }
        if (flags.ZeroPad && !flags.LeftJustify && sb.Length < width)
        {
            sb.Insert(prefix != '\0' ? 1 : 0, "0", width - sb.Length);
        }
        return sb.ToString();
    }
}
