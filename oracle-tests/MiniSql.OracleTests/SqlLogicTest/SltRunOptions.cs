namespace MiniSql.OracleTests.SqlLogicTest;

/// <summary>Options of a sqllogictest run.</summary>
internal sealed record SltRunOptions
{
    /// <summary>Name matched by skipif/onlyif (the reference runner's built-in engine is "SQLite").</summary>
    public string Dialect { get; init; } = "sqlite";

    /// <summary>Run every n-th query record only (1 = all); statements always run so state stays right.</summary>
    public int QueryStride { get; init; } = 1;

    /// <summary>How many failures per file keep their details.</summary>
    public int MaxFailuresReported { get; init; } = 5;

    /// <summary>Wall-clock budget per file; when it is spent, the file's remaining records are counted as not run
    /// (failures) instead of being executed. Null for no limit.</summary>
    public TimeSpan? FileTimeBudget { get; init; }

    /// <summary>Files run in parallel by <see cref="SqlLogicTestRunner.RunCorpus"/>.</summary>
    public int DegreeOfParallelism { get; init; } = 2;
}
