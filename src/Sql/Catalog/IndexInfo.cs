using MiniSql.Engine.Records;
using MiniSql.Sql.Parsing.Ast;
using SemCollation = MiniSql.Engine.Records.CollatingSequence;

namespace MiniSql.Sql.Catalog;

/// <summary>
/// An index b-tree over a table: key = the indexed column values followed by the rowid (SQLite's index record
/// format for rowid tables). Origin is "c" (CREATE INDEX), "u" (UNIQUE constraint) or "pk" (PRIMARY KEY).
/// </summary>
internal sealed class IndexInfo
{
    private static readonly CollationRegistry BuiltIns = new();
    private readonly CollationRegistry _registry;
    private int _resolvedVersion = -1;
    private SemCollation[] _semanticCollations = [];
    private KeyInfo _keyInfo = KeyInfo.Default;

    /// <summary>
    /// Creates an index definition. Collation names are looked up in <paramref name="registry"/> (the connection's;
    /// built-ins only when null) on first use and again after the registry changes, so a schema naming a collation
    /// that is not registered loads, and only statements that use the index fail (as in SQLite).
    /// </summary>
    public IndexInfo(string name, TableInfo table, int[] columns, string[] collations, bool[] descending, bool unique, string origin,
        CollationRegistry? registry = null)
    {
        Name = name;
        Table = table;
        Columns = columns;
        Collations = collations;
        Descending = descending;
        Unique = unique;
        Origin = origin;
        _registry = registry ?? BuiltIns;
    }

    /// <summary>Looks the key collations up again when the registry changed since the last lookup.</summary>
    private void Resolve()
    {
        if (_resolvedVersion == _registry.Version) return;
        var resolved = new SemCollation[Columns.Length];
        for (int i = 0; i < Columns.Length; i++)
        {
            // BINARY always means memcmp for keys: SQLite keeps index order byte-wise even when BINARY is redefined.
            resolved[i] = Collations[i].Equals("BINARY", StringComparison.OrdinalIgnoreCase) ? SemCollation.Binary : _registry.Get(Collations[i]);
        }
        _semanticCollations = resolved;
        _keyInfo = new KeyInfo(resolved, Descending);
        _resolvedVersion = _registry.Version;
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
    /// <exception cref="MiniSqlException">SQLITE_ERROR_MISSING_COLLSEQ when a key collation is not registered.</exception>
    public SemCollation[] SemanticCollations
    {
        get
        {
            Resolve();
            return _semanticCollations;
        }
    }

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
    /// <exception cref="MiniSqlException">SQLITE_ERROR_MISSING_COLLSEQ when a key collation is not registered.</exception>
    public KeyInfo KeyInfo
    {
        get
        {
            Resolve();
            return _keyInfo;
        }
    }
}
