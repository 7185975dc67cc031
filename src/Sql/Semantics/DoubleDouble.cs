namespace MiniSql.Sql.Semantics;

/// <summary>
/// Double-double ("Dekker") arithmetic used when converting between text and REAL, so that scaling by
/// powers of ten keeps about 106 bits of precision and the digits match the ones SQLite produces.
/// </summary>
internal static class DoubleDouble
{
    // 10^k split into the nearest double plus the (exact) error term 10^k - double(10^k).
    internal const double TenTo100 = 1.0e+100, TenTo100Error = -1.5902891109759918046e+83;
    internal const double TenToMinus100 = 1.0e-100, TenToMinus100Error = -1.99918998026028836196e-117;
    internal const double TenToMinus10 = 1.0e-10, TenToMinus10Error = -3.6432197315497741579e-27;
    internal const double TenToMinus1 = 1.0e-01, TenToMinus1Error = -5.5511151231257827021e-18;

    private const long SplitMask = unchecked((long)0xfffffffffc000000UL);

    /// <summary>
    /// Multiplies the double-double <paramref name="hi"/>+<paramref name="lo"/> by <paramref name="y"/>+<paramref name="yError"/>
    /// in place. Each factor is split into a 26-bit head and a tail so that partial products are exact.
    /// </summary>
    internal static void Multiply(ref double hi, ref double lo, double y, double yError)
    {
        double headX = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(hi) & SplitMask);
        double tailX = hi - headX;
        double headY = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(y) & SplitMask);
        double tailY = y - headY;
        double product = headX * headY;
        double cross = headX * tailY + tailX * headY;
        double sum = product + cross;
        double error = product - sum + cross + tailX * tailY;
        error = hi * yError + lo * y + error;
        double newHi = sum + error;
        double newLo = sum - newHi;
        newLo += error;
        hi = newHi;
        lo = newLo;
    }
}
