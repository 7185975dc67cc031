namespace MiniSql.Sql.Execution;

/// <summary>
/// Per-statement execution state shared by all compiled closures of one statement: the connection, the bound
/// parameters and an epoch that invalidates cached results of uncorrelated subqueries on every new run.
/// </summary>
internal sealed class RunContext
{
    /// <summary>Creates a context.</summary>
    public RunContext(Database database, int parameterCount)
    {
        Database = database;
        Parameters = new Engine.Records.SqlValue[parameterCount];
    }

    /// <summary>The full SQL text the statement was prepared from (AST offsets index into it).</summary>
    public string Sql { get; set; } = "";

    /// <summary>The connection.</summary>
    public Database Database { get; }

    /// <summary>Bound parameter values by index - 1.</summary>
    public Engine.Records.SqlValue[] Parameters { get; }

    /// <summary>Incremented at each run (Reset + Step) of the statement.</summary>
    public long Epoch { get; set; } = 1;

    /// <summary>A token that interrupts this statement once cancelled (set by the provider per execution).</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Checks the interrupt flag and the statement's token (called once per produced row by loops).</summary>
    public void CheckInterrupt()
    {
        if (Database.InterruptRequested || CancellationToken.IsCancellationRequested) ThrowHelper.Throw(ResultCode.Interrupt, "interrupted");
    }
}
