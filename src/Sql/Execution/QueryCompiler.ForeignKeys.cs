using MiniSql.Sql.Catalog;

namespace MiniSql.Sql.Execution;

// Writers for foreign key actions (ON DELETE / ON UPDATE CASCADE, SET NULL, SET DEFAULT) on child tables.
internal sealed partial class QueryCompiler
{
    /// <summary>Opens a writer on <paramref name="table"/> with its CHECK constraints and defaults compiled.</summary>
    internal TableWriter OpenWriter(TableInfo table) => new(_database, table, CompileChecks(table), DefaultEvaluator(table));
}
