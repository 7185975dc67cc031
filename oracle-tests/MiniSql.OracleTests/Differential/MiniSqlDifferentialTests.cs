using MiniSql.OracleTests.Executor;
using MiniSql.OracleTests.Infrastructure;
using Xunit.Abstractions;

namespace MiniSql.OracleTests.Differential;

/// <summary>MiniSql against real SQLite on the differential generator: 10 seeds × 1,000 cases, no mismatch allowed.</summary>
public sealed class MiniSqlDifferentialTests
{
    private const int Seeds = 10;
    private const int CasesPerSeed = 1000;

    private readonly ITestOutputHelper _output;

    public MiniSqlDifferentialTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void MiniSqlAgreesWithSqliteOnTenSeeds()
    {
        var reports = new List<DifferentialReport>();
        for (int seed = 1; seed <= Seeds; seed++)
        {
            using var oracle = new SqliteEngine("sqlite");
            using var subject = new MiniSqlEngine();
            var report = DifferentialRunner.Run(oracle, subject, seed, CasesPerSeed);
            _output.WriteLine(report.ToText(maxMismatches: 20));
            reports.Add(report);
        }

        int cases = reports.Sum(r => r.Cases);
        int mismatches = reports.Sum(r => r.Mismatches.Count);
        string total = $"total: {cases} cases, {reports.Sum(r => r.Comparisons)} comparisons, {mismatches} mismatches, " +
            $"{reports.Sum(r => r.Elapsed.TotalSeconds):F1} s";
        _output.WriteLine(total);
        File.WriteAllText(Path.Combine(TestPaths.TestResultsDirectory(), "differential-minisql-vs-sqlite.txt"),
            string.Join("\n", reports.Select(r => r.ToText(maxMismatches: 20))) + total + "\n");
        Assert.True(mismatches == 0, string.Join("\n", reports.Where(r => r.Mismatches.Count > 0).Select(r => r.ToText(maxMismatches: 20))));
        Assert.Equal(Seeds * CasesPerSeed, cases);
    }
}
