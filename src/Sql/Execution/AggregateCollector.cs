using MiniSql.Sql.Functions;
using SemCollation = MiniSql.Engine.Records.CollatingSequence;

namespace MiniSql.Sql.Execution;

/// <summary>The aggregate calls of one aggregate query, each with its compiled arguments.</summary>
internal sealed class AggregateCollector
{
    /// <summary>Aggregate slots; slot i's value is Frame.Aggs[i] during output.</summary>
    public List<AggregateSlot> Slots { get; } = new();
}

/// <summary>One aggregate call: function, arguments, DISTINCT, FILTER.</summary>
internal sealed record AggregateSlot(AggregateFunction Function, CompiledExpr[] Arguments, bool Distinct, CompiledExpr? Filter, SemCollation Collation);
