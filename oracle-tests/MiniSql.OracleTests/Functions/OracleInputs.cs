using MiniSql.Engine.Records;

namespace MiniSql.OracleTests.Functions;

/// <summary>Hand-picked edge values of every storage class, shared by the differential tests.</summary>
public static class OracleInputs
{
    /// <summary>Edge integers, reals, numeric-looking and other texts, blobs and NULL.</summary>
    public static readonly SqlValue[] Values = Build();

    /// <summary>About half of <see cref="Values"/> (every other one), for the right operand of binary operators.</summary>
    public static readonly SqlValue[] Medium = Values.Where((v, i) => i % 2 == 1 || v.IsNull).ToArray();

    private static SqlValue[] Build()
    {
        var list = new List<SqlValue> { SqlValue.Null };
        foreach (long i in new long[] { 0, 1, -1, 2, 3, -3, 7, 10, 42, -42, 100, 255, 256, 1000, 65535, int.MaxValue, int.MinValue,
                     (long)int.MaxValue + 1, 1L << 52, (1L << 53) + 1, -(1L << 53) - 1, 4503599627370497, 1234567890123456789,
                     long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1 })
            list.Add(SqlValue.Integer(i));
        foreach (double d in new double[] { 0.0, -0.0, 0.1, -0.1, 0.5, 1.5, 2.5, -2.5, 1.0, -1.0, 3.14159, 1.0 / 3, 2.0 / 3, 1e15, 1e16,
                     1e20, -1e20, 1e-5, 1e-4, 123456789.123, 9.223372036854775807e18, -9.223372036854775808e18, 9.3e18,
                     1e308, -1e308, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 4503599627370496.5, 0.30000000000000004,
                     123.456, 99.995, 1.005, 2.675, 12345678901234567890.0, double.PositiveInfinity, double.NegativeInfinity })
            list.Add(SqlValue.Real(d));
        foreach (string s in new[] { "", " ", "0", "1", "-1", "12", " 12 ", "12 ", " 12", "+12", "-0", "-0.0", "0.0", "1.0", "3.0", "1e5",
                     "1e", "1e+", "1E-2", ".5", "5.", ".", "-", "+", "12abc", "3.5x", " 3.5e2x", "0x10", "0X1F", "abc", "ABC", "aBc",
                     "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                     "99999999999999999999", "1e400", "-1e400", "1e-400", "0.1", "00012", "1.5e1", "inf", "NaN",
                     "hello world", "  padded  ", "tab\there", "line\nbreak", "it's", "say \"hi\"", "%", "_", "a%b_c",
                     "héllo", "日本語", "😀x", "ÀÉÎ", "ß", "\u0000nul" })
            list.Add(SqlValue.Text(s));
        foreach (var b in new byte[][] { [], [0x00], [0x31, 0x32], [0xFF, 0x00, 0x7F], [0x61, 0x62, 0x63], "3.5"u8.ToArray(), [0xC3, 0xA9] })
            list.Add(SqlValue.Blob(b));
        return list.ToArray();
    }
}
