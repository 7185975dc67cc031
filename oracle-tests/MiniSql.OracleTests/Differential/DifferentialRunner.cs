using System.Diagnostics;
using System.Text;
using MiniSql.OracleTests.Infrastructure;

namespace MiniSql.OracleTests.Differential;

// Runs one seed's generated script on two engines side by side and compares every outcome.
// Both engines must start from empty databases. The setup (schema, indexes, data) runs first; each case then
// runs on both; after a mutation, changes()/total_changes()/last_insert_rowid() and the table's rows (rowid
// included) are compared too, so a wrong write shows up at the statement that made it; after transaction control
// (BEGIN/COMMIT/ROLLBACK/SAVEPOINT/RELEASE), every table is compared.

/// <summary>Entry point of differential testing: oracle (real SQLite) against a subject engine.</summary>
internal static class DifferentialRunner
{
    /// <summary>Runs <paramref name="cases"/> generated cases of <paramref name="seed"/> on both engines.</summary>
    /// <param name="oracle">The reference engine (a fresh <see cref="SqliteEngine"/>).</param>
    /// <param name="subject">The engine under test, on a fresh database.</param>
    /// <param name="seed">Generator seed; the same seed gives the same SQL.</param>
    /// <param name="cases">Number of cases to generate.</param>
    /// <param name="maxMismatches">Stop after this many mismatches (later ones are often consequences).</param>
    public static DifferentialReport Run(ISqlEngine oracle, ISqlEngine subject, int seed, int cases, int maxMismatches = 20)
    {
        var clock = Stopwatch.StartNew();
        var report = new DifferentialReport(seed, oracle.Name, subject.Name);
        var generator = new DifferentialGenerator(seed);
        foreach (string sql in generator.Setup)
        {
            report.SetupStatements++;
            var o = ExecuteOutcome(oracle, sql);
            var s = ExecuteOutcome(subject, sql);
            if (o is not null) report.SetupErrors++;
            if (o?.Describe() != s?.Describe())
                report.Mismatches.Add(new DiffMismatch(seed, -1, sql, "setup outcome differs", o?.Describe() ?? "ok", s?.Describe() ?? "ok", false));
        }

        for (int i = 0; i < cases && report.Mismatches.Count < maxMismatches; i++)
        {
            var c = generator.Next();
            report.Cases++;
            if (c.Kind == DiffCaseKind.Query) report.Queries++;
            else if (c.Kind == DiffCaseKind.Mutation) report.Mutations++;
            else report.TransactionStatements++;
            var o = Compare(oracle, subject, c.Sql, c.Compare, seed, c.Index, report);
            if (o.Error is not null) report.PrepareErrors++;
            else if (o.Result!.StepError is not null) report.StepErrors++;
            if (o.AnyError is { } error)
            {
                string key = $"{error.ResultCode}/{error.ExtendedResultCode}: {error.Message}";
                report.ErrorMessages[key] = report.ErrorMessages.GetValueOrDefault(key) + 1;
            }
            if (c.Kind == DiffCaseKind.Query)
            {
                if (o.Result is { Rows.Count: > 0 }) report.NonEmptyQueries++;
                if (c.Compare == DiffCompareMode.Ordered) report.OrderedQueries++;
            }
            else if (c.Kind == DiffCaseKind.Mutation)
            {
                Compare(oracle, subject, "SELECT changes(), total_changes(), last_insert_rowid()", DiffCompareMode.Unordered, seed, c.Index, report);
                Compare(oracle, subject, $"SELECT rowid, * FROM {c.Table}", DiffCompareMode.Unordered, seed, c.Index, report);
            }
            else
            {
                foreach (var table in generator.Tables)
                    Compare(oracle, subject, $"SELECT rowid, * FROM {table.Name}", DiffCompareMode.Unordered, seed, c.Index, report);
            }
        }
        report.Elapsed = clock.Elapsed;
        return report;
    }

    /// <summary>The SQL of <paramref name="seed"/> up to and including case <paramref name="lastCase"/>, as a script
    /// (setup, then every case, each statement ending in ";"), to replay a mismatch in any shell.</summary>
    public static string Script(int seed, int lastCase)
    {
        var generator = new DifferentialGenerator(seed);
        var sb = new StringBuilder();
        foreach (string sql in generator.Setup) sb.Append(sql).AppendLine(";");
        for (int i = 0; i <= lastCase; i++) sb.Append(generator.Next().Sql).AppendLine(";");
        return sb.ToString();
    }

    private static DiffOutcome Compare(ISqlEngine oracle, ISqlEngine subject, string sql, DiffCompareMode mode, int seed, int index,
        DifferentialReport report)
    {
        report.Comparisons++;
        var o = DiffOutcome.Capture(oracle, sql);
        var s = DiffOutcome.Capture(subject, sql);
        string? difference = ResultComparer.Difference(o, s, mode);
        if (difference is not null)
        {
            report.Mismatches.Add(new DiffMismatch(seed, index, sql, difference, o.Describe(), s.Describe(),
                ResultComparer.SameUpToTies(o, s)));
        }
        return o;
    }

    private static SqlEngineException? ExecuteOutcome(ISqlEngine engine, string sql)
    {
        try
        {
            engine.Execute(sql);
            return null;
        }
        catch (SqlEngineException e)
        {
            return e;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new SqlEngineException(DiffOutcome.CrashCode, DiffOutcome.CrashCode, $"crash: {e.GetType().Name}: {e.Message}", e);
        }
    }
}
