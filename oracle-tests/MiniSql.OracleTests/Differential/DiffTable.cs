namespace MiniSql.OracleTests.Differential;

/// <summary>One generated table (always a rowid table).</summary>
internal sealed record DiffTable(string Name, IReadOnlyList<DiffColumn> Columns)
{
    /// <summary>The CREATE TABLE statement.</summary>
    public string CreateSql() => $"CREATE TABLE {Name}({string.Join(", ", Columns.Select(c => c.Definition()))})";
}
