using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Execution;

/// <summary>
/// Raised at prepare time when a subquery's aggregate belongs to an enclosing core that was compiled as a
/// non-aggregate query; that core catches it and compiles again as an aggregate query.
/// </summary>
internal sealed class OuterAggregateException(SelectCore core) : Exception("aggregate of an enclosing query")
{
    /// <summary>The core that must be compiled as an aggregate query.</summary>
    public SelectCore Core { get; } = core;
}
