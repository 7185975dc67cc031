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
}
