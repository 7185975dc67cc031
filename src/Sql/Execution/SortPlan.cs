using MiniSql.Engine.Records;

namespace MiniSql.Sql.Execution;

/// <summary>ORDER BY: materializes the input's rows (output columns plus trailing sort keys) and returns them sorted (stable).</summary>
internal sealed class SortPlan : QueryPlan
{
    private readonly QueryPlan _input;
    private readonly RowComparer _comparer;
    private readonly int _width;
    private List<SqlValue[]>? _rows;
    private int _position;

    /// <summary>Creates a sort over <paramref name="input"/>.</summary>
    public SortPlan(QueryPlan input, RowComparer comparer, int width)
    {
        _input = input;
        _comparer = comparer;
        _width = width;
        Columns = input.Columns;
    }

    /// <inheritdoc />
    public override void Open()
    {
        _input.Open();
        var rows = new List<SqlValue[]>();
        try
        {
            while (_input.Next()) rows.Add(_input.Row.AsSpan(0, _width).ToArray());
        }
        finally
        {
            _input.Close();
        }
        // List.Sort is unstable; break ties by arrival order.
        var order = new int[rows.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var array = rows.ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = _comparer.Compare(array[a], array[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        _rows = new List<SqlValue[]>(order.Length);
        foreach (int i in order) _rows.Add(array[i]);
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
    public override void Close()
    {
        _rows = null;
    }

    /// <inheritdoc />
    public override void Explain(ExplainBuilder builder, int parent)
    {
        _input.Explain(builder, parent);
        builder.Add(parent, "USE TEMP B-TREE FOR ORDER BY");
    }
}
