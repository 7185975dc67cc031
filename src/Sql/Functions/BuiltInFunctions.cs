using System.Text;
using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Functions;

/// <summary>
/// SQLite's core scalar functions ("Built-In Scalar SQL Functions"), written against <see cref="SqlValue"/>.
/// Arguments are converted the way sqlite3_value_int64/double/text convert them; results have the storage
/// class SQLite gives. Thread-safe (no state).
/// </summary>
internal static partial class BuiltInFunctions
{
    /// <summary>SQLITE_MAX_LENGTH: the largest string or blob a function may produce.</summary>
    internal const long MaxLength = 1_000_000_000;

    /// <summary>SQLITE_MAX_LIKE_PATTERN_LENGTH.</summary>
    private const int MaxLikePatternLength = 50_000;

    public static void RegisterAll(FunctionRegistry r)
    {
        Add(r, "abs", 1, 1, Abs);
        Add(r, "changes", 0, 0, (a, c) => SqlValue.Integer(c.Changes), deterministic: false);
        Add(r, "char", 0, -1, Char);
        Add(r, "coalesce", 2, -1, Coalesce);
        Add(r, "concat", 1, -1, Concat);
        Add(r, "concat_ws", 2, -1, ConcatWs);
        Add(r, "format", 0, -1, (a, c) => SqlPrintf.Format(a));
        Add(r, "printf", 0, -1, (a, c) => SqlPrintf.Format(a));
        Add(r, "glob", 2, 2, Glob);
        Add(r, "hex", 1, 1, Hex);
        Add(r, "ifnull", 2, 2, Coalesce);
        Add(r, "iif", 2, -1, Iif);
        Add(r, "if", 2, -1, Iif);
        Add(r, "instr", 2, 2, Instr);
        Add(r, "last_insert_rowid", 0, 0, (a, c) => SqlValue.Integer(c.LastInsertRowId), deterministic: false);
        Add(r, "length", 1, 1, Length);
        Add(r, "like", 2, 3, Like);
        Add(r, "likelihood", 2, 2, Likelihood);
        Add(r, "likely", 1, 1, (a, c) => a[0]);
        Add(r, "unlikely", 1, 1, (a, c) => a[0]);
        Add(r, "lower", 1, 1, (a, c) => MapCase(a[0], upper: false));
        Add(r, "upper", 1, 1, (a, c) => MapCase(a[0], upper: true));
        Add(r, "ltrim", 1, 2, (a, c) => Trim(a, left: true, right: false));
        Add(r, "rtrim", 1, 2, (a, c) => Trim(a, left: false, right: true));
        Add(r, "trim", 1, 2, (a, c) => Trim(a, left: true, right: true));
        Add(r, "max", 2, -1, (a, c) => MinMax(a, c, max: true));
        Add(r, "min", 2, -1, (a, c) => MinMax(a, c, max: false));
        Add(r, "nullif", 2, 2, (a, c) => SqlComparer.Compare(a[0], a[1], c.Collation) != 0 ? a[0] : SqlValue.Null);
        Add(r, "octet_length", 1, 1, OctetLength);
        Add(r, "quote", 1, 1, (a, c) => Quote(a[0]));
        Add(r, "random", 0, 0, Random, deterministic: false);
        Add(r, "randomblob", 1, 1, RandomBlob, deterministic: false);
        Add(r, "replace", 3, 3, Replace);
        Add(r, "round", 1, 2, Round);
        Add(r, "sign", 1, 1, Sign);
        Add(r, "sqlite_version", 0, 0, (a, c) => SqlValue.Text(FunctionRegistry.SqliteVersion));
        Add(r, "substr", 2, 3, Substr);
        Add(r, "substring", 2, 3, Substr);
        Add(r, "total_changes", 0, 0, (a, c) => SqlValue.Integer(c.TotalChanges), deterministic: false);
        Add(r, "typeof", 1, 1, (a, c) => SqlValue.Text(TypeName(a[0].Type)));
        Add(r, "unhex", 1, 2, Unhex);
        Add(r, "unicode", 1, 1, Unicode);
        Add(r, "zeroblob", 1, 1, ZeroBlob);
    }

    private static void Add(FunctionRegistry r, string name, int min, int max, ScalarFunctionBody body, bool deterministic = true) =>
        r.Register(new ScalarFunction(name, min, max, body, deterministic));

    /// <summary>The name typeof() gives a storage class.</summary>
    public static string TypeName(StorageClass type) => type switch
    {
        StorageClass.Null => "null",
        StorageClass.Integer => "integer",
        StorageClass.Real => "real",
        StorageClass.Text => "text",
        _ => "blob",
    };

    private static void CheckLength(long length)
    {
        if (length > MaxLength) ThrowHelper.Throw(ResultCode.TooBig, "string or blob too big");
    }

    private static SqlValue Abs(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var v = a[0];
        switch (v.Type)
        {
            case StorageClass.Null: return v;
            case StorageClass.Integer:
                long i = v.AsInteger;
                if (i == long.MinValue) ThrowHelper.Throw(ResultCode.Error, "integer overflow");
                return SqlValue.Integer(Math.Abs(i));
            default:
                double r = SqlConvert.ToReal(v);
                return SqlValue.Real(r < 0 ? -r : r);
        }
    }

    private static SqlValue Char(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var output = new List<byte>(a.Length);
        foreach (var v in a)
        {
            long x = SqlConvert.ToInteger(v);
            if (x < 0 || x > 0x10FFFF) x = 0xFFFD;
            Utf8Text.Append(output, (uint)(x & 0x1FFFFF));
        }
        return SqlValue.TextUtf8(output.ToArray());
    }

    private static SqlValue Coalesce(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        foreach (var v in a)
        {
            if (!v.IsNull) return v;
        }
        return SqlValue.Null;
    }

    private static SqlValue Iif(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        int i = 0;
        for (; i + 1 < a.Length; i += 2)
        {
            if (SqlConvert.IsTrue(a[i]) == true) return a[i + 1];
        }
        return i < a.Length ? a[i] : SqlValue.Null;
    }

    private static SqlValue Likelihood(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var p = a[1];
        if (p.Type != StorageClass.Real || p.AsReal < 0.0 || p.AsReal > 1.0)
            ThrowHelper.Throw(ResultCode.Error, "second argument to likelihood() must be a constant between 0.0 and 1.0");
        return a[0];
    }

    private static SqlValue MinMax(ReadOnlySpan<SqlValue> a, IFunctionContext c, bool max)
    {
        int best = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i].IsNull) return SqlValue.Null;
            if (i == 0) continue;
            int cmp = SqlComparer.Compare(a[best], a[i], c.Collation);
            if (max ? cmp < 0 : cmp >= 0) best = i;
        }
        return a[best];
    }

    private static SqlValue Random(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        Span<byte> bytes = stackalloc byte[8];
        c.Randomness(bytes);
        long r = BitConverter.ToInt64(bytes);
        if (r < 0) r = -(r & long.MaxValue);
        return SqlValue.Integer(r);
    }

    private static SqlValue RandomBlob(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        long n = SqlConvert.ToInteger(a[0]);
        if (n < 1) n = 1;
        CheckLength(n);
        var bytes = new byte[n];
        c.Randomness(bytes);
        return SqlValue.Blob(bytes);
    }

    private static SqlValue ZeroBlob(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        long n = SqlConvert.ToInteger(a[0]);
        if (n < 0) n = 0;
        CheckLength(n);
        return SqlValue.Blob(new byte[n]);
    }

    /// <summary>quote(X): an SQL literal for X (REAL with enough digits to round-trip, BLOB as X'..').</summary>
    public static SqlValue Quote(SqlValue v)
    {
        switch (v.Type)
        {
            case StorageClass.Null: return SqlValue.Text("NULL");
            case StorageClass.Integer: return SqlConvert.ToText(v);
            case StorageClass.Real:
            {
                double r = v.AsReal;
                var zeroPad = new PrintfFlags { AlternateForm2 = true, ZeroPad = true };
                string s = RealFormatter.Format(r, 'g', 15, zeroPad, 0);
                NumericText.ParseReal(Encoding.ASCII.GetBytes(s), out double back);
                if (back != r) s = RealFormatter.Format(r, 'e', 20, zeroPad, 0);
                return SqlValue.Text(s);
            }
            case StorageClass.Text:
            {
                var text = Utf8Text.UpToNul(v.Bytes);
                var output = new List<byte>(text.Length + 2) { (byte)'\'' };
                foreach (byte b in text)
                {
                    output.Add(b);
                    if (b == '\'') output.Add(b);
                }
                output.Add((byte)'\'');
                return SqlValue.TextUtf8(output.ToArray());
            }
            default:
                return SqlValue.Text("X'" + Convert.ToHexString(v.Bytes) + "'");
        }
    }

    private static SqlValue Round(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        int digits = 0;
        if (a.Length == 2)
        {
            if (a[1].IsNull) return SqlValue.Null;
            long n = SqlConvert.ToInteger(a[1]);
            digits = n > 30 ? 30 : n < 0 ? 0 : (int)n;
        }
        if (a[0].IsNull) return SqlValue.Null;
        double r = SqlConvert.ToReal(a[0]);
        if (r < -4503599627370496.0 || r > 4503599627370496.0)
        {
            // No fractional part: nothing to round.
        }
        else if (digits == 0)
        {
            r = (long)(r + (r < 0 ? -0.5 : 0.5));
        }
        else
        {
            string s = RealFormatter.Format(r, 'f', digits, new PrintfFlags { AlternateForm2 = true }, 0);
            NumericText.ParseReal(Encoding.ASCII.GetBytes(s), out r);
        }
        return SqlValue.Real(r);
    }

    private static SqlValue Sign(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var v = AffinityRules.ApplyNumericForComparison(a[0]);
        if (v.Type is not (StorageClass.Integer or StorageClass.Real)) return SqlValue.Null;
        double x = SqlConvert.ToReal(v);
        return SqlValue.Integer(x < 0 ? -1 : x > 0 ? 1 : 0);
    }
}
