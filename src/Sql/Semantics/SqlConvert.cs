using System.Globalization;
using System.Text;
using MiniSql.Engine.Records;

namespace MiniSql.Sql.Semantics;

/// <summary>
/// Conversions between storage classes as SQLite performs them ("Datatypes In SQLite", "CAST expressions"):
/// the text rendering of numbers, numeric prefixes of text, and the CAST rules for each target affinity.
/// Pure functions; thread-safe.
/// </summary>
public static class SqlConvert
{
    /// <summary>Renders an INTEGER as decimal text.</summary>
    public static string IntegerToString(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Renders a REAL as SQLite does ("%!.15g": 1.0 -> "1.0", 1e20 -> "1.0e+20", infinity -> "Inf").</summary>
    public static string RealToString(double value) => RealFormatter.ToText(value);

    /// <summary>
    /// The UTF-8 text of a value as sqlite3_value_text gives it: numbers rendered, BLOB bytes reinterpreted,
    /// NULL as null.
    /// </summary>
    public static byte[]? ToTextBytes(SqlValue value) => value.Type switch
    {
        StorageClass.Null => null,
        StorageClass.Integer => Encoding.ASCII.GetBytes(IntegerToString(value.AsInteger)),
        StorageClass.Real => Encoding.ASCII.GetBytes(RealToString(value.AsReal)),
        _ => value.BytesArray ?? [],
    };

    /// <summary>The value as TEXT (NULL stays NULL); CAST(x AS TEXT).</summary>
    public static SqlValue ToText(SqlValue value) => value.Type switch
    {
        StorageClass.Null => value,
        StorageClass.Text => value,
        _ => SqlValue.TextUtf8(ToTextBytes(value)!),
    };

    /// <summary>The value as BLOB (NULL stays NULL); CAST(x AS BLOB).</summary>
    public static SqlValue ToBlob(SqlValue value) => value.Type switch
    {
        StorageClass.Null => value,
        StorageClass.Blob => value,
        _ => SqlValue.Blob(ToTextBytes(value)!),
    };

    /// <summary>
    /// The value as a 64-bit integer (sqlite3_value_int64): NULL -> 0, REAL truncated and clamped,
    /// TEXT/BLOB by their leading integer digits ("1e3" -> 1, "12abc" -> 12), clamped.
    /// </summary>
    public static long ToInteger(SqlValue value)
    {
        switch (value.Type)
        {
            case StorageClass.Integer: return value.AsInteger;
            case StorageClass.Real: return RealToInteger(value.AsReal);
            case StorageClass.Text:
            case StorageClass.Blob:
                NumericText.ParseInteger(value.Bytes, out long v);
                return v;
            default: return 0;
        }
    }

    /// <summary>The value as a double (sqlite3_value_double): NULL -> 0.0, TEXT/BLOB by their numeric prefix.</summary>
    public static double ToReal(SqlValue value)
    {
        switch (value.Type)
        {
            case StorageClass.Integer: return value.AsInteger;
            case StorageClass.Real: return value.AsReal;
            case StorageClass.Text:
            case StorageClass.Blob:
                NumericText.ParseReal(value.Bytes, out double r);
                return r;
            default: return 0.0;
        }
    }

    /// <summary>Truncates a double toward zero, clamping to the 64-bit range (NaN -> 0).</summary>
    public static long RealToInteger(double r)
    {
        if (double.IsNaN(r)) return 0;
        if (r <= long.MinValue) return long.MinValue;
        if (r >= long.MaxValue) return long.MaxValue;
        return (long)r;
    }

    /// <summary>
    /// The operand of an arithmetic operator: INTEGER and REAL as they are, NULL as NULL, TEXT/BLOB as
    /// INTEGER when their numeric prefix is an integer that fits, otherwise as REAL ("12abc" -> 12, "1.0" -> 1.0,
    /// "abc" -> 0).
    /// </summary>
    public static SqlValue ToArithmeticOperand(SqlValue value)
    {
        if (value.Type is not (StorageClass.Text or StorageClass.Blob)) return value;
        var bytes = value.Bytes;
        var syntax = NumericText.ParseReal(bytes, out double r);
        if (syntax <= 0)
        {
            if (syntax == NumericText.RealSyntax.None && NumericText.ParseInteger(bytes, out long i) <= NumericText.IntegerSyntax.TrailingText)
                return SqlValue.Integer(i);
            return SqlValue.Real(r);
        }
        if (syntax == NumericText.RealSyntax.Integer && NumericText.ParseInteger(bytes, out long j) == NumericText.IntegerSyntax.Ok)
            return SqlValue.Integer(j);
        return SqlValue.Real(r);
    }

    /// <summary>
    /// CAST(x AS NUMERIC): TEXT/BLOB become INTEGER when the numeric prefix is an integer or a REAL that is an
    /// exact small integer, otherwise REAL; INTEGER and REAL are unchanged; NULL stays NULL.
    /// </summary>
    public static SqlValue ToNumeric(SqlValue value)
    {
        if (value.Type is not (StorageClass.Text or StorageClass.Blob)) return value;
        var bytes = value.Bytes;
        var syntax = NumericText.ParseReal(bytes, out double r);
        if (syntax is NumericText.RealSyntax.None or NumericText.RealSyntax.Integer
            && NumericText.ParseInteger(bytes, out long i) <= NumericText.IntegerSyntax.TrailingText)
        {
            return SqlValue.Integer(i);
        }
        long asInteger = RealToInteger(r);
        if (RealSameAsInteger(r, asInteger)) return SqlValue.Integer(asInteger);
        return SqlValue.Real(r);
    }

    /// <summary>True when <paramref name="r"/> is exactly the integer <paramref name="i"/> and |i| &lt; 2^51 (or r is zero).</summary>
    internal static bool RealSameAsInteger(double r, long i) =>
        r == 0.0 || (BitConverter.DoubleToInt64Bits(r) == BitConverter.DoubleToInt64Bits(i)
                     && i >= -2251799813685248L && i < 2251799813685248L);

    /// <summary>
    /// REAL to INTEGER when the conversion is lossless and the integer is neither long.MinValue nor
    /// long.MaxValue (sqlite3VdbeIntegerAffinity); otherwise the REAL unchanged.
    /// </summary>
    internal static SqlValue IntegerIfExact(double r)
    {
        long i = RealToInteger(r);
        if (r == i && i > long.MinValue && i < long.MaxValue) return SqlValue.Integer(i);
        return SqlValue.Real(r);
    }

    /// <summary>CAST(<paramref name="value"/> AS a type with <paramref name="affinity"/>). NULL stays NULL.</summary>
    public static SqlValue Cast(SqlValue value, Affinity affinity)
    {
        if (value.IsNull) return value;
        return affinity switch
        {
            Affinity.Text => ToText(value),
            Affinity.Integer => SqlValue.Integer(ToInteger(value)),
            Affinity.Real => SqlValue.Real(ToReal(value)),
            Affinity.Numeric => ToNumeric(value),
            _ => ToBlob(value),
        };
    }

    /// <summary>
    /// The truth value of a value in a boolean context (WHERE, CASE, AND/OR/NOT): NULL -> null, numbers
    /// compared with zero, TEXT/BLOB by their numeric prefix ("0.5x" is true, "abc" is false).
    /// </summary>
    public static bool? IsTrue(SqlValue value) => value.Type switch
    {
        StorageClass.Null => null,
        StorageClass.Integer => value.AsInteger != 0,
        _ => ToReal(value) != 0.0,
    };
}
