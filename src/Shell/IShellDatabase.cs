namespace MiniSql.Shell;

/// <summary>
/// The shell's narrow view of a database connection: run SQL text, stream each statement's rows to a sink,
/// report errors as <see cref="ShellSqlException"/>. Owned by one shell; not thread-safe except <see cref="Cancel"/>.
/// </summary>
internal interface IShellDatabase : IDisposable
{
    /// <summary>The file name the database was opened on (":memory:" for a transient database).</summary>
    string FileName { get; }

    /// <summary>Runs every statement in <paramref name="sql"/>, handing rows of statements that return columns to the sink.</summary>
    /// <exception cref="ShellSqlException">A statement failed; earlier statements stay executed.</exception>
    void Execute(string sql, IResultSink sink);

    /// <summary>Interrupts the statement running on another thread (Ctrl-C); safe to call from any thread.</summary>
    void Cancel();
}
