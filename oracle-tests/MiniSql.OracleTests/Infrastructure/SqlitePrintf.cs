using System.Globalization;
using System.Text;

namespace MiniSql.OracleTests.Infrastructure;

/// <summary>
/// SQLite's printf rendering of doubles, as documented for the printf() SQL function: "%.Nf" keeps at most
/// 16 significant digits (later digits print as '0'), and REAL-to-TEXT conversion is "%!.15g" (15 significant
/// digits, at least one digit after the decimal point, two-digit exponent). Rounding is half away from zero on the
/// decimal expansion. Verified against real SQLite's printf() and CAST(x AS TEXT) in the tests.
/// </summary>
internal static class SqlitePrintf
{
    /// <summary>Digits kept by "%f"/"%g" without the '!' flag.</summary>
    private const int MaxRound = 16;

    /// <summary>Digits kept with the '!' flag.</summary>
    private const int MaxRoundAlt = 26;

    /// <summary>printf("%.{precision}f", value) as SQLite renders it.</summary>
    public static string FormatFixed(double value, int precision)
    {
        var d = Decode(value, -precision, MaxRound);
        if (d.Special is { } special) return special;
        var sb = new StringBuilder();
        if (d.Negative) sb.Append('-');
        AppendFixed(sb, d, precision, trimZeros: false, keepPointZero: false);
        return sb.ToString();
    }

    /// <summary>The text SQLite gives a REAL value (sqlite3_column_text, CAST(x AS TEXT)): "%!.15g".</summary>
    public static string FormatReal(double value)
    {
        const int digits = 15;
        var d = Decode(value, digits, MaxRoundAlt);
        if (d.Special is { } special) return special;
        var sb = new StringBuilder();
        if (d.Negative) sb.Append('-');
        int exp = d.DecimalPoint - 1;
        int precision = digits - 1;
        if (exp < -4 || exp > precision)
        {
            // Exponent form: one digit, '.', the rest, trailing zeros trimmed but one digit kept.
            var one = d with { DecimalPoint = 1 };
            AppendFixed(sb, one, precision, trimZeros: true, keepPointZero: true);
            sb.Append('e').Append(exp < 0 ? '-' : '+');
            int e = Math.Abs(exp);
            if (e >= 100)
            {
                sb.Append((char)('0' + e / 100));
                e %= 100;
            }
            sb.Append((char)('0' + e / 10)).Append((char)('0' + e % 10));
        }
        else
        {
            AppendFixed(sb, d, precision - exp, trimZeros: true, keepPointZero: true);
        }
        return sb.ToString();
    }

    /// <summary>Writes digits around the decimal point as SQLite's etFLOAT branch does.</summary>
    private static void AppendFixed(StringBuilder sb, Decoded d, int precision, bool trimZeros, bool keepPointZero)
    {
        int j = 0;
        int e2 = d.DecimalPoint - 1;
        if (e2 < 0) sb.Append('0');
        else
        {
            for (; e2 >= 0; e2--) sb.Append(j < d.Digits.Length ? d.Digits[j++] : '0');
        }
        bool point = precision > 0 || keepPointZero;
        if (point) sb.Append('.');
        for (e2++; e2 < 0 && precision > 0; precision--, e2++) sb.Append('0');
        while (precision-- > 0) sb.Append(j < d.Digits.Length ? d.Digits[j++] : '0');
        if (trimZeros && point)
        {
            int end = sb.Length;
            while (sb[end - 1] == '0') end--;
            sb.Length = end;
            if (sb[end - 1] == '.')
            {
                if (keepPointZero) sb.Append('0');
                else sb.Length = end - 1;
            }
        }
    }

    /// <summary>A double as sign, significant digits (no trailing zeros) and decimal-point position.</summary>
    private readonly record struct Decoded(bool Negative, string Digits, int DecimalPoint, string? Special);

    /// <summary>
    /// Decimal digits of |value|, rounded half-up to <paramref name="round"/> significant digits (or, when
    /// round &lt;= 0, to -round digits after the point), never keeping more than <paramref name="maxRound"/>.
    /// </summary>
    private static Decoded Decode(double value, int round, int maxRound)
    {
        bool negative = value < 0;
        if (double.IsNaN(value)) return new Decoded(false, "", 0, "NaN");
        if (double.IsInfinity(value)) return new Decoded(negative, "", 0, negative ? "-Inf" : "Inf");
        if (value == 0) return new Decoded(false, "0", 1, null);
        double abs = Math.Abs(value);
        // "E60" is exact to 61 significant digits in .NET; far more than any rounding position used here.
        string e = abs.ToString("E60", CultureInfo.InvariantCulture);
        int ePos = e.IndexOf('E');
        var digits = new StringBuilder(e.Length);
        digits.Append(e[0]).Append(e, 2, ePos - 2);
        int decimalPoint = int.Parse(e.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) + 1;
        TrimTrailingZeros(digits);

        if (round <= 0)
        {
            round = decimalPoint - round;
            if (round == 0 && digits[0] >= '5')
            {
                // Rounds up into a new leading digit.
                digits.Insert(0, '0');
                decimalPoint++;
                round = 1;
            }
        }
        if (round > 0 && (round < digits.Length || digits.Length > maxRound))
        {
            if (round > maxRound) round = maxRound;
            if (round < digits.Length)
            {
                bool up = digits[round] >= '5';
                digits.Length = round;
                if (up)
                {
                    int i = round - 1;
                    while (i >= 0 && digits[i] == '9')
                    {
                        digits[i] = '0';
                        i--;
                    }
                    if (i >= 0) digits[i]++;
                    else
                    {
                        digits.Insert(0, '1');
                        decimalPoint++;
                    }
                }
            }
        }
        TrimTrailingZeros(digits);
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') lead++;
        if (lead > 0)
        {
            digits.Remove(0, lead);
            decimalPoint -= lead;
        }
        return new Decoded(negative, digits.ToString(), decimalPoint, null);
    }

    private static void TrimTrailingZeros(StringBuilder digits)
    {
        int n = digits.Length;
        while (n > 1 && digits[n - 1] == '0') n--;
        digits.Length = n;
    }
}
