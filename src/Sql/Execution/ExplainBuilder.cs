namespace MiniSql.Sql.Execution;

/// <summary>Collects EXPLAIN QUERY PLAN rows (id, parent, notused, detail) in SQLite's wording.</summary>
internal sealed class ExplainBuilder
{
    private int _nextId = 1;

    /// <summary>The rows so far.</summary>
    public List<(int Id, int Parent, string Detail)> Rows { get; } = new();

    /// <summary>Adds a row and returns its id.</summary>
    public int Add(int parent, string detail)
    {
        int id = _nextId++;
        Rows.Add((id, parent, detail));
        return id;
    }
}
