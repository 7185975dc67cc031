using MiniSql.OracleTests.Infrastructure;

namespace MiniSql.OracleTests.Executor;

/// <summary>
/// Runs a ';'-separated script statement by statement on real SQLite and on MiniSql and compares each outcome (rows
/// with storage classes, or the error, as TriggerScript describes them) and the final state: sqlite_schema, every table's rows and table_info.
/// </summary>
internal static class ScriptComparison
{
    /// <summary>Fails with every difference when the two engines disagree anywhere in <paramref name="script"/>.</summary>
    internal static void AssertSameAsSqlite(string name, string script)
    {
        using var sqlite = new SqliteEngine();
        using var mini = new MiniSqlEngine();
        var mismatches = new List<string>();
        foreach (var statement in Statements(script))
        {
            string expected = TriggerScript.Describe(sqlite, statement);
            string actual = TriggerScript.Describe(mini, statement);
            if (expected != actual) mismatches.Add($"{statement}\n expected: {expected}\n actual:   {actual}");
        }
        string expectedState = Snapshot(sqlite);
        string actualState = Snapshot(mini);
        if (expectedState != actualState) mismatches.Add($"final state\n expected:\n{expectedState}\n actual:\n{actualState}");
        Assert.True(mismatches.Count == 0, name + "\n" + string.Join("\n\n", mismatches));
    }

    internal static List<string> Statements(string script) =>
        script.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Aggregate(new List<string>(), (list, part) =>
            {
                // Re-join pieces split inside a trigger body (BEGIN ... END).
                if (list.Count > 0 && list[^1].Contains(" BEGIN ", StringComparison.OrdinalIgnoreCase) && !list[^1].EndsWith(" END", StringComparison.OrdinalIgnoreCase))
                    list[^1] += "; " + part;
                else
                    list.Add(part);
                return list;
            });

    internal static string Snapshot(ISqlEngine engine)
    {
        var lines = new List<string> { TriggerScript.Describe(engine, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name") };
        var tables = engine.Query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").Rows.Select(r => r[0].AsString).ToList();
        foreach (var table in tables)
        {
            string quoted = "\"" + table.Replace("\"", "\"\"") + "\"";
            lines.Add(table + ": " + TriggerScript.Describe(engine, $"SELECT * FROM {quoted} ORDER BY rowid"));
            lines.Add(table + " info: " + TriggerScript.Describe(engine, $"PRAGMA table_info({quoted})"));
        }
        return string.Join("\n", lines);
    }
}
