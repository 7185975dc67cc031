using MiniSql.Engine.Records;

namespace MiniSql.Sql.Execution;

/// <summary>
/// A compiled RETURNING clause ("RETURNING"): expressions over one pseudo-row of the modified table (its columns
/// then its rowid), evaluated once per row the statement itself changes.
/// </summary>
internal sealed class ReturningClause
{
    private readonly Frame _frame;
    private readonly CompiledExpr[] _expressions;

    /// <summary>Creates the clause.</summary>
    public ReturningClause(Frame frame, CompiledExpr[] expressions, ColumnMeta[] columns)
    {
        _frame = frame;
        _expressions = expressions;
        Columns = columns;
    }

    /// <summary>Result columns.</summary>
    public ColumnMeta[] Columns { get; }

    /// <summary>Evaluates the clause for <paramref name="row"/> (column values then rowid).</summary>
    public SqlValue[] Evaluate(SqlValue[] row)
    {
        _frame.Values = row;
        var result = new SqlValue[_expressions.Length];
        for (int i = 0; i < result.Length; i++) result[i] = _expressions[i].Eval();
        return result;
    }
}
