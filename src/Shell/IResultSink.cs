namespace MiniSql.Shell;

/// <summary>Receives the rows of one statement at a time. Values are null, long, double, string or byte[].</summary>
internal interface IResultSink
{
    /// <summary>Starts a statement's result with its column names; called before its first row, even when it has none.</summary>
    void BeginResult(IReadOnlyList<string> columns);

    /// <summary>One row; the array may be reused by the caller after the call returns.</summary>
    void Row(object?[] values);

    /// <summary>Ends the current result.</summary>
    void EndResult();
}
