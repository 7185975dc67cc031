namespace MiniSql.OracleTests.Differential;

/// <summary>One generated test case.</summary>
/// <param name="Index">0-based position in the seed's sequence.</param>
/// <param name="Kind">Query or mutation.</param>
/// <param name="Sql">One SQL statement.</param>
/// <param name="Compare">How rows are compared.</param>
/// <param name="Table">For mutations: the table whose contents are compared afterwards.</param>
internal sealed record DiffCase(int Index, DiffCaseKind Kind, string Sql, DiffCompareMode Compare, string? Table = null);
