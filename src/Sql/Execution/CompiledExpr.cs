using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;
using SemCollation = MiniSql.Engine.Records.CollatingSequence;

namespace MiniSql.Sql.Execution;

/// <summary>
/// An expression compiled to a closure, with the static facts SQLite derives from its tree: affinity, collation
/// (and whether it was explicit), and for a plain column reference the source and column it reads.
/// </summary>
internal sealed class CompiledExpr
{
    /// <summary>Creates a compiled expression.</summary>
    public CompiledExpr(Func<SqlValue> eval, Affinity affinity = Affinity.None)
    {
        Eval = eval;
        Affinity = affinity;
    }

    /// <summary>Evaluates the expression against the current frame registers.</summary>
    public Func<SqlValue> Eval { get; }

    /// <summary>Expression affinity (None unless a column or CAST).</summary>
    public Affinity Affinity { get; init; }

    /// <summary>The collation, or null when none applies (BINARY).</summary>
    public SemCollation? Collation { get; init; }

    /// <summary>True when the collation came from a COLLATE operator.</summary>
    public bool ExplicitCollation { get; init; }

    /// <summary>For a plain column reference: the source it reads.</summary>
    public SourceBinding? Source { get; init; }

    /// <summary>For a plain column reference: the column (-1 = rowid).</summary>
    public int Column { get; init; } = -2;

    /// <summary>True for a literal or a bound parameter (no column references).</summary>
    public bool IsConstant { get; init; }

    /// <summary>Bit set of this scope's sources the expression reads (for predicate placement).</summary>
    public ulong UsedSources { get; set; }

    /// <summary>True when the expression reads a column of an enclosing query.</summary>
    public bool UsesOuter { get; set; }
}
