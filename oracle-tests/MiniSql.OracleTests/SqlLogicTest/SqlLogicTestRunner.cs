using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MiniSql.OracleTests.Infrastructure;

namespace MiniSql.OracleTests.SqlLogicTest;

// Runs sqllogictest scripts against an ISqlEngine with the reference runner's semantics
// (shared/sqllogictest/SOURCE.md):
//  R1. A fresh engine (fresh database) per file; hash-threshold starts at 8 and 0 turns hashing off.
//  R2. A record runs unless a skipif names the dialect or an onlyif names another one.
//  R3. statement ok passes if every statement of the text runs; statement error passes if one fails.
//  R4. A query that fails to prepare fails. A query that fails while stepping is judged on the rows produced
//      before the failure (the reference runner's loop simply stops).
//  R5. Values are rendered per column type, sorted per sort mode, then compared line by line, or, when there
//      are more than threshold values, as "<n> values hashing to <md5 of each value + '\n'>".
//  R6. A label ties queries of one file: all must hash alike. Skipped labelled queries still contribute their
//      recorded result.
//  R7. halt stops the file.

/// <summary>sqllogictest runner over any <see cref="ISqlEngine"/>.</summary>
internal static class SqlLogicTestRunner
{
    private const int DefaultHashThreshold = 8;
    private static readonly bool SlowLog = Environment.GetEnvironmentVariable("MINISQL_SLT_SLOW") == "1";
    private const int ReportLines = 12;

    /// <summary>Runs every *.test file under <paramref name="corpusDirectory"/>, largest first, in parallel.</summary>
    public static SltCorpusResult RunCorpus(string corpusDirectory, Func<ISqlEngine> engineFactory, SltRunOptions options)
    {
        var files = Directory.GetFiles(corpusDirectory, "*.test", SearchOption.AllDirectories)
            .OrderByDescending(f => new FileInfo(f).Length)
            .ToList();
        var results = new SltFileResult[files.Count];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = options.DegreeOfParallelism }, i =>
        {
            string relative = Path.GetRelativePath(corpusDirectory, files[i]).Replace('\\', '/');
            results[i] = RunFile(files[i], relative, engineFactory, options);
        });
        var ordered = results.OrderBy(r => r.File, StringComparer.Ordinal).ToList();
        using var probe = engineFactory();
        string engineName = probe is SqliteEngine s ? $"{s.Name} {s.Version}" : probe.Name;
        return new SltCorpusResult(engineName, options, ordered, clock.Elapsed);
    }

    /// <summary>Runs one script file.</summary>
    public static SltFileResult RunFile(string path, string displayName, Func<ISqlEngine> engineFactory, SltRunOptions options) =>
        RunScript(File.ReadAllText(path), displayName, engineFactory, options);

    /// <summary>Runs a script given as text.</summary>
    public static SltFileResult RunScript(string script, string displayName, Func<ISqlEngine> engineFactory, SltRunOptions options)
    {
        var clock = Stopwatch.StartNew();
        var result = new SltFileResult(displayName);
        var records = SltParser.Parse(script);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        int threshold = DefaultHashThreshold;
        int queryIndex = 0;
        using (var engine = engineFactory())
        {
            foreach (var record in records)
            {
                if (options.FileTimeBudget is { } budget && clock.Elapsed > budget)
                {
                    if (record.Kind is SltRecordKind.Statement or SltRecordKind.Query && record.RunsOn(options.Dialect))
                    {
                        if (result.NotRun++ == 0)
                            AddFailure(result, options, record, "to run", $"file time budget of {budget.TotalSeconds:F0} s spent; this and later records not run");
                    }
                    continue;
                }
                if (!record.RunsOn(options.Dialect))
                {
                    if (record.Kind is SltRecordKind.Statement or SltRecordKind.Query) result.Skipped++;
                    if (record.Kind == SltRecordKind.Query && record.Label is not null && record.HasExpected)
                        CheckSkippedLabel(record, labels, result, options);
                    continue;
                }
                switch (record.Kind)
                {
                    case SltRecordKind.HashThreshold:
                        threshold = record.Threshold;
                        break;
                    case SltRecordKind.Halt:
                        result.Halted = true;
                        break;
                    case SltRecordKind.Statement:
                        RunStatement(engine, record, result, options);
                        break;
                    case SltRecordKind.Query:
                        if (queryIndex++ % options.QueryStride != 0)
                        {
                            result.QueriesSampledOut++;
                            break;
                        }
                        var qclock = Stopwatch.StartNew();
                        RunQuery(engine, record, threshold, labels, result, options);
                        if (SlowLog && qclock.ElapsedMilliseconds > 50) Console.Error.WriteLine($"SLOW {qclock.ElapsedMilliseconds} ms {displayName}:{record.Line}");
                        break;
                    default:
                        result.UnknownRecords++;
                        AddFailure(result, options, record, "a known record type", $"unknown record: {record.Command}");
                        break;
                }
                if (result.Halted) break;
            }
        }
        result.Elapsed = clock.Elapsed;
        return result;
    }

    private static void RunStatement(ISqlEngine engine, SltRecord record, SltFileResult result, SltRunOptions options)
    {
        string? error = null;
        try
        {
            engine.Execute(record.Sql);
        }
        catch (SqlEngineException e)
        {
            error = e.Describe();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = $"unexpected {e.GetType().Name}: {e.Message}";
            result.StatementsFailed++;
            AddFailure(result, options, record, record.ExpectError ? "error" : "ok", error);
            return;
        }
        if ((error is not null) == record.ExpectError)
        {
            result.StatementsPassed++;
        }
        else
        {
            result.StatementsFailed++;
            AddFailure(result, options, record, record.ExpectError ? "error" : "ok", error ?? "ok");
        }
    }

    private static void RunQuery(ISqlEngine engine, SltRecord record, int threshold, Dictionary<string, string> labels,
        SltFileResult result, SltRunOptions options)
    {
        QueryResult query;
        try
        {
            query = engine.Query(record.Sql);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            result.QueriesFailed++;
            string what = e is SqlEngineException se ? se.Describe() : $"unexpected {e.GetType().Name}: {e.Message}";
            AddFailure(result, options, record, Summarize(record.Expected), "error " + what);
            return;
        }
        if (query.StepError is not null) result.StepErrors++;

        if (query.ColumnCount != record.ColumnTypes.Length)
        {
            result.QueriesFailed++;
            AddFailure(result, options, record, $"{record.ColumnTypes.Length} columns", $"{query.ColumnCount} columns");
            return;
        }

        List<string> values = Render(query, record.ColumnTypes, record.SortMode);
        string hashLine = HashLine(values);
        bool hashed = threshold > 0 && values.Count > threshold;
        IReadOnlyList<string> actual = hashed ? [hashLine] : values;

        bool ok = !record.HasExpected || Same(actual, record.Expected);
        string? labelProblem = null;
        if (record.Label is not null)
        {
            if (labels.TryGetValue(record.Label, out string? previous))
            {
                if (previous != hashLine) labelProblem = $"label {record.Label} was {previous}, now {hashLine}";
            }
            else
            {
                labels[record.Label] = hashLine;
            }
        }

        if (ok && labelProblem is null)
        {
            result.QueriesPassed++;
            if (hashed) result.QueriesHashed++;
        }
        else
        {
            result.QueriesFailed++;
            string shown = Summarize(actual);
            if (query.StepError is not null) shown += $" (step error {query.StepError.Describe()})";
            if (labelProblem is not null) shown += $" ({labelProblem})";
            AddFailure(result, options, record, Summarize(record.Expected), shown);
        }
    }

    /// <summary>R6: a skipped labelled query still sets or checks the label with its recorded result.</summary>
    private static void CheckSkippedLabel(SltRecord record, Dictionary<string, string> labels, SltFileResult result, SltRunOptions options)
    {
        string recorded = record.Expected.Count == 1 && record.Expected[0].Contains(" values hashing to ", StringComparison.Ordinal)
            ? record.Expected[0]
            : HashLine(record.Expected);
        if (!labels.TryGetValue(record.Label!, out string? previous))
        {
            labels[record.Label!] = recorded;
        }
        else if (previous != recorded)
        {
            result.QueriesFailed++;
            AddFailure(result, options, record, previous, $"recorded result of skipped query: {recorded}");
        }
    }

    /// <summary>Renders and sorts the values of a result (R5).</summary>
    public static List<string> Render(QueryResult query, string types, SltSortMode sort)
    {
        int columns = query.ColumnCount;
        var rows = new List<string[]>(query.Rows.Count);
        foreach (var row in query.Rows)
        {
            var rendered = new string[columns];
            for (int c = 0; c < columns; c++) rendered[c] = SltValueRenderer.Render(row[c], c < types.Length ? types[c] : 'T');
            rows.Add(rendered);
        }
        if (sort == SltSortMode.RowSort) rows.Sort(CompareRows);
        var values = new List<string>(rows.Count * columns);
        foreach (var row in rows) values.AddRange(row);
        if (sort == SltSortMode.ValueSort) values.Sort(StringComparer.Ordinal);
        return values;
    }

    /// <summary>"&lt;n&gt; values hashing to &lt;md5&gt;" over the values, each followed by '\n'.</summary>
    public static string HashLine(IReadOnlyList<string> values)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        byte[] newline = [(byte)'\n'];
        foreach (string v in values)
        {
            md5.AppendData(Encoding.UTF8.GetBytes(v));
            md5.AppendData(newline);
        }
        return $"{values.Count} values hashing to {Convert.ToHexStringLower(md5.GetHashAndReset())}";
    }

    private static int CompareRows(string[] a, string[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            int c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0) return c;
        }
        return 0;
    }

    private static bool Same(IReadOnlyList<string> actual, IReadOnlyList<string> expected)
    {
        if (actual.Count != expected.Count) return false;
        for (int i = 0; i < actual.Count; i++)
        {
            if (!string.Equals(actual[i], expected[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }

    private static string Summarize(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0) return "(no rows)";
        string shown = string.Join(" | ", lines.Take(ReportLines));
        return lines.Count > ReportLines ? $"{shown} | ... ({lines.Count} values)" : shown;
    }

    private static void AddFailure(SltFileResult result, SltRunOptions options, SltRecord record, string expected, string actual)
    {
        if (result.Failures.Count < options.MaxFailuresReported)
            result.Failures.Add(new SltFailure(result.File, record.Line, record.Sql, expected, actual));
    }
}
