using MiniSql.Engine.Records;
using MiniSql.Sql.Parsing.Ast;
using RecordCollation = MiniSql.Engine.Records.CollatingSequence;
using SemCollation = MiniSql.Engine.Records.CollatingSequence;

namespace MiniSql.Sql.Catalog;

/// <summary>
/// An index b-tree over a table: key = the indexed column values followed by the rowid (SQLite's index record
/// format for rowid tables). Origin is "c" (CREATE INDEX), "u" (UNIQUE constraint) or "pk" (PRIMARY KEY).
/// </summary>
internal sealed class IndexInfo
{
    /// <summary>Creates an index definition.</summary>
    public IndexInfo(string name, TableInfo table, int[] columns, string[] collations, bool[] descending, bool unique, string origin)
    {
        Name = name;
        Table = table;
        Columns = columns;
        Collations = collations;
        Descending = descending;
        Unique = unique;
        Origin = origin;
        var recordCollations = new RecordCollation[columns.Length];
        SemanticCollations = new SemCollation[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            recordCollations[i] = collations[i].ToUpperInvariant() switch
            {
                "NOCASE" => RecordCollation.NoCase,
                "RTRIM" => RecordCollation.RTrim,
                _ => RecordCollation.Binary,
            };
            SemanticCollations[i] = MiniSql.Sql.Catalog.BuiltInCollations.Find(collations[i]) ?? SemCollation.Binary;
        }
        KeyInfo = new KeyInfo(recordCollations, descending);
    }

    /// <summary>The index name (sqlite_autoindex_T_N for constraint indexes).</summary>
    public string Name { get; }

    /// <summary>The indexed table.</summary>
    public TableInfo Table { get; }

    /// <summary>Table column positions of the key columns (-1 = rowid).</summary>
    public int[] Columns { get; }

    /// <summary>Collation name per key column.</summary>
    public string[] Collations { get; }

    /// <summary>Collation per key column for expression comparisons.</summary>
    public SemCollation[] SemanticCollations { get; }

    /// <summary>DESC per key column.</summary>
    public bool[] Descending { get; }

    /// <summary>True for UNIQUE and PRIMARY KEY indexes.</summary>
    public bool Unique { get; }

    /// <summary>"c", "u" or "pk" (PRAGMA index_list origin).</summary>
    public string Origin { get; }

    /// <summary>The conflict resolution declared on the constraint.</summary>
    public ConflictResolution OnConflict { get; set; }

    /// <summary>The partial-index WHERE clause, or null.</summary>
    public Expr? Where { get; set; }

    /// <summary>The root page.</summary>
    public uint RootPage { get; set; }

    /// <summary>The CREATE INDEX text (null for autoindexes).</summary>
    public string? Sql { get; set; }

    /// <summary>Key comparison for the b-tree.</summary>
    public KeyInfo KeyInfo { get; }
}
