using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MiniSql.OracleTests.SqlLogicTest;

/// <summary>Results of a corpus run: per file, per folder, totals, as text or JSON.</summary>
internal sealed class SltCorpusResult
{
    /// <summary>Creates a corpus result.</summary>
    public SltCorpusResult(string engine, SltRunOptions options, IReadOnlyList<SltFileResult> files, TimeSpan elapsed)
    {
        Engine = engine;
        Options = options;
        Files = files;
        Elapsed = elapsed;
    }

    /// <summary>Engine description ("sqlite 3.49.1").</summary>
    public string Engine { get; }

    /// <summary>The options of the run.</summary>
    public SltRunOptions Options { get; }

    /// <summary>Per-file results, ordered by path.</summary>
    public IReadOnlyList<SltFileResult> Files { get; }

    /// <summary>Wall-clock time of the whole run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Sum of a counter over all files.</summary>
    public int Total(Func<SltFileResult, int> counter) => Files.Sum(counter);

    /// <summary>A fixed-width table: one line per folder, then totals, then the first failures.</summary>
    public string ToText(int maxFailures = 20)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"sqllogictest on {Engine}: {Files.Count} files in {Elapsed.TotalSeconds:F1} s (query stride {Options.QueryStride})");
        sb.AppendLine(inv, $"{"folder",-28} {"files",5} {"stmt ok",8} {"stmt bad",8} {"query ok",9} {"query bad",9} {"hashed",7} {"skipped",7} {"steperr",7} {"sec",6}");
        foreach (var g in Files.GroupBy(f => f.Folder).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Line(sb, g.Key, g.ToList());
        }
        Line(sb, "TOTAL", Files);
        int shown = 0;
        foreach (var failure in Files.SelectMany(f => f.Failures))
        {
            if (shown++ == maxFailures) break;
            sb.AppendLine(failure.ToString());
        }
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string name, IReadOnlyList<SltFileResult> files)
    {
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"{name,-28} {files.Count,5} {files.Sum(f => f.StatementsPassed),8} {files.Sum(f => f.StatementsFailed),8} " +
            $"{files.Sum(f => f.QueriesPassed),9} {files.Sum(f => f.QueriesFailed + f.UnknownRecords + f.NotRun),9} {files.Sum(f => f.QueriesHashed),7} " +
            $"{files.Sum(f => f.Skipped),7} {files.Sum(f => f.StepErrors),7} {files.Sum(f => f.Elapsed.TotalSeconds),6:F1}");
    }

    /// <summary>Machine-readable form: totals, per folder, per file (with first failures).</summary>
    public string ToJson()
    {
        object Counts(IEnumerable<SltFileResult> fs)
        {
            var list = fs.ToList();
            return new
            {
                files = list.Count,
                statementsPassed = list.Sum(f => f.StatementsPassed),
                statementsFailed = list.Sum(f => f.StatementsFailed),
                queriesPassed = list.Sum(f => f.QueriesPassed),
                queriesFailed = list.Sum(f => f.QueriesFailed),
                queriesHashed = list.Sum(f => f.QueriesHashed),
                queriesSampledOut = list.Sum(f => f.QueriesSampledOut),
                skipped = list.Sum(f => f.Skipped),
                stepErrors = list.Sum(f => f.StepErrors),
                unknownRecords = list.Sum(f => f.UnknownRecords),
                notRun = list.Sum(f => f.NotRun),
                passed = list.Sum(f => f.Passed),
                failed = list.Sum(f => f.Failed),
            };
        }
        var doc = new
        {
            engine = Engine,
            queryStride = Options.QueryStride,
            seconds = Math.Round(Elapsed.TotalSeconds, 1),
            total = Counts(Files),
            folders = Files.GroupBy(f => f.Folder).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Counts(g)),
            files = Files.Select(f => new
            {
                file = f.File,
                counts = Counts([f]),
                seconds = Math.Round(f.Elapsed.TotalSeconds, 2),
                failures = f.Failures.Select(x => new { line = x.Line, sql = x.Sql, expected = x.Expected, actual = x.Actual }),
            }),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
    }
}
