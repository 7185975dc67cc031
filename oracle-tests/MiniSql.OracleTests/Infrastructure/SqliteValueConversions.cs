using System.Globalization;
using System.Text;
using MiniSql.Engine.Records;

namespace MiniSql.OracleTests.Infrastructure;

/// <summary>
/// The conversions SQLite's sqlite3_column_int64 / _double / _text apply to a value of another storage class,
/// so a runner can render an engine's typed values exactly as the reference sqllogictest runner (which reads
/// through those functions) would. Verified against real SQLite in the tests.
/// </summary>
internal static class SqliteValueConversions
{
    /// <summary>The largest double below 2^63; doubles beyond it clamp (SQLite's doubleToInt64).</summary>
    private const double MaxExactInt64Double = 9223372036854774784.0;

    /// <summary>sqlite3_column_int64: REAL truncates toward zero and clamps; TEXT/BLOB use their integer prefix.</summary>
    public static long ToInt64(SqlValue value) => value.Type switch
    {
        StorageClass.Integer => value.AsInteger,
        StorageClass.Real => DoubleToInt64(value.AsReal),
        StorageClass.Text or StorageClass.Blob => IntegerPrefix(value.Bytes),
        _ => 0,
    };

    /// <summary>sqlite3_column_int: <see cref="ToInt64"/> truncated to 32 bits.</summary>
    public static int ToInt32(SqlValue value) => unchecked((int)ToInt64(value));

    /// <summary>sqlite3_column_double: INTEGER widens; TEXT/BLOB use their longest numeric prefix.</summary>
    public static double ToDouble(SqlValue value) => value.Type switch
    {
        StorageClass.Integer => value.AsInteger,
        StorageClass.Real => value.AsReal,
        StorageClass.Text or StorageClass.Blob => RealPrefix(value.Bytes),
        _ => 0.0,
    };

    /// <summary>sqlite3_column_text as UTF-8 bytes: INTEGER as decimal, REAL as "%!.15g", TEXT/BLOB unchanged.</summary>
    public static byte[] ToTextBytes(SqlValue value) => value.Type switch
    {
        StorageClass.Integer => Encoding.ASCII.GetBytes(value.AsInteger.ToString(CultureInfo.InvariantCulture)),
        StorageClass.Real => Encoding.ASCII.GetBytes(SqlitePrintf.FormatReal(value.AsReal)),
        StorageClass.Text or StorageClass.Blob => value.Bytes.ToArray(),
        _ => [],
    };

    /// <summary>SQLite's doubleToInt64: NaN is 0, out-of-range values clamp, the rest truncate.</summary>
    public static long DoubleToInt64(double r)
    {
        if (double.IsNaN(r)) return 0;
        if (r < -MaxExactInt64Double) return long.MinValue;
        if (r > MaxExactInt64Double) return long.MaxValue;
        return (long)r;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    /// <summary>sqlite3Atoi64 on a prefix: spaces, optional sign, digits; stops at the first other byte; clamps.</summary>
    private static long IntegerPrefix(ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (i < s.Length && IsSpace(s[i])) i++;
        bool negative = false;
        if (i < s.Length && (s[i] == '-' || s[i] == '+'))
        {
            negative = s[i] == '-';
            i++;
        }
        System.Numerics.BigInteger u = 0;
        for (; i < s.Length && s[i] >= '0' && s[i] <= '9'; i++) u = u * 10 + (s[i] - '0');
        if (negative) u = -u;
        if (u > long.MaxValue) return long.MaxValue;
        if (u < long.MinValue) return long.MinValue;
        return (long)u;
    }

    /// <summary>sqlite3AtoF on a prefix: spaces, sign, digits, '.', digits, exponent (only with digits).</summary>
    private static double RealPrefix(ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (i < s.Length && IsSpace(s[i])) i++;
        int start = i;
        if (i < s.Length && (s[i] == '-' || s[i] == '+')) i++;
        int mantissaDigits = 0;
        while (i < s.Length && IsDigit(s[i]))
        {
            i++;
            mantissaDigits++;
        }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && IsDigit(s[i]))
            {
                i++;
                mantissaDigits++;
            }
        }
        if (mantissaDigits == 0) return 0.0;
        int end = i;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            int j = i + 1;
            if (j < s.Length && (s[j] == '-' || s[j] == '+')) j++;
            if (j < s.Length && IsDigit(s[j]))
            {
                while (j < s.Length && IsDigit(s[j])) j++;
                end = j;
            }
        }
        return double.Parse(s[start..end], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static bool IsDigit(byte b) => b >= '0' && b <= '9';
}
