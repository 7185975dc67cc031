using MiniSql.Engine.Records;

namespace MiniSql.Sql.Semantics;

/// <summary>
/// Column affinity ("Datatypes In SQLite" section 3): which affinity a declared type name gives, and how
/// a value is converted when it is stored in (or compared as) a column of that affinity.
/// </summary>
public static class AffinityRules
{
    /// <summary>
    /// The affinity of a declared column type (section 3.1, rules applied in order): contains "INT" -> INTEGER;
    /// "CHAR", "CLOB" or "TEXT" -> TEXT; "BLOB" or no type -> BLOB; "REAL", "FLOA" or "DOUB" -> REAL; else NUMERIC.
    /// </summary>
    public static Affinity FromTypeName(string? typeName)
    {
        if (string.IsNullOrEmpty(typeName)) return Affinity.Blob;
        if (typeName.Contains("INT", StringComparison.OrdinalIgnoreCase)) return Affinity.Integer;
        if (typeName.Contains("CHAR", StringComparison.OrdinalIgnoreCase)
            || typeName.Contains("CLOB", StringComparison.OrdinalIgnoreCase)
            || typeName.Contains("TEXT", StringComparison.OrdinalIgnoreCase)) return Affinity.Text;
        if (typeName.Contains("BLOB", StringComparison.OrdinalIgnoreCase)) return Affinity.Blob;
        if (typeName.Contains("REAL", StringComparison.OrdinalIgnoreCase)
            || typeName.Contains("FLOA", StringComparison.OrdinalIgnoreCase)
            || typeName.Contains("DOUB", StringComparison.OrdinalIgnoreCase)) return Affinity.Real;
        return Affinity.Numeric;
    }

    /// <summary>
    /// Applies column affinity to a value being stored (sqlite3 applyAffinity):
    /// TEXT affinity renders numbers as text; NUMERIC and INTEGER convert TEXT that is a well-formed number
    /// (surrounding whitespace allowed, no hex) to INTEGER or REAL and a REAL holding an exact integer to
    /// INTEGER; REAL converts numbers and numeric text to REAL; BLOB and None change nothing.
    /// </summary>
    public static SqlValue Apply(SqlValue value, Affinity affinity)
    {
        switch (affinity)
        {
            case Affinity.Text:
                return value.Type is StorageClass.Integer or StorageClass.Real ? SqlConvert.ToText(value) : value;
            case Affinity.Numeric:
            case Affinity.Integer:
                if (value.Type == StorageClass.Real) return SqlConvert.IntegerIfExact(value.AsReal);
                if (value.Type == StorageClass.Text) return ApplyNumericToText(value);
                return value;
            case Affinity.Real:
                if (value.Type == StorageClass.Integer) return SqlValue.Real(value.AsInteger);
                if (value.Type == StorageClass.Text)
                {
                    var v = ApplyNumericToText(value);
                    return v.Type == StorageClass.Integer ? SqlValue.Real(v.AsInteger) : v;
                }
                // An integral REAL is stored as an integer and read back as REAL (sqlite3VdbeIntegerAffinity),
                // which turns -0.0 into 0.0.
                if (value.Type == StorageClass.Real && value.AsReal == 0) return SqlValue.Real(0.0);
                return value;
            default:
                return value;
        }
    }

    /// <summary>
    /// Numeric affinity as comparisons and sqlite3_value_numeric_type apply it: TEXT that is entirely a number
    /// becomes INTEGER when written as an integer that fits, else REAL (so '3.0' stays REAL); other values unchanged.
    /// </summary>
    internal static SqlValue ApplyNumericForComparison(SqlValue value) =>
        value.Type == StorageClass.Text ? ApplyNumericToText(value, tryForInteger: false) : value;

    /// <summary>TEXT that is entirely a number becomes INTEGER (when exact) or REAL; other text is unchanged.</summary>
    private static SqlValue ApplyNumericToText(SqlValue value, bool tryForInteger = true)
    {
        var bytes = value.Bytes;
        var syntax = NumericText.ParseReal(bytes, out double r);
        if (syntax <= 0) return value;
        if (syntax == NumericText.RealSyntax.Integer)
        {
            long i = SqlConvert.RealToInteger(r);
            if (SqlConvert.RealSameAsInteger(r, i)) return SqlValue.Integer(i);
            if (NumericText.ParseInteger(bytes, out long j) == NumericText.IntegerSyntax.Ok) return SqlValue.Integer(j);
        }
        return tryForInteger ? SqlConvert.IntegerIfExact(r) : SqlValue.Real(r);
    }
}
