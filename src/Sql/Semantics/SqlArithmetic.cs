using MiniSql.Engine.Records;

namespace MiniSql.Sql.Semantics;

/// <summary>
/// SQLite's operators on values ("SQL Language Expressions"): + - * / % with INTEGER arithmetic that falls
/// back to REAL on overflow, NULL for division by zero, bitwise operators on 64-bit integers, || concatenation
/// and three-valued NOT/AND/OR. TEXT and BLOB operands are converted by their numeric prefix. Thread-safe.
/// </summary>
public static class SqlArithmetic
{
    private enum Op { Add, Subtract, Multiply, Divide, Remainder }

    /// <summary><paramref name="a"/> + <paramref name="b"/>.</summary>
    public static SqlValue Add(SqlValue a, SqlValue b) => Arithmetic(Op.Add, a, b);

    /// <summary><paramref name="a"/> - <paramref name="b"/>.</summary>
    public static SqlValue Subtract(SqlValue a, SqlValue b) => Arithmetic(Op.Subtract, a, b);

    /// <summary><paramref name="a"/> * <paramref name="b"/>.</summary>
    public static SqlValue Multiply(SqlValue a, SqlValue b) => Arithmetic(Op.Multiply, a, b);

    /// <summary><paramref name="a"/> / <paramref name="b"/> (integer division truncates; division by zero is NULL).</summary>
    public static SqlValue Divide(SqlValue a, SqlValue b) => Arithmetic(Op.Divide, a, b);

    /// <summary><paramref name="a"/> % <paramref name="b"/> (on integers; REAL result if either operand is REAL).</summary>
    public static SqlValue Remainder(SqlValue a, SqlValue b) => Arithmetic(Op.Remainder, a, b);

    /// <summary>Unary minus, evaluated as 0 - x (so -'abc' is 0 and -(-9223372036854775808) is REAL).</summary>
    public static SqlValue Negate(SqlValue a) => Arithmetic(Op.Subtract, SqlValue.Integer(0), a);

    private static SqlValue Arithmetic(Op op, SqlValue left, SqlValue right)
    {
        var a = SqlConvert.ToArithmeticOperand(left);
        var b = SqlConvert.ToArithmeticOperand(right);
        if (a.Type == StorageClass.Integer && b.Type == StorageClass.Integer)
        {
            long x = a.AsInteger, y = b.AsInteger, r;
            switch (op)
            {
                case Op.Add:
                    r = unchecked(x + y);
                    if (((x ^ r) & (y ^ r)) < 0) goto RealMath;
                    return SqlValue.Integer(r);
                case Op.Subtract:
                    r = unchecked(x - y);
                    if (((x ^ y) & (x ^ r)) < 0) goto RealMath;
                    return SqlValue.Integer(r);
                case Op.Multiply:
                    r = unchecked(x * y);
                    if (Math.BigMul(x, y, out long low) != (low < 0 ? -1 : 0)) goto RealMath;
                    return SqlValue.Integer(low);
                case Op.Divide:
                    if (y == 0) return SqlValue.Null;
                    if (y == -1 && x == long.MinValue) goto RealMath;
                    return SqlValue.Integer(x / y);
                default:
                    if (y == 0) return SqlValue.Null;
                    if (y == -1) y = 1;
                    return SqlValue.Integer(x % y);
            }
        }
        if (a.IsNull || b.IsNull) return SqlValue.Null;

    RealMath:
        double ra = SqlConvert.ToReal(left), rb = SqlConvert.ToReal(right), result;
        switch (op)
        {
            case Op.Add: result = ra + rb; break;
            case Op.Subtract: result = ra - rb; break;
            case Op.Multiply: result = ra * rb; break;
            case Op.Divide:
                if (rb == 0.0) return SqlValue.Null;
                result = ra / rb;
                break;
            default:
                long ia = SqlConvert.ToInteger(left), ib = SqlConvert.ToInteger(right);
                if (ib == 0) return SqlValue.Null;
                if (ib == -1) ib = 1;
                result = ia % ib;
                break;
        }
        return double.IsNaN(result) ? SqlValue.Null : SqlValue.Real(result);
    }

    /// <summary><paramref name="a"/> &amp; <paramref name="b"/> on 64-bit integers; NULL if either is NULL.</summary>
    public static SqlValue BitAnd(SqlValue a, SqlValue b) =>
        a.IsNull || b.IsNull ? SqlValue.Null : SqlValue.Integer(SqlConvert.ToInteger(a) & SqlConvert.ToInteger(b));

    /// <summary><paramref name="a"/> | <paramref name="b"/> on 64-bit integers; NULL if either is NULL.</summary>
    public static SqlValue BitOr(SqlValue a, SqlValue b) =>
        a.IsNull || b.IsNull ? SqlValue.Null : SqlValue.Integer(SqlConvert.ToInteger(a) | SqlConvert.ToInteger(b));

    /// <summary>~<paramref name="a"/>; NULL stays NULL.</summary>
    public static SqlValue BitNot(SqlValue a) => a.IsNull ? a : SqlValue.Integer(~SqlConvert.ToInteger(a));

    /// <summary><paramref name="a"/> &lt;&lt; <paramref name="b"/> (negative amounts shift right; 64 or more gives 0 or -1).</summary>
    public static SqlValue ShiftLeft(SqlValue a, SqlValue b) => Shift(a, b, left: true);

    /// <summary><paramref name="a"/> &gt;&gt; <paramref name="b"/> (arithmetic; negative amounts shift left).</summary>
    public static SqlValue ShiftRight(SqlValue a, SqlValue b) => Shift(a, b, left: false);

    private static SqlValue Shift(SqlValue a, SqlValue b, bool left)
    {
        if (a.IsNull || b.IsNull) return SqlValue.Null;
        long x = SqlConvert.ToInteger(a), n = SqlConvert.ToInteger(b);
        if (n == 0) return SqlValue.Integer(x);
        if (n < 0)
        {
            left = !left;
            n = n > -64 ? -n : 64;
        }
        if (n >= 64) return SqlValue.Integer(x >= 0 || left ? 0 : -1);
        return SqlValue.Integer(left ? x << (int)n : x >> (int)n);
    }

    /// <summary><paramref name="a"/> || <paramref name="b"/>: both rendered as text; NULL if either is NULL.</summary>
    public static SqlValue Concat(SqlValue a, SqlValue b)
    {
        if (a.IsNull || b.IsNull) return SqlValue.Null;
        var x = SqlConvert.ToTextBytes(a)!;
        var y = SqlConvert.ToTextBytes(b)!;
        var result = new byte[x.Length + y.Length];
        x.CopyTo(result, 0);
        y.CopyTo(result, x.Length);
        return SqlValue.TextUtf8(result);
    }

    /// <summary>NOT <paramref name="a"/>: NULL stays NULL, otherwise 1 or 0.</summary>
    public static SqlValue Not(SqlValue a)
    {
        bool? t = SqlConvert.IsTrue(a);
        return t is null ? SqlValue.Null : SqlValue.Integer(t.Value ? 0 : 1);
    }

    /// <summary>Three-valued AND: 0 if either is false, NULL if either is NULL, else 1.</summary>
    public static SqlValue And(SqlValue a, SqlValue b)
    {
        bool? x = SqlConvert.IsTrue(a), y = SqlConvert.IsTrue(b);
        if (x == false || y == false) return SqlValue.Integer(0);
        if (x is null || y is null) return SqlValue.Null;
        return SqlValue.Integer(1);
    }

    /// <summary>Three-valued OR: 1 if either is true, NULL if either is NULL, else 0.</summary>
    public static SqlValue Or(SqlValue a, SqlValue b)
    {
        bool? x = SqlConvert.IsTrue(a), y = SqlConvert.IsTrue(b);
        if (x == true || y == true) return SqlValue.Integer(1);
        if (x is null || y is null) return SqlValue.Null;
        return SqlValue.Integer(0);
    }

    /// <summary>A boolean as SQLite's INTEGER 1 or 0.</summary>
    public static SqlValue Boolean(bool value) => SqlValue.Integer(value ? 1 : 0);
}
