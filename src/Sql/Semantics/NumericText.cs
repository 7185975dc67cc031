namespace MiniSql.Sql.Semantics;

/// <summary>
/// Parsing of numbers out of TEXT the way SQLite's sqlite3AtoF and sqlite3Atoi64 do: leading and trailing
/// whitespace allowed, an optional sign, digits with an optional fraction and exponent, and no hexadecimal.
/// A value that is only a numeric prefix ("12abc") still yields that prefix's value.
/// </summary>
internal static class NumericText
{
    /// <summary>How much of a text is a number (the return value of sqlite3AtoF).</summary>
    internal enum RealSyntax
    {
        /// <summary>Not a number: no digits, or an integer followed by other text.</summary>
        None = 0,
        /// <summary>A number with a fraction or exponent followed by other text (a usable prefix).</summary>
        Prefix = -1,
        /// <summary>The whole text is an integer literal.</summary>
        Integer = 1,
        /// <summary>The whole text is a number with a decimal point or an exponent.</summary>
        Fraction = 2,
        /// <summary>The whole text is a number with both a decimal point and an exponent.</summary>
        FractionAndExponent = 3,
    }

    /// <summary>The result of an integer parse (the return value of sqlite3Atoi64).</summary>
    internal enum IntegerSyntax
    {
        /// <summary>No digits at all.</summary>
        NoDigits = -1,
        /// <summary>A well-formed integer that fits in 64 bits.</summary>
        Ok = 0,
        /// <summary>Digits followed by other text (the value is the prefix).</summary>
        TrailingText = 1,
        /// <summary>Too large: the value is clamped.</summary>
        Overflow = 2,
        /// <summary>Exactly 9223372036854775808 without a minus sign (clamped to long.MaxValue).</summary>
        TwoToThe63 = 3,
    }

    /// <summary>The whitespace set of sqlite3Isspace: space, \t, \n, \v, \f, \r.</summary>
    internal static bool IsSpace(byte c) => c == ' ' || (c >= '\t' && c <= '\r');

    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    /// <summary>Parses a REAL from the start of <paramref name="z"/> (sqlite3AtoF).</summary>
    internal static RealSyntax ParseReal(ReadOnlySpan<byte> z, out double result)
    {
        result = 0.0;
        int i = 0, n = z.Length;
        bool negative = false;
        ulong significand = 0;
        int digitShift = 0, exponent = 0, exponentSign = 1, digitCount = 0, kind = 1;
        bool exponentValid = true;
        const ulong Limit = (ulong.MaxValue - 9) / 10;

        while (i < n && IsSpace(z[i])) i++;
        if (i >= n) return RealSyntax.None;
        if (z[i] == '-') { negative = true; i++; }
        else if (z[i] == '+') i++;

        while (i < n && IsDigit(z[i]))
        {
            significand = significand * 10 + (ulong)(z[i] - '0');
            i++;
            digitCount++;
            if (significand >= Limit)
            {
                // Digits beyond the 19th only scale the value.
                while (i < n && IsDigit(z[i])) { i++; digitShift++; }
            }
        }
        if (i < n && z[i] == '.')
        {
            i++;
            kind++;
            while (i < n && IsDigit(z[i]))
            {
                if (significand < Limit)
                {
                    significand = significand * 10 + (ulong)(z[i] - '0');
                    digitShift--;
                    digitCount++;
                }
                i++;
            }
        }
        if (i < n && (z[i] == 'e' || z[i] == 'E'))
        {
            i++;
            exponentValid = false;
            kind++;
            if (i < n)
            {
                if (z[i] == '-') { exponentSign = -1; i++; }
                else if (z[i] == '+') i++;
                while (i < n && IsDigit(z[i]))
                {
                    exponent = exponent < 10000 ? exponent * 10 + (z[i] - '0') : 10000;
                    i++;
                    exponentValid = true;
                }
            }
        }
        while (i < n && IsSpace(z[i])) i++;

        if (significand == 0)
        {
            result = negative ? -0.0 : 0.0;
        }
        else
        {
            result = Scale(significand, exponent * exponentSign + digitShift);
            if (negative) result = -result;
        }

        if (i == n && digitCount > 0 && exponentValid) return (RealSyntax)kind;
        if (kind >= 2 && (kind == 3 || exponentValid) && digitCount > 0) return RealSyntax.Prefix;
        return RealSyntax.None;
    }

    /// <summary>significand * 10^exponent, computed in double-double arithmetic.</summary>
    private static double Scale(ulong significand, int exponent)
    {
        while (exponent > 0 && significand < ulong.MaxValue / 10) { significand *= 10; exponent--; }
        while (exponent < 0 && significand % 10 == 0) { significand /= 10; exponent++; }

        double hi = significand;
        ulong rounded = hi >= 18446744073709551615.0 ? ulong.MaxValue : (ulong)hi;
        double lo = significand >= rounded ? (double)(significand - rounded) : -(double)(rounded - significand);
        if (exponent > 0)
        {
            while (exponent >= 100) { exponent -= 100; DoubleDouble.Multiply(ref hi, ref lo, DoubleDouble.TenTo100, DoubleDouble.TenTo100Error); }
            while (exponent >= 10) { exponent -= 10; DoubleDouble.Multiply(ref hi, ref lo, 1.0e+10, 0.0); }
            while (exponent >= 1) { exponent -= 1; DoubleDouble.Multiply(ref hi, ref lo, 1.0e+01, 0.0); }
        }
        else
        {
            while (exponent <= -100) { exponent += 100; DoubleDouble.Multiply(ref hi, ref lo, DoubleDouble.TenToMinus100, DoubleDouble.TenToMinus100Error); }
            while (exponent <= -10) { exponent += 10; DoubleDouble.Multiply(ref hi, ref lo, DoubleDouble.TenToMinus10, DoubleDouble.TenToMinus10Error); }
            while (exponent <= -1) { exponent += 1; DoubleDouble.Multiply(ref hi, ref lo, DoubleDouble.TenToMinus1, DoubleDouble.TenToMinus1Error); }
        }
        double r = hi + lo;
        return double.IsNaN(r) ? double.PositiveInfinity : r;
    }

    /// <summary>Parses a 64-bit integer from the start of <paramref name="z"/>, clamping on overflow (sqlite3Atoi64).</summary>
    internal static IntegerSyntax ParseInteger(ReadOnlySpan<byte> z, out long value)
    {
        int i = 0, n = z.Length;
        bool negative = false;
        while (i < n && IsSpace(z[i])) i++;
        if (i < n)
        {
            if (z[i] == '-') { negative = true; i++; }
            else if (z[i] == '+') i++;
        }
        int signEnd = i;
        while (i < n && z[i] == '0') i++;
        int start = i;
        ulong u = 0;
        while (i < n && IsDigit(z[i])) { u = unchecked(u * 10 + (ulong)(z[i] - '0')); i++; }
        int digits = i - start;

        if (u > long.MaxValue) value = negative ? long.MinValue : long.MaxValue;
        else value = negative ? -(long)u : (long)u;

        IntegerSyntax rc = IntegerSyntax.Ok;
        if (digits == 0 && start == signEnd) rc = IntegerSyntax.NoDigits;
        else
        {
            for (int j = i; j < n; j++)
            {
                if (!IsSpace(z[j])) { rc = IntegerSyntax.TrailingText; break; }
            }
        }
        if (digits < 19) return rc;
        int c = digits > 19 ? 1 : CompareToTwoToThe63(z.Slice(start, 19));
        if (c < 0) return rc;
        value = negative ? long.MinValue : long.MaxValue;
        if (c > 0) return IntegerSyntax.Overflow;
        return negative ? rc : IntegerSyntax.TwoToThe63;
    }

    private static int CompareToTwoToThe63(ReadOnlySpan<byte> nineteenDigits)
    {
        ReadOnlySpan<byte> pow63 = "9223372036854775808"u8;
        for (int i = 0; i < 19; i++)
        {
            int d = nineteenDigits[i] - pow63[i];
            if (d != 0) return d;
        }
        return 0;
    }
}
