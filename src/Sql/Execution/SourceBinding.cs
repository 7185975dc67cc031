using MiniSql.Sql.Catalog;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

/// <summary>
/// One FROM-clause item as name resolution sees it: the name it is referenced by, its columns with affinity,
/// collation and declared type, and where its values live in the frame.
/// </summary>
internal sealed class SourceBinding
{
    /// <summary>Creates a binding.</summary>
    public SourceBinding(string name, TableInfo? table, ColumnMeta[] columns)
    {
        Name = name;
        Table = table;
        Columns = columns;
    }

    /// <summary>The alias, or the table/view/CTE name.</summary>
    public string Name { get; }

    /// <summary>The base table, or null for subqueries and views.</summary>
    public TableInfo? Table { get; }

    /// <summary>Columns.</summary>
    public ColumnMeta[] Columns { get; }

    /// <summary>Position within the scope's sources (bit in masks).</summary>
    public int Index { get; set; }

    /// <summary>Frame slot of column 0.</summary>
    public int Offset { get; set; }

    /// <summary>Frame slot of the rowid (base tables), or -1.</summary>
    public int RowidSlot { get; set; } = -1;

    /// <summary>Column names merged into an earlier source by USING/NATURAL (excluded from * and unqualified lookups).</summary>
    public HashSet<string>? Merged { get; set; }

    /// <summary>Columns some compiled expression reads (null until the first one); decides covering indexes.</summary>
    public bool[]? UsedColumns { get; private set; }

    /// <summary>Records that a compiled expression reads <paramref name="column"/> (-1 = rowid, always available).</summary>
    public void MarkUsed(int column)
    {
        if (column < 0) return;
        UsedColumns ??= new bool[Columns.Length];
        UsedColumns[column] = true;
    }

    /// <summary>Number of frame slots used.</summary>
    public int Width => Columns.Length + (Table is not null ? 1 : 0);

    /// <summary>Finds a column by name; -1 when absent.</summary>
    public int FindColumn(string name)
    {
        for (int i = 0; i < Columns.Length; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }
}

/// <summary>Static description of a result or source column.</summary>
internal sealed record ColumnMeta(string Name, string? DeclaredType, Affinity Affinity, string? Collation, string? TableName, string? OriginName);
