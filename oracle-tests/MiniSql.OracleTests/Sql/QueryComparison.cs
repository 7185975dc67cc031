using MiniSql.OracleTests.Infrastructure;

namespace MiniSql.OracleTests.Executor;

/// <summary>Runs the same queries on real SQLite and on MiniSql after the same setup and describes the outcomes
/// (rows with storage classes, step errors, prepare errors) so they compare as text.</summary>
internal static class QueryComparison
{
    public static void Run(ISqlEngine engine, IEnumerable<string> statements)
    {
        foreach (var s in statements) engine.Execute(s);
    }

    public static string Describe(Func<QueryResult> query)
    {
        try
        {
            var r = query();
            var lines = new List<string> { "cols=" + r.ColumnCount };
            foreach (var row in r.Rows) lines.Add(string.Join("|", row.Select(v => v.Type + ":" + v)));
            if (r.StepError is not null) lines.Add("steperror " + r.StepError.Describe());
            return string.Join("\n", lines);
        }
        catch (SqlEngineException e)
        {
            return "error " + e.Describe();
        }
    }

    /// <summary>Each query whose outcome differs, with both outcomes.</summary>
    public static List<string> Mismatches(IEnumerable<string> setup, IEnumerable<string> queries)
    {
        using var sqlite = new SqliteEngine();
        using var mini = new MiniSqlEngine();
        Run(sqlite, setup);
        Run(mini, setup);
        var mismatches = new List<string>();
        foreach (var q in queries)
        {
            string expected = Describe(() => sqlite.Query(q));
            string actual = Describe(() => mini.Query(q));
            if (expected != actual) mismatches.Add($"{q}\n expected: {expected}\n actual:   {actual}");
        }
        return mismatches;
    }
}
