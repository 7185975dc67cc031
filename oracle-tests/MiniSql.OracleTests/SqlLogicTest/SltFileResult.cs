namespace MiniSql.OracleTests.SqlLogicTest;

/// <summary>Counts and first failures of one script run. Filled by one runner thread.</summary>
internal sealed class SltFileResult
{
    /// <summary>Creates an empty result for <paramref name="file"/> (path relative to the corpus root).</summary>
    public SltFileResult(string file) => File = file;

    /// <summary>Script path relative to the corpus root, with '/' separators.</summary>
    public string File { get; }

    /// <summary>Folder of <see cref="File"/> ("." for the root).</summary>
    public string Folder => File.Contains('/') ? File[..File.LastIndexOf('/')] : ".";

    /// <summary>Statements that behaved as expected (ok ran, error failed).</summary>
    public int StatementsPassed { get; set; }

    /// <summary>Statements that did not.</summary>
    public int StatementsFailed { get; set; }

    /// <summary>Queries whose results matched.</summary>
    public int QueriesPassed { get; set; }

    /// <summary>Queries whose results (or label) did not match, or that failed to run.</summary>
    public int QueriesFailed { get; set; }

    /// <summary>Of the queries passed, how many were compared by MD5 hash.</summary>
    public int QueriesHashed { get; set; }

    /// <summary>Queries not run because the run samples every n-th query.</summary>
    public int QueriesSampledOut { get; set; }

    /// <summary>Statement and query records skipped by skipif/onlyif.</summary>
    public int Skipped { get; set; }

    /// <summary>Queries that failed while stepping and were judged on the rows produced before the failure.</summary>
    public int StepErrors { get; set; }

    /// <summary>Records with an unknown command (counted as failures).</summary>
    public int UnknownRecords { get; set; }

    /// <summary>Statement and query records left unrun because the file's time budget was spent (failures).</summary>
    public int NotRun { get; set; }

    /// <summary>True if a halt record stopped the file.</summary>
    public bool Halted { get; set; }

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>The first failures (at most the runner's limit).</summary>
    public List<SltFailure> Failures { get; } = [];

    /// <summary>All records passed.</summary>
    public int Passed => StatementsPassed + QueriesPassed;

    /// <summary>All records failed.</summary>
    public int Failed => StatementsFailed + QueriesFailed + UnknownRecords + NotRun;
}
