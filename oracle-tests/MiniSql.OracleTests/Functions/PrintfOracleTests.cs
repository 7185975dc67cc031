using MiniSql.Engine.Records;
using MiniSql.Sql.Functions;

namespace MiniSql.OracleTests.Functions;

/// <summary>
/// Differential tests of printf()/format(): hand-picked and generated format strings applied to edge values
/// in MiniSql and real SQLite must produce identical text (or both NULL).
/// </summary>
public sealed class PrintfOracleTests : IDisposable
{
    private readonly SqliteOracle _oracle = new();

    public void Dispose() => _oracle.Dispose();

    private int Check(IEnumerable<SqlValue[]> argumentLists)
    {
        var failures = new List<string>();
        int n = 0;
        foreach (var args in argumentLists)
        {
            n++;
            string sql = "SELECT printf(" + string.Join(", ", Enumerable.Range(1, args.Length).Select(i => "?" + i)) + ")";
            var expected = _oracle.Evaluate(sql, args, out var error);
            Assert.Null(error);
            var actual = SqlPrintf.Format(args);
            if (!SqliteOracle.Same(expected, actual))
                failures.Add($"printf({string.Join(", ", args.Select(SqliteOracle.Describe))}): SQLite {SqliteOracle.Describe(expected)}, MiniSql {SqliteOracle.Describe(actual)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)) + $"\n({failures.Count} failures of {n})");
        return n;
    }

    private static readonly string[] Formats =
    [
        "%d", "%i", "%u", "%x", "%X", "%o", "%p", "%c", "%s", "%z", "%q", "%Q", "%w", "%f", "%e", "%E", "%g", "%G", "%%", "%n", "%y", "%", "",
        "%5d|", "%-5d|", "%05d", "%+d", "% d", "%+ d", "% +d", "%,d", "%+,d", "%'d", "%.3d", "%8.3d", "%-8.3d|", "%#x", "%#X", "%#o", "%#5x",
        "%08x", "%,x", "%lld", "%ld", "%l", "%ll", "%lx", "%.0d", "%10s|", "%-10s|", "%.2s", "%!.2s", "%10.2s|", "%!10s|", "%!-10s|",
        "%.0f", "%.1f", "%.2f", "%.10f", "%.20f", "%.30f", "%!.20f", "%10.3f|", "%-10.3f|", "%010.3f", "%+.3f", "% .3f", "%#.0f", "%,f", "%,.2f",
        "%.0e", "%.3e", "%.20e", "%!.20e", "%#.0e", "%12.4E|", "%010.2e", "%.0g", "%.1g", "%.3g", "%.10g", "%.15g", "%.16g", "%.17g", "%.20g",
        "%!.15g", "%!.17g", "%!.20g", "%!g", "%#g", "%#.3g", "%!#g", "%10g|", "%-10g|", "%010g", "%+g", "%,g", "%,.0f", "%5c|", "%-5c|", "%.3c", "%!5c|",
        "%.3q", "%!.3q", "%10q|", "%.3Q", "%!10Q|", "%.2w", "%5%|", "%-5%|", "a%sb%dc", "%s %s %s", "%d%%", "%5.3", "%-", "%.", "%.*d", "%*d|",
        "%-*d|", "%.*f", "%*.*f|", "abc", "%*s|", "%!.3c", "%!.0c", "%.0c",
    ];

    [Fact]
    public void FormatsOverEdgeValues()
    {
        var values = OracleInputs.Values.Where(v => v.Type != StorageClass.Real || Math.Abs(v.AsReal) < 1e100 || double.IsInfinity(v.AsReal)).ToArray();
        // A '*' takes its size from the value: keep those small so that no result is hundreds of megabytes.
        var lists = from f in Formats
                    from v in values
                    where !f.Contains('*') || Math.Abs(Sql.Semantics.SqlConvert.ToReal(v)) < 1000
                    select new[] { SqlValue.Text(f), v };
        Assert.True(Check(lists) > 10000);
    }

    [Fact]
    public void OversizedResultsAreNull()
    {
        Check([
            [SqlValue.Text("%.*d"), SqlValue.Integer(int.MaxValue), SqlValue.Integer(1)],
            [SqlValue.Text("%*d"), SqlValue.Integer(int.MaxValue), SqlValue.Integer(1)],
            [SqlValue.Text("%.*s"), SqlValue.Integer(int.MaxValue), SqlValue.Text("ab")],
            [SqlValue.Text("%.*d"), SqlValue.Integer(4294967297), SqlValue.Integer(1)],
            [SqlValue.Text("%.*c|"), SqlValue.Integer(5000), SqlValue.Text("é")],
        ]);
    }

    [Fact]
    public void RepeatedCharacterBeyondTheLengthLimitIsNull() =>
        Assert.True(SqlPrintf.Format([SqlValue.Text("%.*c"), SqlValue.Integer(int.MaxValue), SqlValue.Text("ab")]).IsNull);

    [Fact]
    public void StarArguments()
    {
        var sizes = new long[] { -12, -3, -1, 0, 1, 2, 5, 17 };
        var values = new[] { SqlValue.Integer(42), SqlValue.Integer(-7), SqlValue.Real(3.14159), SqlValue.Text("héllo"), SqlValue.Null, SqlValue.Real(1e-7) };
        var lists = new List<SqlValue[]>();
        foreach (var f in new[] { "%*d|", "%.*d|", "%*.*f|", "%*s|", "%.*s|", "%-*.*g|", "%*c|", "%.*c|", "%*q|" })
        foreach (var w in sizes)
        foreach (var p in sizes)
        foreach (var v in values)
        {
            lists.Add(f.Count(ch => ch == '*') == 2
                ? [SqlValue.Text(f), SqlValue.Integer(w), SqlValue.Integer(p), v]
                : [SqlValue.Text(f), SqlValue.Integer(w), v]);
        }
        Assert.True(Check(lists) > 1000);
    }

    [Fact]
    public void RandomRealsWithRandomFormats()
    {
        int seed = 7;
        var rng = new Random(seed);
        var lists = new List<SqlValue[]>();
        string[] conversions = ["f", "e", "E", "g", "G"];
        string[] flags = ["", "-", "+", " ", "#", "!", "0", ",", "!#", "+0", "-!"];
        for (int i = 0; i < 5000; i++)
        {
            double d = (i % 3) switch
            {
                0 => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-20, 25)),
                1 => Math.Round(rng.NextDouble() * 100, rng.Next(0, 5)) + 0.0005,
                _ => BitConverter.Int64BitsToDouble(rng.NextInt64()),
            };
            if (double.IsNaN(d) || Math.Abs(d) > 1e60) d = rng.Next();
            string width = rng.Next(3) == 0 ? rng.Next(0, 30).ToString() : "";
            string precision = rng.Next(2) == 0 ? "." + rng.Next(0, 30) : "";
            string fmt = "%" + flags[rng.Next(flags.Length)] + width + precision + conversions[rng.Next(conversions.Length)];
            lists.Add([SqlValue.Text(fmt), SqlValue.Real(d)]);
        }
        Assert.True(Check(lists) == 5000, $"seed {seed}");
    }

    [Fact]
    public void RandomIntegersWithRandomFormats()
    {
        var rng = new Random(11);
        var lists = new List<SqlValue[]>();
        string[] conversions = ["d", "i", "u", "x", "X", "o", "c", "s"];
        string[] flags = ["", "-", "+", " ", "#", "!", "0", ",", "#0", "+0", "-,"];
        for (int i = 0; i < 3000; i++)
        {
            long v = (i % 3) switch { 0 => rng.NextInt64(), 1 => rng.Next(-100000, 100000), _ => rng.NextInt64() >> rng.Next(0, 63) };
            string width = rng.Next(2) == 0 ? rng.Next(0, 25).ToString() : "";
            string precision = rng.Next(3) == 0 ? "." + rng.Next(0, 25) : "";
            lists.Add([SqlValue.Text("%" + flags[rng.Next(flags.Length)] + width + precision + conversions[rng.Next(conversions.Length)]), SqlValue.Integer(v)]);
        }
        Assert.Equal(3000, Check(lists));
    }
}
