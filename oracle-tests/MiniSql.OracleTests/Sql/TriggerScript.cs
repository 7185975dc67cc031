using System.Text;
using MiniSql.OracleTests.Infrastructure;

namespace MiniSql.OracleTests.Executor;

/// <summary>
/// Runs one SQL script statement by statement on an engine and writes a transcript: each statement's rows or
/// error, then changes()/last_insert_rowid()/total_changes() and the full contents (with rowids) of every table.
/// Two engines agree on a script when their transcripts are equal.
/// </summary>
internal static class TriggerScript
{
    /// <summary>The transcript of <paramref name="statements"/> on <paramref name="engine"/>.</summary>
    public static List<string> Transcript(ISqlEngine engine, IReadOnlyList<string> statements)
    {
        var lines = new List<string>();
        foreach (var sql in statements)
        {
            lines.Add("> " + sql);
            lines.Add(Describe(engine, sql));
            lines.Add("counters " + Describe(engine, "SELECT changes(), last_insert_rowid(), total_changes()"));
            var tables = engine.Query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
            foreach (var row in tables.Rows)
            {
                string name = row[0].AsString;
                lines.Add($"table {name}: " + Describe(engine, $"SELECT rowid, * FROM \"{name}\" ORDER BY rowid"));
            }
            lines.Add("schema " + Describe(engine, "SELECT type, name, tbl_name FROM sqlite_schema ORDER BY name"));
        }
        return lines;
    }

    /// <summary>One statement's rows with their storage classes, or its prepare/step error, as one line.</summary>
    internal static string Describe(ISqlEngine engine, string sql)
    {
        QueryResult result;
        try
        {
            result = engine.Query(sql);
        }
        catch (SqlEngineException e)
        {
            return "prepare error " + e.Describe();
        }
        var text = new StringBuilder();
        foreach (var row in result.Rows)
        {
            text.Append('(');
            for (int i = 0; i < row.Length; i++)
            {
                if (i > 0) text.Append(", ");
                text.Append(row[i].Type).Append(' ').Append(row[i].ToString());
            }
            text.Append(") ");
        }
        if (result.StepError is { } error) text.Append("step error " + error.Describe());
        return text.ToString();
    }

    /// <summary>
    /// Runs a scenario on SQLite and MiniSql and fails at the first transcript line that differs. Entries without a
    /// trigger body may hold several ';'-separated statements.
    /// </summary>
    public static void AssertMatchesSqlite(string name, string[] entries)
    {
        var statements = new List<string>();
        foreach (var entry in entries)
        {
            if (entry.Contains(" BEGIN ", StringComparison.Ordinal)) statements.Add(entry);
            else foreach (var part in entry.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) statements.Add(part);
        }
        using var sqlite = new SqliteEngine();
        using var mini = new MiniSqlEngine();
        var expected = Transcript(sqlite, statements);
        var actual = Transcript(mini, statements);
        for (int i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            if (expected[i] != actual[i])
            {
                int start = i;
                while (start > 0 && !expected[start].StartsWith("> ", StringComparison.Ordinal)) start--;
                Assert.Fail($"{name}: after {expected[start]}\n sqlite:  {expected[i]}\n minisql: {actual[i]}");
            }
        }
        Assert.Equal(expected.Count, actual.Count);
    }
}
