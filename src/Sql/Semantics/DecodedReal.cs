namespace MiniSql.Sql.Semantics;

/// <summary>
/// A REAL split into sign, significant decimal digits and decimal-point position, rounded the way SQLite's
/// sqlite3FpDecode rounds: to <c>round</c> significant digits (or, when <c>round</c> is zero or negative, to
/// <c>-round</c> digits after the decimal point) and never to more than <c>maxDigits</c> significant digits.
/// Trailing zero digits are dropped. The value is 0.Digits * 10^DecimalPoint.
/// </summary>
internal readonly struct DecodedReal
{
    private DecodedReal(bool negative, bool infinite, string digits, int decimalPoint)
    {
        IsNegative = negative;
        IsInfinity = infinite;
        Digits = digits;
        DecimalPoint = decimalPoint;
    }

    /// <summary>True when the value is below zero (never for -0.0).</summary>
    public bool IsNegative { get; }

    /// <summary>True for +/- infinity (then <see cref="Digits"/> is empty).</summary>
    public bool IsInfinity { get; }

    /// <summary>The significant digits, without leading or trailing zeros (except "0" for zero).</summary>
    public string Digits { get; }

    /// <summary>Position of the decimal point relative to the first digit ("iDP").</summary>
    public int DecimalPoint { get; }

    /// <summary>Decodes <paramref name="r"/> (never NaN) into rounded decimal digits.</summary>
    public static DecodedReal Decode(double r, int round, int maxDigits)
    {
        bool negative = false;
        if (r < 0.0) { negative = true; r = -r; }
        else if (r == 0.0) return new DecodedReal(false, false, "0", 1);
        if (double.IsInfinity(r)) return new DecodedReal(negative, true, string.Empty, 0);

        // Scale r by powers of ten into [~9.2e17, ~9.2e18] so that it converts to a 19-digit integer.
        double hi = r, lo = 0.0;
        int exponent = 0;
        if (hi > 9.223372036854774784e+18)
        {
            while (hi > 9.223372036854774784e+118) { exponent += 100; DoubleDouble.Multiply(ref hi, ref lo, DoubleDouble.TenToMinus100, DoubleDouble.TenToMinus100Error); }
            while (hi > 9.223372036854774784e+28) { exponent += 10; DoubleDouble.Multiply(ref hi, ref lo, DoubleDouble.TenToMinus10, DoubleDouble.TenToMinus10Error); }
            while (hi > 9.223372036854774784e+18) { exponent += 1; DoubleDouble.Multiply(ref hi, ref lo, DoubleDouble.TenToMinus1, DoubleDouble.TenToMinus1Error); }
        }
        else
        {
            while (hi < 9.223372036854774784e-83) { exponent -= 100; DoubleDouble.Multiply(ref hi, ref lo, DoubleDouble.TenTo100, DoubleDouble.TenTo100Error); }
            while (hi < 9.223372036854774784e+07) { exponent -= 10; DoubleDouble.Multiply(ref hi, ref lo, 1.0e+10, 0.0); }
            while (hi < 9.22337203685477478e+17) { exponent -= 1; DoubleDouble.Multiply(ref hi, ref lo, 1.0e+01, 0.0); }
        }
        ulong v = lo < 0.0 ? (ulong)hi - (ulong)(-lo) : (ulong)hi + (ulong)lo;

        Span<byte> buffer = stackalloc byte[32];
        int start = buffer.Length;
        while (v != 0) { buffer[--start] = (byte)('0' + (int)(v % 10)); v /= 10; }
        int count = buffer.Length - start;
        int decimalPoint = count + exponent;

        if (round <= 0)
        {
            round = decimalPoint - round;
            if (round == 0 && buffer[start] >= '5')
            {
                // The first digit rounds up into a new leading digit.
                round = 1;
                buffer[--start] = (byte)'0';
                count++;
                decimalPoint++;
            }
        }
        if (round > 0 && (round < count || count > maxDigits))
        {
            if (round > maxDigits) round = maxDigits;
            count = round;
            if (buffer[start + round] >= '5')
            {
                int j = start + round - 1;
                while (true)
                {
                    buffer[j]++;
                    if (buffer[j] <= '9') break;
                    buffer[j] = (byte)'0';
                    if (j == start)
                    {
                        buffer[--start] = (byte)'1';
                        count++;
                        decimalPoint++;
                        break;
                    }
                    j--;
                }
            }
        }
        while (count > 0 && buffer[start + count - 1] == '0') count--;
        string digits = count == 0 ? "0" : System.Text.Encoding.ASCII.GetString(buffer.Slice(start, count));
        return new DecodedReal(negative, false, digits, decimalPoint);
    }
}
