using MiniSql.Engine.Records;

namespace MiniSql.Sql.Semantics;

/// <summary>
/// SQLite's value ordering ("Datatypes In SQLite" section 4.1): NULL &lt; INTEGER/REAL (compared numerically,
/// exactly even beyond 2^53) &lt; TEXT (by collation) &lt; BLOB (memcmp), and the comparison-affinity rules
/// of section 4.2 that the executor applies to the operands of =, &lt;, IN, etc. before comparing.
/// </summary>
public static class SqlComparer
{
    /// <summary>
    /// Compares two values in SQLite's sort order. TEXT is compared with <paramref name="collation"/>
    /// (BINARY when null). NULLs compare equal to each other here; SQL's three-valued logic is the caller's.
    /// </summary>
    public static int Compare(SqlValue a, SqlValue b, CollatingSequence? collation = null)
    {
        var ta = a.Type;
        var tb = b.Type;
        if (ta == StorageClass.Null || tb == StorageClass.Null) return ta == tb ? 0 : (ta == StorageClass.Null ? -1 : 1);
        bool numA = ta is StorageClass.Integer or StorageClass.Real;
        bool numB = tb is StorageClass.Integer or StorageClass.Real;
        if (numA && numB)
        {
            if (ta == StorageClass.Integer && tb == StorageClass.Integer) return a.AsInteger.CompareTo(b.AsInteger);
            if (ta == StorageClass.Real && tb == StorageClass.Real) return CompareReal(a.AsReal, b.AsReal);
            if (ta == StorageClass.Integer) return CompareIntegerReal(a.AsInteger, b.AsReal);
            return -CompareIntegerReal(b.AsInteger, a.AsReal);
        }
        if (numA) return -1;
        if (numB) return 1;
        if (ta != tb) return ta == StorageClass.Text ? -1 : 1;
        if (ta == StorageClass.Text) return (collation ?? CollatingSequence.Binary).Compare(a.Bytes, b.Bytes);
        return CollatingSequence.Binary.Compare(a.Bytes, b.Bytes);
    }

    private static int CompareReal(double x, double y) => x < y ? -1 : x > y ? 1 : 0;

    /// <summary>Compares an integer with a double exactly (no rounding of the integer to double).</summary>
    public static int CompareIntegerReal(long i, double r)
    {
        if (double.IsNaN(r)) return 1;
        if (r < -9223372036854775808.0) return 1;
        if (r >= 9223372036854775808.0) return -1;
        long y = (long)r;
        if (i < y) return -1;
        if (i > y) return 1;
        double s = i;
        return s < r ? -1 : s > r ? 1 : 0;
    }

    /// <summary>
    /// The affinity applied to both operands of a comparison (section 4.2): NUMERIC when either side has
    /// INTEGER, REAL or NUMERIC affinity and both have some affinity or the other has none; TEXT when one side
    /// has TEXT affinity and the other has none; otherwise <see cref="Affinity.None"/> (no conversion).
    /// </summary>
    public static Affinity ComparisonAffinity(Affinity left, Affinity right)
    {
        if (left != Affinity.None && right != Affinity.None)
        {
            return IsNumeric(left) || IsNumeric(right) ? Affinity.Numeric : Affinity.None;
        }
        var a = left == Affinity.None ? right : left;
        return a == Affinity.Blob ? Affinity.None : a is Affinity.Integer or Affinity.Real ? Affinity.Numeric : a;
    }

    private static bool IsNumeric(Affinity a) => a >= Affinity.Numeric;

    /// <summary>
    /// Converts the operands of a comparison with the affinity chosen by <see cref="ComparisonAffinity"/>:
    /// NUMERIC turns numeric-looking TEXT into numbers; TEXT renders numbers as text.
    /// </summary>
    public static void ApplyComparisonAffinity(Affinity affinity, ref SqlValue left, ref SqlValue right)
    {
        if (affinity >= Affinity.Numeric)
        {
            left = AffinityRules.ApplyNumericForComparison(left);
            right = AffinityRules.ApplyNumericForComparison(right);
        }
        else if (affinity == Affinity.Text)
        {
            if (left.Type is StorageClass.Integer or StorageClass.Real) left = SqlConvert.ToText(left);
            if (right.Type is StorageClass.Integer or StorageClass.Real) right = SqlConvert.ToText(right);
        }
    }

    /// <summary>
    /// Evaluates a comparison operator the way SQLite does: applies <paramref name="affinity"/> to both operands,
    /// returns null when either is NULL, else the sign of the comparison under <paramref name="collation"/>.
    /// </summary>
    public static int? CompareForOperator(SqlValue left, SqlValue right, Affinity affinity, CollatingSequence? collation)
    {
        ApplyComparisonAffinity(affinity, ref left, ref right);
        if (left.IsNull || right.IsNull) return null;
        return Compare(left, right, collation);
    }
}
