using MiniSql.Engine.Records;

namespace MiniSql.Sql.Execution;

/// <summary>
/// A pull-based row producer (iterator model): Open, then Next until false, then Close. Each Next leaves the
/// current row in <see cref="Row"/> (a reused buffer: copy it to keep it).
/// </summary>
internal abstract class QueryPlan
{
    /// <summary>Result columns.</summary>
    public ColumnMeta[] Columns { get; protected set; } = [];

    /// <summary>The current row (length ≥ Columns.Length; extra slots carry sort keys between operators).</summary>
    public SqlValue[] Row { get; protected set; } = [];

    /// <summary>Starts (or restarts) producing rows.</summary>
    public abstract void Open();

    /// <summary>Moves to the next row; false when there are no more.</summary>
    public abstract bool Next();

    /// <summary>Releases cursors; the plan can be opened again.</summary>
    public abstract void Close();

    /// <summary>Adds EXPLAIN QUERY PLAN lines for this plan.</summary>
    public virtual void Explain(ExplainBuilder builder, int parent) { }
}
