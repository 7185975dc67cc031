using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Catalog;

/// <summary>A rowid table: columns, constraints, indexes and its b-tree root.</summary>
internal sealed class TableInfo
{
    private readonly Dictionary<string, int> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a table definition.</summary>
    public TableInfo(string name, List<ColumnInfo> columns)
    {
        Name = name;
        Columns = columns;
        for (int i = 0; i < columns.Count; i++) _byName.TryAdd(columns[i].Name, i);
    }

    /// <summary>The table name.</summary>
    public string Name { get; }

    /// <summary>Columns in declaration order.</summary>
    public List<ColumnInfo> Columns { get; }

    /// <summary>Index of the INTEGER PRIMARY KEY column (rowid alias), or -1.</summary>
    public int RowidAlias { get; set; } = -1;

    /// <summary>Conflict resolution of the INTEGER PRIMARY KEY.</summary>
    public ConflictResolution RowidConflict { get; set; }

    /// <summary>AUTOINCREMENT was declared.</summary>
    public bool Autoincrement { get; set; }

    /// <summary>The table's root page.</summary>
    public uint RootPage { get; set; }

    /// <summary>The CREATE TABLE text stored in sqlite_schema.</summary>
    public string Sql { get; set; } = "";

    /// <summary>Indexes in creation order (autoindexes first).</summary>
    public List<IndexInfo> Indexes { get; } = new();

    /// <summary>CHECK constraints: name (or null) and expression with its text.</summary>
    public List<(string? Name, Expr Expression, string Text)> Checks { get; } = new();

    /// <summary>Foreign keys declared by this table (as a child), in declaration order.</summary>
    public List<ForeignKeyInfo> ForeignKeys { get; } = new();

    /// <summary>True for sqlite_schema and other internal tables that cannot be dropped.</summary>
    public bool IsSystem { get; set; }

    /// <summary>Finds a column by name (case-insensitive); -1 when absent.</summary>
    public int FindColumn(string name) => _byName.TryGetValue(name, out int i) ? i : -1;

    /// <summary>True when <paramref name="name"/> is rowid, oid or _rowid_ and no column hides it.</summary>
    public bool IsRowidName(string name) =>
        FindColumn(name) < 0 && (name.Equals("rowid", StringComparison.OrdinalIgnoreCase)
            || name.Equals("oid", StringComparison.OrdinalIgnoreCase)
            || name.Equals("_rowid_", StringComparison.OrdinalIgnoreCase));
}
