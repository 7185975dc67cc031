using MiniSql.Engine.Records;

namespace MiniSql.Sql.Execution;

/// <summary>Copies chosen output columns after the row as sort keys (ORDER BY of a compound or VALUES).</summary>
internal sealed class KeyAppendPlan : QueryPlan
{
    private readonly QueryPlan _input;
    private readonly int[] _keys;

    /// <summary>Creates the plan.</summary>
    public KeyAppendPlan(QueryPlan input, int[] keys)
    {
        _input = input;
        _keys = keys;
        Columns = input.Columns;
        Row = new SqlValue[input.Columns.Length + keys.Length];
    }

    /// <inheritdoc />
    public override void Open() => _input.Open();

    /// <inheritdoc />
    public override bool Next()
    {
        if (!_input.Next()) return false;
        int n = Columns.Length;
        Array.Copy(_input.Row, Row, n);
        for (int i = 0; i < _keys.Length; i++) Row[n + i] = _input.Row[_keys[i]];
        return true;
    }

    /// <inheritdoc />
    public override void Close() => _input.Close();

    /// <inheritdoc />
    public override void Explain(ExplainBuilder builder, int parent) => _input.Explain(builder, parent);
}
