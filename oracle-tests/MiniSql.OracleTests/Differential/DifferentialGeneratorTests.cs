using MiniSql.Engine.Records;
using MiniSql.OracleTests.Infrastructure;

namespace MiniSql.OracleTests.Differential;

public sealed class DifferentialGeneratorTests
{
    [Fact]
    public void SameSeedGivesTheSameScriptAndOtherSeedsDiffer()
    {
        Assert.Equal(DifferentialRunner.Script(42, 200), DifferentialRunner.Script(42, 200));
        Assert.NotEqual(DifferentialRunner.Script(42, 200), DifferentialRunner.Script(43, 200));
    }

    [Fact]
    public void GeneratedSqlCoversTheSqlCoreFeatures()
    {
        var sql = new System.Text.StringBuilder();
        for (int seed = 1; seed <= 3; seed++) sql.Append(DifferentialRunner.Script(seed, 999));
        string all = sql.ToString();
        string[] features =
        [
            "INTEGER PRIMARY KEY", "CREATE UNIQUE INDEX", " DESC)", "NOT NULL", "COLLATE NOCASE", " LEFT JOIN ", " CROSS JOIN ",
            " NATURAL ", " USING (", " JOIN ", " WHERE ", " AND ", " OR ", "NOT ", " IN (", " BETWEEN ", " LIKE ", " GLOB ",
            " IS NULL", "CASE ", "CAST(", "EXISTS (", "(SELECT ", " GROUP BY ", " HAVING ", "count(DISTINCT ", "total(",
            "avg(", "group_concat(", " ORDER BY ", " NULLS FIRST", " NULLS LAST", " LIMIT ", " OFFSET ", " UNION ALL ",
            " INTERSECT ", " EXCEPT ", "VALUES (", "WITH RECURSIVE ", "WITH c0", "SELECT DISTINCT ", "INSERT OR REPLACE ",
            "UPDATE ", "DELETE FROM ", "DEFAULT VALUES", "substr(", "printf(", "-9223372036854775808", "1E+300", "'😀'", "X'",
            "' 12'", "-0.0",
        ];
        Assert.All(features, f => Assert.Contains(f, all));
    }

    [Fact]
    public void RunnerCatchesAFaultySubject()
    {
        using var oracle = new SqliteEngine();
        using var subject = new FaultyEngine(new SqliteEngine("faulty"));
        var report = DifferentialRunner.Run(oracle, subject, seed: 7, cases: 400, maxMismatches: 5);

        Assert.NotEmpty(report.Mismatches);
        var first = report.Mismatches[0];
        Assert.Equal(7, first.Seed);
        Assert.Contains("replay:  DifferentialRunner.Script(7, ", first.ToString());
        Assert.Contains(report.Mismatches, m => m.OnlyTieBreaksDiffer);
    }

    /// <summary>A subject with a storage-class bug: every INTEGER 7 comes back as REAL 7.0.</summary>
    private sealed class FaultyEngine(ISqlEngine inner) : ISqlEngine
    {
        public string Name => inner.Name;

        public void Execute(string sql) => inner.Execute(sql);

        public QueryResult Query(string sql)
        {
            var r = inner.Query(sql);
            var rows = r.Rows.Select(row => row.Select(v => v == SqlValue.Integer(7) ? SqlValue.Real(7.0) : v).ToArray()).ToList();
            return new QueryResult(r.ColumnCount, rows, r.StepError);
        }

        public void Dispose() => inner.Dispose();
    }
}
