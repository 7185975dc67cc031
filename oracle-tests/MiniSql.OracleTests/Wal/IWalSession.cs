namespace MiniSql.OracleTests.Wal;

/// <summary>
/// One connection of either engine for the WAL pragma and interop tests: SQL text in, a canonical rendering out
/// (rows as "a|b" lines; an error as "error CODE: message" with the primary result code). BUSY comes back at once
/// unless the session's busy timeout says otherwise. Owned by one thread.
/// </summary>
internal interface IWalSession : IDisposable
{
    /// <summary>"sqlite" or "minisql".</summary>
    string Name { get; }

    /// <summary>Runs every statement of <paramref name="sql"/>; returns the rows of all of them, or the first error.</summary>
    string Run(string sql);
}
