using MiniSql.Engine.Records;

namespace MiniSql.Sql.Execution;

/// <summary>
/// WITH RECURSIVE: runs the initial select into a queue, then repeatedly takes one row off the queue, outputs it,
/// and runs the recursive select with that row as the working table, queueing its results (UNION drops rows seen
/// before).
/// </summary>
internal sealed class RecursiveCtePlan : QueryPlan
{
    private readonly QueryPlan _initial;
    private readonly QueryPlan _recursive;
    private readonly List<SqlValue[]> _working;
    private readonly RowComparer? _distinct;
    private readonly Queue<SqlValue[]> _queue = new();
    private SortedSet<SqlValue[]>? _seen;

    /// <summary>Creates the plan; <paramref name="working"/> is the list the recursive select's working-table level reads.</summary>
    public RecursiveCtePlan(QueryPlan initial, QueryPlan recursive, List<SqlValue[]> working, RowComparer? distinct, ColumnMeta[] columns)
    {
        _initial = initial;
        _recursive = recursive;
        _working = working;
        _distinct = distinct;
        Columns = columns;
        Row = new SqlValue[columns.Length];
    }

    private void Enqueue(QueryPlan plan)
    {
        int n = Columns.Length;
        plan.Open();
        try
        {
            while (plan.Next())
            {
                var row = plan.Row.AsSpan(0, n).ToArray();
                if (_seen is not null && !_seen.Add(row)) continue;
                _queue.Enqueue(row);
            }
        }
        finally
        {
            plan.Close();
        }
    }

    /// <inheritdoc />
    public override void Open()
    {
        _queue.Clear();
        _seen = _distinct is null ? null : new SortedSet<SqlValue[]>(_distinct);
        Enqueue(_initial);
    }

    /// <inheritdoc />
    public override bool Next()
    {
        if (_queue.Count == 0) return false;
        var row = _queue.Dequeue();
        Array.Copy(row, Row, row.Length);
        _working.Clear();
        _working.Add(row);
        Enqueue(_recursive);
        return true;
    }

    /// <inheritdoc />
    public override void Close()
    {
        _queue.Clear();
        _seen = null;
    }
}
