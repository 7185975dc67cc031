using MiniSql.OracleTests.Infrastructure;
using Xunit.Abstractions;

namespace MiniSql.OracleTests.Differential;

/// <summary>Validates the generator and comparer: real SQLite against a second, independent SQLite connection.</summary>
public sealed class DifferentialRunnerTests
{
    private readonly ITestOutputHelper _output;

    public DifferentialRunnerTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void SqliteAgreesWithItselfOnTenSeeds()
    {
        var reports = new List<DifferentialReport>();
        for (int seed = 1; seed <= 10; seed++)
        {
            using var oracle = new SqliteEngine("sqlite");
            using var subject = new SqliteEngine("sqlite-2");
            var report = DifferentialRunner.Run(oracle, subject, seed, 1000);
            _output.WriteLine(report.ToText());
            reports.Add(report);
        }

        int cases = reports.Sum(r => r.Cases);
        int errors = reports.Sum(r => r.PrepareErrors + r.StepErrors);
        string total = $"total: {cases} cases, {reports.Sum(r => r.Comparisons)} comparisons, {errors} error cases ({(double)errors / cases:P1}), " +
            $"{reports.Sum(r => r.NonEmptyQueries)} non-empty queries, {reports.Sum(r => r.Mismatches.Count)} mismatches";
        _output.WriteLine(total);
        File.WriteAllText(Path.Combine(TestPaths.TestResultsDirectory(), "differential-sqlite-vs-sqlite.txt"),
            string.Join("\n", reports.Select(r => r.ToText())) + total + "\n");
        Assert.Equal(10_000, cases);
        Assert.All(reports, r => Assert.True(r.Mismatches.Count == 0, r.ToText()));
        Assert.True(errors < cases / 10, $"{errors} of {cases} cases are errors; the generator should produce mostly valid SQL");
        Assert.True(reports.Sum(r => r.NonEmptyQueries) > reports.Sum(r => r.Queries) / 3, "most queries should return rows");
    }
}
