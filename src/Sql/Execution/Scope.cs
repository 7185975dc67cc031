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

    /// <summary>The SELECT core this scope belongs to (null for DML statements and helper scopes).</summary>
    public SelectCore? Core { get; set; }

    /// <summary>
    /// True while a non-aggregate core compiles its result columns: an aggregate in a subquery that reads only
    /// this scope's columns then makes the core an aggregate query (SQLite's NC_HasAgg on an outer name context).
    /// </summary>
    public bool AggregateCandidate { get; set; }

    /// <summary>
    /// True while compiling this core's GROUP BY or ORDER BY terms: SQLite resolves them without the enclosing
    /// queries' name contexts, so an outer column there is "no such column".
    /// </summary>
    public bool HideOuter { get; set; }

    /// <summary>True for the empty scope wrapping an EXISTS subquery, whose result columns are never computed.</summary>
    public bool ExistsWrapper { get; set; }

    /// <summary>True while this core compiles its result columns.</summary>
    public bool CompilingOutputs { get; set; }

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
