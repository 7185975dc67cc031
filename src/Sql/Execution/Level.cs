using MiniSql.Engine.Records;

namespace MiniSql.Sql.Execution;

/// <summary>
/// One loop of a nested-loop join: produces the candidate rows of one FROM source into the frame. Filters placed
/// on the level are evaluated by <see cref="JoinLoop"/>; <see cref="OnFilters"/> decide a LEFT JOIN match.
/// </summary>
internal abstract class Level
{
    /// <summary>Creates a level for a source.</summary>
    protected Level(SourceBinding source, Frame frame)
    {
        Source = source;
        Frame = frame;
    }

    /// <summary>The source.</summary>
    public SourceBinding Source { get; }

    /// <summary>The registers.</summary>
    protected Frame Frame { get; }

    /// <summary>True when this is the right side of a LEFT JOIN.</summary>
    public bool LeftJoin { get; set; }

    /// <summary>Join conditions of a LEFT JOIN (a row matches when all are true).</summary>
    public List<CompiledExpr> OnFilters { get; } = new();

    /// <summary>WHERE conjuncts and inner-join conditions evaluated here.</summary>
    public List<CompiledExpr> Filters { get; } = new();

    internal bool Matched;
    internal bool Exhausted;
    internal bool NullEmitted;

    /// <summary>Starts a new pass over the candidate rows (outer levels' registers are set).</summary>
    public abstract void Open();

    /// <summary>Loads the next candidate row into the frame.</summary>
    public abstract bool Next();

    /// <summary>Releases cursors.</summary>
    public abstract void Close();

    /// <summary>The EXPLAIN QUERY PLAN detail for this level.</summary>
    public abstract string Describe();

    /// <summary>An EXPLAIN QUERY PLAN line shown before <see cref="Describe"/> (SQLite's "BLOOM FILTER ON ..."), or null.</summary>
    public virtual string? DescribeBefore() => null;

    /// <summary>Sets the source's registers to NULL (LEFT JOIN without a match).</summary>
    public void SetNullRow()
    {
        var values = Frame.Values;
        for (int i = 0; i < Source.Width; i++) values[Source.Offset + i] = SqlValue.Null;
    }
}
