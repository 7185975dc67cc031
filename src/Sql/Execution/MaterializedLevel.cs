using MiniSql.Engine.Records;

namespace MiniSql.Sql.Execution;

/// <summary>A level over a subquery, view or CTE: its rows are computed once per statement run and replayed.</summary>
internal sealed class MaterializedLevel : Level
{
    private readonly QueryPlan? _plan;

    /// <summary>The subquery plan (null for a working table).</summary>
    public QueryPlan? Plan => _plan;
    private readonly RunContext _run;
    private List<SqlValue[]>? _rows;
    private long _epoch;
    private int _position;

    /// <summary>Creates a level over <paramref name="plan"/>, or over rows supplied through <see cref="Rows"/>.</summary>
    public MaterializedLevel(SourceBinding source, Frame frame, QueryPlan? plan, RunContext run) : base(source, frame)
    {
        _plan = plan;
        _run = run;
    }

    /// <summary>Externally supplied rows (recursive CTE working table).</summary>
    public List<SqlValue[]>? Rows { get; set; }

    /// <summary>Name used in EXPLAIN QUERY PLAN.</summary>
    public string Label { get; set; } = "";

    /// <inheritdoc />
    public override void Open()
    {
        _position = 0;
        if (_plan is null) return;
        if (_rows is not null && _epoch == _run.Epoch) return;
        var rows = new List<SqlValue[]>();
        _plan.Open();
        try
        {
            int n = _plan.Columns.Length;
            while (_plan.Next()) rows.Add(_plan.Row.AsSpan(0, n).ToArray());
        }
        finally
        {
            _plan.Close();
        }
        _rows = rows;
        _epoch = _run.Epoch;
    }

    /// <inheritdoc />
    public override bool Next()
    {
        var rows = _plan is null ? Rows : _rows;
        if (rows is null || _position >= rows.Count) return false;
        var row = rows[_position++];
        Array.Copy(row, 0, Frame.Values, Source.Offset, Source.Columns.Length);
        return true;
    }

    /// <inheritdoc />
    public override void Close() { }

    /// <inheritdoc />
    public override string Describe() => "SCAN " + Label;
}
