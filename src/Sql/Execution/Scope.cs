using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Execution;

/// <summary>Name-resolution scope of one SELECT core (or DML statement): its sources and frame, and the enclosing scope.</summary>
internal sealed class Scope
{
    /// <summary>Creates a scope.</summary>
    public Scope(Scope? parent)
    {
        Parent = parent;
    }

    /// <summary>The enclosing query's scope (correlated references resolve there).</summary>
    public Scope? Parent { get; }

    /// <summary>The registers.</summary>
    public Frame Frame { get; } = new();

    /// <summary>FROM sources in order.</summary>
    public List<SourceBinding> Sources { get; } = new();

    /// <summary>True when some expression in this scope (or nested in it) read a column of an enclosing scope.</summary>
    public bool Correlated { get; set; }

    /// <summary>Result-column aliases usable in WHERE/GROUP BY/HAVING/ORDER BY (resolved after FROM columns).</summary>
    public Dictionary<string, Expr>? Aliases { get; set; }

    /// <summary>Collects aggregate calls while compiling an aggregate query's outputs; null elsewhere.</summary>
    public AggregateCollector? Aggregates { get; set; }

    /// <summary>Total frame width.</summary>
    public int Width { get; set; }

    /// <summary>Adds a source, assigning its frame slots.</summary>
    public void Add(SourceBinding source)
    {
        source.Index = Sources.Count;
        source.Offset = Width;
        if (source.Table is not null) source.RowidSlot = Width + source.Columns.Length;
        Width += source.Width;
        Sources.Add(source);
    }
}
