using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Functions;

/// <summary>
/// The math functions ("Built-In Mathematical SQL Functions"): arguments must be numbers or numeric text
/// (anything else gives NULL), results are REAL except ceil/floor/trunc of an INTEGER; NaN results are NULL.
/// </summary>
internal static partial class BuiltInFunctions
{
    public static void RegisterMath(FunctionRegistry r)
    {
        AddMath1(r, "acos", Math.Acos);
        AddMath1(r, "acosh", Math.Acosh);
        AddMath1(r, "asin", Math.Asin);
        AddMath1(r, "asinh", Math.Asinh);
        AddMath1(r, "atan", Math.Atan);
        AddMath1(r, "atanh", Math.Atanh);
        AddMath1(r, "cos", Math.Cos);
        AddMath1(r, "cosh", Math.Cosh);
        AddMath1(r, "degrees", x => x * (180.0 / Math.PI));
        AddMath1(r, "exp", Math.Exp);
        AddMath1(r, "radians", x => x * (Math.PI / 180.0));
        AddMath1(r, "sin", Math.Sin);
        AddMath1(r, "sinh", Math.Sinh);
        AddMath1(r, "sqrt", Math.Sqrt);
        AddMath1(r, "tan", Math.Tan);
        AddMath1(r, "tanh", Math.Tanh);
        AddMath2(r, "atan2", Math.Atan2);
        AddMath2(r, "pow", Math.Pow);
        AddMath2(r, "power", Math.Pow);
        AddMath2(r, "mod", (x, y) => x % y); // C fmod
        AddRounding(r, "ceil", Math.Ceiling);
        AddRounding(r, "ceiling", Math.Ceiling);
        AddRounding(r, "floor", Math.Floor);
        AddRounding(r, "trunc", Math.Truncate);
        Add(r, "ln", 1, 1, (a, c) => Logarithm(a, Math.Log));
        Add(r, "log", 1, 2, (a, c) => Logarithm(a, Math.Log10));
        Add(r, "log10", 1, 1, (a, c) => Logarithm(a, Math.Log10));
        Add(r, "log2", 1, 1, (a, c) => Logarithm(a, Math.Log2));
        Add(r, "pi", 0, 0, (a, c) => SqlValue.Real(Math.PI));
    }

    /// <summary>The argument as a number (numeric affinity on TEXT), or null when it is not one.</summary>
    private static SqlValue? MathArgument(SqlValue v)
    {
        v = AffinityRules.ApplyNumericForComparison(v);
        return v.Type is StorageClass.Integer or StorageClass.Real ? v : null;
    }

    private static void AddMath1(FunctionRegistry r, string name, Func<double, double> f) =>
        Add(r, name, 1, 1, (a, c) => MathArgument(a[0]) is SqlValue x ? SqlValue.Real(f(SqlConvert.ToReal(x))) : SqlValue.Null);

    private static void AddMath2(FunctionRegistry r, string name, Func<double, double, double> f) =>
        Add(r, name, 2, 2, (a, c) => MathArgument(a[0]) is SqlValue x && MathArgument(a[1]) is SqlValue y
            ? SqlValue.Real(f(SqlConvert.ToReal(x), SqlConvert.ToReal(y)))
            : SqlValue.Null);

    private static void AddRounding(FunctionRegistry r, string name, Func<double, double> f) =>
        Add(r, name, 1, 1, (a, c) => MathArgument(a[0]) switch
        {
            SqlValue { Type: StorageClass.Integer } x => x,
            SqlValue x => SqlValue.Real(f(x.AsReal)),
            null => SqlValue.Null,
        });

    private static SqlValue Logarithm(ReadOnlySpan<SqlValue> a, Func<double, double> log)
    {
        if (MathArgument(a[0]) is not SqlValue first) return SqlValue.Null;
        if (a.Length == 1)
        {
            double x = SqlConvert.ToReal(first);
            return x <= 0.0 ? SqlValue.Null : SqlValue.Real(log(x));
        }
        // log(B, X): only the base must be numeric; X is taken as sqlite3_value_double gives it.
        double b = SqlConvert.ToReal(first), v = SqlConvert.ToReal(a[1]);
        if (b <= 1.0 || v <= 0.0) return SqlValue.Null;
        return SqlValue.Real(Math.Log(v) / Math.Log(b));
    }
}
