using MiniSql.Engine.Records;

namespace MiniSql.Sql.Execution;

/// <summary>
/// The row registers of one SELECT core: every source of its FROM clause owns a slice of <see cref="Values"/>
/// (its columns, then its rowid). Compiled expressions capture the frame object, not the array, so the aggregate
/// phase can point <see cref="Values"/> at a group's saved row and <see cref="Aggs"/> at its finished aggregates.
/// </summary>
internal sealed class Frame
{
    /// <summary>Column registers.</summary>
    public SqlValue[] Values = [];

    /// <summary>Aggregate results of the current group.</summary>
    public SqlValue[] Aggs = [];
}
