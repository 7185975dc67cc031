using MiniSql.OracleTests.Infrastructure;
using Xunit.Abstractions;

namespace MiniSql.OracleTests.SqlLogicTest;

/// <summary>Validates the runner by running the shared sqllogictest corpus against real SQLite.</summary>
public sealed class SqlLogicTestCorpusTests
{
    private readonly ITestOutputHelper _output;

    public SqlLogicTestCorpusTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void CorpusPassesOnRealSqlite()
    {
        string corpus = TestPaths.CorpusDirectory();
        // The whole corpus on SQLite takes about 15 s on 2 cores, so CI runs all of it.
        var options = new SltRunOptions();
        var result = SqlLogicTestRunner.RunCorpus(corpus, () => new SqliteEngine(), options);

        string text = result.ToText();
        _output.WriteLine(text);
        string results = TestPaths.TestResultsDirectory();
        File.WriteAllText(Path.Combine(results, "sqllogictest-sqlite.txt"), text);
        File.WriteAllText(Path.Combine(results, "sqllogictest-sqlite.json"), result.ToJson());

        // Counts from shared/sqllogictest/SOURCE.md: every record the sqlite dialect selects.
        Assert.Equal(37, result.Files.Count);
        Assert.Equal(0, result.Total(f => f.Failed));
        Assert.Equal(12_034, result.Total(f => f.StatementsPassed));
        Assert.Equal(197_408, result.Total(f => f.QueriesPassed));
        Assert.Equal(31_372, result.Total(f => f.QueriesHashed));
    }

    [Fact]
    public void CorpusRunCatchesAnEngineThatLosesRows()
    {
        string corpus = TestPaths.CorpusDirectory();
        string file = Path.Combine(corpus, "evidence", "slt_lang_aggfunc.test");
        var honest = SqlLogicTestRunner.RunFile(file, "evidence/slt_lang_aggfunc.test", () => new SqliteEngine(), new SltRunOptions());
        var lossy = SqlLogicTestRunner.RunFile(file, "evidence/slt_lang_aggfunc.test", () => new RowDroppingEngine(), new SltRunOptions());

        Assert.Equal(0, honest.Failed);
        Assert.True(honest.QueriesPassed > 50);
        Assert.True(lossy.QueriesFailed > honest.QueriesPassed / 2, $"only {lossy.QueriesFailed} failures");
        Assert.NotEmpty(lossy.Failures);
    }

    /// <summary>Real SQLite with a bug: the last row of every non-empty result is lost.</summary>
    private sealed class RowDroppingEngine : ISqlEngine
    {
        private readonly SqliteEngine _inner = new("lossy");

        public string Name => _inner.Name;

        public void Execute(string sql) => _inner.Execute(sql);

        public QueryResult Query(string sql)
        {
            var r = _inner.Query(sql);
            return new QueryResult(r.ColumnCount, r.Rows.Take(Math.Max(0, r.Rows.Count - 1)).ToList(), r.StepError, r.ColumnNames);
        }

        public void Dispose() => _inner.Dispose();
    }
}
