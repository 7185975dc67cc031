using MiniSql.Engine.Records;

namespace MiniSql.Sql.Execution;

/// <summary>A compiled statement: a query plan plus what the statement needs from the connection.</summary>
internal sealed class Executable
{
    private readonly QueryPlan _plan;

    /// <summary>Creates an executable.</summary>
    public Executable(QueryPlan plan, bool writes, bool managesTransaction = false)
    {
        _plan = plan;
        Writes = writes;
        ManagesTransaction = managesTransaction;
    }

    /// <summary>True when the statement writes (needs a write transaction and a statement savepoint).</summary>
    public bool Writes { get; }

    /// <summary>
    /// False for a write that changes at most one row, after every check that can fail (a single-row INSERT without
    /// triggers, REPLACE, UPSERT, RETURNING or AUTOINCREMENT, into a table foreign keys do not apply to, whose
    /// checks run at the statement's end): it runs without a statement savepoint, as SQLite's usesStmtJournal.
    /// </summary>
    public bool NeedsStatementJournal(Database database) =>
        _plan is not ActionPlan { SingleRowTarget: { } table } || ForeignKeyEnforcer.Applies(database, table);

    /// <summary>True for BEGIN/COMMIT/ROLLBACK/SAVEPOINT/RELEASE, which drive the transaction themselves.</summary>
    public bool ManagesTransaction { get; }

    /// <summary>Result columns.</summary>
    public ColumnMeta[] Columns => _plan.Columns;

    /// <summary>The current row.</summary>
    public SqlValue[] Row => _plan.Row;

    /// <summary>The plan.</summary>
    public QueryPlan Plan => _plan;

    /// <summary>Starts a run.</summary>
    public void Open() => _plan.Open();

    /// <summary>Next row.</summary>
    public bool Next() => _plan.Next();

    /// <summary>Ends a run.</summary>
    public void Close() => _plan.Close();
}
