using MiniSql.Engine.Records;

namespace MiniSql.Sql.Execution;

/// <summary>A statement that does its work when opened and returns rows computed then (DDL, DML, PRAGMA, EXPLAIN).</summary>
internal sealed class ActionPlan : QueryPlan
{
    private readonly Func<List<SqlValue[]>?> _action;
    private List<SqlValue[]>? _rows;
    private int _position;

    /// <summary>Creates the plan.</summary>
    public ActionPlan(Func<List<SqlValue[]>?> action, ColumnMeta[]? columns = null)
    {
        _action = action;
        Columns = columns ?? [];
    }

    /// <summary>
    /// The table of an action that writes at most one row, after every check that can fail, so needs no statement
    /// savepoint unless foreign keys apply (see <see cref="Executable.NeedsStatementJournal"/>); null for any other.
    /// </summary>
    public Catalog.TableInfo? SingleRowTarget { get; init; }

    /// <inheritdoc />
    public override void Open()
    {
        _rows = _action();
        _position = 0;
    }

    /// <inheritdoc />
    public override bool Next()
    {
        if (_rows is null || _position >= _rows.Count) return false;
        Row = _rows[_position++];
        return true;
    }

    /// <inheritdoc />
    public override void Close() => _rows = null;
}
