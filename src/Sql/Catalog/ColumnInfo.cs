using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Catalog;

/// <summary>One column of a table as declared in its CREATE TABLE statement.</summary>
internal sealed class ColumnInfo
{
    /// <summary>Creates a column.</summary>
    public ColumnInfo(string name, string? declaredType)
    {
        Name = name;
        DeclaredType = declaredType;
        Affinity = AffinityRules.FromTypeName(declaredType);
    }

    /// <summary>The column name as declared.</summary>
    public string Name { get; }

    /// <summary>The declared type as written, or null.</summary>
    public string? DeclaredType { get; }

    /// <summary>Column affinity from the declared type.</summary>
    public Affinity Affinity { get; }

    /// <summary>The COLLATE name, or null for BINARY.</summary>
    public string? Collation { get; set; }

    /// <summary>NOT NULL was declared.</summary>
    public bool NotNull { get; set; }

    /// <summary>Conflict resolution of the NOT NULL constraint.</summary>
    public ConflictResolution NotNullConflict { get; set; }

    /// <summary>The DEFAULT expression, or null.</summary>
    public Expr? Default { get; set; }

    /// <summary>The DEFAULT text as written (PRAGMA table_info dflt_value).</summary>
    public string? DefaultText { get; set; }

    /// <summary>Position of this column in the PRIMARY KEY (1-based), 0 when not part of it.</summary>
    public int PrimaryKeyPosition { get; set; }
}
