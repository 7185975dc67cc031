using MiniSql.Engine.Records;
using MiniSql.Sql.Functions;

namespace MiniSql.OracleTests.Functions;

/// <summary>
/// Differential tests of the built-in scalar functions: each function is called with every combination of
/// edge inputs in MiniSql and in real SQLite; results (storage class and value) and error messages must match.
/// </summary>
public sealed class FunctionOracleTests : IDisposable
{
    private static readonly SqlValue[] Small = OracleInputs.Values.Where((v, i) => i % 3 == 0 || v.Type == StorageClass.Null).ToArray();
    private static readonly SqlValue[] Tiny = OracleInputs.Values.Where((v, i) => i % 9 == 4 || v.Type == StorageClass.Null).ToArray();

    private readonly SqliteOracle _oracle = new();
    private readonly FunctionContext _context = new(seed: 1);

    public void Dispose() => _oracle.Dispose();

    internal static string? SqliteMessage(string? error)
    {
        if (error is null) return null;
        int first = error.IndexOf('\''), last = error.LastIndexOf('\'');
        return first >= 0 && last > first ? error[(first + 1)..last] : error;
    }

    private int Check(string name, SqlValue[][] argumentLists, bool literals = false)
    {
        var failures = new List<string>();
        foreach (var args in argumentLists)
        {
            string sql = "SELECT " + name + "(" + string.Join(", ", Enumerable.Range(1, args.Length).Select(i => literals ? BareLiteral(args[i - 1]) : "?" + i)) + ")";
            var expected = _oracle.Evaluate(sql, literals ? [] : args, out var error);
            string? expectedError = SqliteMessage(error);
            SqlValue actual = SqlValue.Null;
            string? actualError = null;
            try
            {
                actual = FunctionRegistry.BuiltIn.Call(name, args, _context);
            }
            catch (MiniSqlException e)
            {
                actualError = e.Message;
            }
            if (expectedError != actualError || (expectedError is null && !SqliteOracle.Same(expected, actual)))
            {
                string input = string.Join(", ", args.Select(SqliteOracle.Describe));
                failures.Add($"{name}({input}): SQLite {(expectedError ?? SqliteOracle.Describe(expected))}, MiniSql {(actualError ?? SqliteOracle.Describe(actual))}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)) + $"\n({failures.Count} failures of {argumentLists.Length})");
        return argumentLists.Length;
    }

    private static string BareLiteral(SqlValue v) =>
        v.Type == StorageClass.Real && v.AsReal >= 0 ? SqliteOracle.Literal(v).Trim('(', ')') : SqliteOracle.Literal(v);

    private static SqlValue[][] Combine(int arity, SqlValue[] values)
    {
        IEnumerable<SqlValue[]> lists = [[]];
        for (int i = 0; i < arity; i++) lists = lists.SelectMany(l => values.Select(v => l.Append(v).ToArray()));
        return lists.ToArray();
    }

    [Theory]
    [InlineData("abs")]
    [InlineData("char")]
    [InlineData("hex")]
    [InlineData("length")]
    [InlineData("octet_length")]
    [InlineData("lower")]
    [InlineData("upper")]
    [InlineData("ltrim")]
    [InlineData("rtrim")]
    [InlineData("trim")]
    [InlineData("quote")]
    [InlineData("round")]
    [InlineData("sign")]
    [InlineData("typeof")]
    [InlineData("unhex")]
    [InlineData("unicode")]
    [InlineData("likely")]
    [InlineData("unlikely")]
    [InlineData("concat")]
    [InlineData("printf")]
    [InlineData("format")]
    [InlineData("acos")]
    [InlineData("acosh")]
    [InlineData("asin")]
    [InlineData("asinh")]
    [InlineData("atan")]
    [InlineData("atanh")]
    [InlineData("cos")]
    [InlineData("cosh")]
    [InlineData("degrees")]
    [InlineData("exp")]
    [InlineData("radians")]
    [InlineData("sin")]
    [InlineData("sinh")]
    [InlineData("sqrt")]
    [InlineData("tan")]
    [InlineData("tanh")]
    [InlineData("ceil")]
    [InlineData("ceiling")]
    [InlineData("floor")]
    [InlineData("trunc")]
    [InlineData("ln")]
    [InlineData("log")]
    [InlineData("log10")]
    [InlineData("log2")]
    public void Unary(string name) => Check(name, Combine(1, OracleInputs.Values));

    [Fact]
    public void ZeroBlob() =>
        Check("zeroblob", Combine(1, OracleInputs.Values.Where(v => Math.Abs(Sql.Semantics.SqlConvert.ToReal(v)) < 1e6 || Math.Abs(Sql.Semantics.SqlConvert.ToReal(v)) > 1e9).ToArray()));

    [Theory]
    [InlineData("coalesce")]
    [InlineData("ifnull")]
    [InlineData("nullif")]
    [InlineData("instr")]
    [InlineData("like")]
    [InlineData("glob")]
    [InlineData("ltrim")]
    [InlineData("rtrim")]
    [InlineData("trim")]
    [InlineData("round")]
    [InlineData("substr")]
    [InlineData("substring")]
    [InlineData("unhex")]
    [InlineData("concat")]
    [InlineData("concat_ws")]
    [InlineData("max")]
    [InlineData("min")]
    [InlineData("iif")]
    [InlineData("char")]
    [InlineData("atan2")]
    [InlineData("pow")]
    [InlineData("power")]
    [InlineData("mod")]
    [InlineData("log")]
    public void Binary(string name) => Assert.True(Check(name, Combine(2, Small)) > 1000);

    [Theory]
    [InlineData("replace")]
    [InlineData("substr")]
    [InlineData("like")]
    [InlineData("iif")]
    [InlineData("max")]
    [InlineData("min")]
    [InlineData("concat_ws")]
    [InlineData("coalesce")]
    public void Ternary(string name) => Assert.True(Check(name, Combine(3, Tiny)) > 1000);

    [Fact]
    public void SubstrWithSmallIndexes()
    {
        var texts = new[] { SqlValue.Text("hello"), SqlValue.Text("héllo wörld"), SqlValue.Blob([1, 2, 3, 4, 5]), SqlValue.Integer(123456), SqlValue.Text(""), SqlValue.Text("a\0b") };
        var indexes = Enumerable.Range(-8, 17).Select(i => SqlValue.Integer(i)).Append(SqlValue.Real(1.9)).Append(SqlValue.Text("2")).ToArray();
        var lists = (from t in texts from a in indexes from b in indexes select new[] { t, a, b }).ToList();
        lists.AddRange(from t in texts from a in indexes select new[] { t, a });
        Check("substr", lists.ToArray());
    }

    [Fact]
    public void LikeAndGlobPatterns()
    {
        string[] patterns = ["%", "_", "a%", "%a", "%b%", "a_c", "A%C", "%%", "%_%", "a\\%", "[abc]*", "*[!]*", "[^a]*", "[a-c]?", "[]]*", "*[-]*",
            "h*o", "h?llo", "H%O", "%é%", "_llo", "é", "É", "[é-ê]*", "*", "?", "", "\\", "a*b*c", "%a%b%c%", "[z-a]*", "*[", "[^]]*", "a[", "[*]*"];
        string[] texts = ["", "a", "abc", "ABC", "a%", "a_c", "aXc", "hello", "HELLO", "héllo", "É", "é", "]", "-", "abcabc", "a\\%", "ab\\c", "[x", "*"];
        var lists = new List<SqlValue[]>();
        foreach (var p in patterns)
        foreach (var t in texts)
        {
            lists.Add([SqlValue.Text(p), SqlValue.Text(t)]);
        }
        Check("like", lists.ToArray());
        Check("glob", lists.ToArray());
        Check("like", lists.Select(l => new[] { l[0], l[1], SqlValue.Text("\\") }).ToArray());
        Check("like", lists.Select(l => new[] { l[0], l[1], SqlValue.Text("%") }).ToArray());
        Check("like", lists.Select(l => new[] { l[0], l[1], SqlValue.Text("a") }).ToArray());
    }

    [Fact]
    public void RoundAtManyPrecisions()
    {
        var rng = new Random(42);
        var lists = new List<SqlValue[]>();
        for (int i = 0; i < 3000; i++)
        {
            double d = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-5, 18));
            if (i % 3 == 0) d = Math.Round(d, rng.Next(0, 4)) + 0.005 * rng.Next(-3, 4);
            lists.Add([SqlValue.Real(d), SqlValue.Integer(rng.Next(-2, 20))]);
        }
        Check("round", lists.ToArray());
    }

    [Fact]
    public void LikelihoodNeedsAConstantProbability()
    {
        var probabilities = new[] { SqlValue.Real(0.0), SqlValue.Real(0.5), SqlValue.Real(1.0), SqlValue.Real(1.5), SqlValue.Integer(1), SqlValue.Text("0.5"), SqlValue.Real(0.0625) };
        Check("likelihood", (from v in Small from p in probabilities select new[] { v, p }).ToArray(), literals: true);
    }

    [Fact]
    public void ZeroArgumentFunctions()
    {
        Check("sqlite_version", [[]]);
        Check("printf", [[]]);
        Check("char", [[]]);
        Check("pi", [[]]);
    }

    [Theory]
    [InlineData("abs", 2)]
    [InlineData("coalesce", 1)]
    [InlineData("concat", 0)]
    [InlineData("substr", 1)]
    [InlineData("nosuchfunction", 1)]
    [InlineData("max", 0)]
    [InlineData("sum", 2)]
    [InlineData("count", 2)]
    [InlineData("group_concat", 0)]
    [InlineData("string_agg", 1)]
    [InlineData("like", 4)]
    public void ArityErrors(string name, int arity) => Check(name, [Enumerable.Repeat(SqlValue.Integer(1), arity).ToArray()]);
}
