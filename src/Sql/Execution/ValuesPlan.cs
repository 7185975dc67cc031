using MiniSql.Engine.Records;

namespace MiniSql.Sql.Execution;

/// <summary>VALUES (..), (..): evaluates each row's expressions in turn.</summary>
internal sealed class ValuesPlan : QueryPlan
{
    private readonly CompiledExpr[][] _rows;
    private int _position;

    /// <summary>Creates a VALUES plan.</summary>
    public ValuesPlan(CompiledExpr[][] rows, ColumnMeta[] columns)
    {
        _rows = rows;
        Columns = columns;
        Row = new SqlValue[columns.Length];
    }

    /// <inheritdoc />
    public override void Open() => _position = 0;

    /// <inheritdoc />
    public override bool Next()
    {
        if (_position >= _rows.Length) return false;
        var exprs = _rows[_position++];
        for (int i = 0; i < exprs.Length; i++) Row[i] = exprs[i].Eval();
        return true;
    }

    /// <inheritdoc />
    public override void Close() { }

    /// <inheritdoc />
    public override void Explain(ExplainBuilder builder, int parent) => builder.Add(parent, $"SCAN {_rows.Length} CONSTANT ROWS");
}
