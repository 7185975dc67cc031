using MiniSql.Engine.BTree;
using MiniSql.Engine.Records;
using MiniSql.Sql.Parsing;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Catalog;

/// <summary>
/// The in-memory schema of one database, rebuilt from sqlite_schema whenever the schema cookie changes. Tables
/// are built from their CREATE TABLE text (so files written by SQLite load the same way as ours); constraint
/// indexes (sqlite_autoindex_T_N) are derived from the table definition in SQLite's order and matched to their
/// sqlite_schema rows by name to learn the root pages.
/// </summary>
internal sealed class SchemaCatalog
{
    /// <summary>Tables by name (case-insensitive).</summary>
    public Dictionary<string, TableInfo> Tables { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Indexes by name (case-insensitive).</summary>
    public Dictionary<string, IndexInfo> Indexes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Views by name (case-insensitive).</summary>
    public Dictionary<string, ViewInfo> Views { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Triggers by name (case-insensitive).</summary>
    public Dictionary<string, TriggerInfo> Triggers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The schema cookie this catalog was read at.</summary>
    public uint Cookie { get; set; }

    /// <summary>Foreign keys by parent table name, built on first use by ForeignKeyEnforcer.</summary>
    public Dictionary<string, List<(TableInfo Child, ForeignKeyInfo Key)>>? ReferencedBy { get; set; }

    /// <summary>The sqlite_schema table itself (root page 1).</summary>
    public static TableInfo SchemaTableInfo { get; } = CreateSchemaTableInfo();

    private static TableInfo CreateSchemaTableInfo()
    {
        var columns = new List<ColumnInfo>
        {
            new("type", "text"), new("name", "text"), new("tbl_name", "text"), new("rootpage", "int"), new("sql", "text"),
        };
        return new TableInfo("sqlite_schema", columns) { RootPage = 1, IsSystem = true, Sql = "CREATE TABLE sqlite_schema(type text,name text,tbl_name text,rootpage int,sql text)" };
    }

    /// <summary>Finds a table, including sqlite_schema / sqlite_master.</summary>
    public TableInfo? FindTable(string name)
    {
        if (Tables.TryGetValue(name, out var t)) return t;
        if (name.Equals("sqlite_schema", StringComparison.OrdinalIgnoreCase) || name.Equals("sqlite_master", StringComparison.OrdinalIgnoreCase))
            return SchemaTableInfo;
        return null;
    }

    /// <summary>
    /// Loads every object from sqlite_schema rows. Index collations are looked up in <paramref name="collations"/>
    /// when an index is used, not here: a schema naming an unregistered collation still loads.
    /// </summary>
    public static SchemaCatalog Load(IReadOnlyList<SchemaRow> rows, uint cookie, CollationRegistry? collations = null)
    {
        var catalog = new SchemaCatalog { Cookie = cookie };
        var roots = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            if (row.Type == "index" && row.Sql is null) roots[row.Name] = row.RootPage;
        }
        foreach (var row in rows)
        {
            if (row.Sql is null) continue;
            try
            {
                var statement = SqlParser.ParseStatement(row.Sql, 0, out _);
                switch (statement)
                {
                    case CreateTableStatement ct:
                        var table = BuildTable(ct, row.Sql, collations);
                        table.RootPage = row.RootPage;
                        foreach (var index in table.Indexes)
                        {
                            if (roots.TryGetValue(index.Name, out uint r)) index.RootPage = r;
                            catalog.Indexes[index.Name] = index;
                        }
                        catalog.Tables[table.Name] = table;
                        break;
                    case CreateIndexStatement ci when catalog.Tables.TryGetValue(ci.Table, out var owner):
                        var idx = BuildIndex(ci, owner, collations);
                        idx.RootPage = row.RootPage;
                        idx.Sql = row.Sql;
                        owner.Indexes.Add(idx);
                        catalog.Indexes[idx.Name] = idx;
                        break;
                    case CreateViewStatement cv:
                        catalog.Views[cv.Name.Name] = new ViewInfo(cv.Name.Name, cv.Columns, cv.Query, row.Sql);
                        break;
                    case CreateTriggerStatement tr:
                        catalog.Triggers[tr.Name.Name] = new TriggerInfo(tr.Name.Name, tr.Table, tr, row.Sql);
                        break;
                }
            }
            catch (MiniSqlException ex) when (ex.ResultCode == ResultCode.Error)
            {
                throw new MiniSqlException(ResultCode.Corrupt, "malformed database schema (" + row.Name + ") - " + ex.Message);
            }
        }
        return catalog;
    }

    /// <summary>Builds a table definition (with its constraint indexes, root pages unset) from CREATE TABLE.</summary>
    public static TableInfo BuildTable(CreateTableStatement ct, string sql, CollationRegistry? collations = null)
    {
        if (ct.WithoutRowid) ThrowHelper.Throw(ResultCode.Error, "WITHOUT ROWID tables are not supported by MiniSql");
        var columns = new List<ColumnInfo>();
        foreach (var cd in ct.Columns)
        {
            var column = new ColumnInfo(cd.Name, cd.TypeName);
            foreach (var c in cd.Constraints)
            {
                switch (c)
                {
                    case NotNullConstraint nn: column.NotNull = true; column.NotNullConflict = nn.OnConflict; break;
                    case DefaultConstraint d: column.Default = d.Value; column.DefaultText = d.SourceText; break;
                    case CollateConstraint co: column.Collation = co.Collation; break;
                }
            }
            columns.Add(column);
        }
        var table = new TableInfo(ct.Name.Name, columns) { Sql = sql };
        for (int i = 0; i < columns.Count; i++)
        {
            if (table.FindColumn(columns[i].Name) != i) ThrowHelper.Throw(ResultCode.Error, "duplicate column name: " + columns[i].Name);
        }
        int autoNumber = 0;
        bool hasPrimaryKey = false;
        var foreignKeys = new List<(int[] Columns, ForeignKeyClause References)>();
        void AddConstraintIndex(int[] cols, string[] colls, bool[] desc, bool pk, ConflictResolution conflict)
        {
            // A constraint on exactly the columns of an existing constraint index reuses it (SQLite does the same).
            foreach (var existing in table.Indexes)
            {
                if (existing.Columns.AsSpan().SequenceEqual(cols)) return;
            }
            autoNumber++;
            var index = new IndexInfo($"sqlite_autoindex_{table.Name}_{autoNumber}", table, cols, colls, desc, true, pk ? "pk" : "u", collations)
            {
                OnConflict = conflict,
            };
            table.Indexes.Add(index);
        }
        string CollationOf(int col, string? explicitCollation) => explicitCollation ?? columns[col].Collation ?? "BINARY";

        for (int i = 0; i < ct.Columns.Length; i++)
        {
            foreach (var c in ct.Columns[i].Constraints)
            {
                switch (c)
                {
                    case PrimaryKeyColumnConstraint pk:
                        if (hasPrimaryKey) ThrowHelper.Throw(ResultCode.Error, $"table \"{table.Name}\" has more than one primary key");
                        hasPrimaryKey = true;
                        columns[i].PrimaryKeyPosition = 1;
                        if (IsIntegerType(columns[i].DeclaredType) && !pk.Descending)
                        {
                            table.RowidAlias = i;
                            table.RowidConflict = pk.OnConflict;
                            table.Autoincrement = pk.Autoincrement;
                        }
                        else
                        {
                            if (pk.Autoincrement) ThrowHelper.Throw(ResultCode.Error, "AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY");
                            AddConstraintIndex([i], [CollationOf(i, null)], [false], true, pk.OnConflict);
                        }
                        break;
                    case UniqueColumnConstraint u:
                        AddConstraintIndex([i], [CollationOf(i, null)], [false], false, u.OnConflict);
                        break;
                    case CheckColumnConstraint ck:
                        table.Checks.Add((c.Name, ck.Check, ExprText.Render(ck.Check)));
                        break;
                    case ForeignKeyColumnConstraint fk:
                        foreignKeys.Add(([i], fk.References));
                        break;
                }
            }
        }
        foreach (var tc in ct.Constraints)
        {
            switch (tc)
            {
                case PrimaryKeyTableConstraint pk:
                {
                    if (hasPrimaryKey) ThrowHelper.Throw(ResultCode.Error, $"table \"{table.Name}\" has more than one primary key");
                    hasPrimaryKey = true;
                    var (cols, colls, desc) = ResolveIndexed(table, pk.Columns);
                    for (int k = 0; k < cols.Length; k++) columns[cols[k]].PrimaryKeyPosition = k + 1;
                    if (cols.Length == 1 && IsIntegerType(columns[cols[0]].DeclaredType) && !desc[0])
                    {
                        table.RowidAlias = cols[0];
                        table.RowidConflict = pk.OnConflict;
                        table.Autoincrement = pk.Autoincrement;
                    }
                    else
                    {
                        if (pk.Autoincrement) ThrowHelper.Throw(ResultCode.Error, "AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY");
                        AddConstraintIndex(cols, colls, desc, true, pk.OnConflict);
                    }
                    break;
                }
                case UniqueTableConstraint u:
                {
                    var (cols, colls, desc) = ResolveIndexed(table, u.Columns);
                    AddConstraintIndex(cols, colls, desc, false, u.OnConflict);
                    break;
                }
                case CheckTableConstraint ck:
                    table.Checks.Add((tc.Name, ck.Check, ExprText.Render(ck.Check)));
                    break;
                case ForeignKeyTableConstraint fk:
                {
                    var cols = new int[fk.Columns.Length];
                    for (int k = 0; k < cols.Length; k++)
                    {
                        cols[k] = table.FindColumn(fk.Columns[k]);
                        if (cols[k] < 0) ThrowHelper.Throw(ResultCode.Error, $"unknown column \"{fk.Columns[k]}\" in foreign key definition");
                    }
                    foreignKeys.Add((cols, fk.References));
                    break;
                }
            }
        }
        // SQLite keeps foreign keys newest first: PRAGMA foreign_key_list numbers the last declared one 0.
        for (int k = 0; k < foreignKeys.Count; k++)
        {
            var (cols, r) = foreignKeys[k];
            if (r.Columns.Length > 0 && r.Columns.Length != cols.Length)
                ThrowHelper.Throw(ResultCode.Error, $"number of columns in foreign key does not match the number of columns in the referenced table");
            table.ForeignKeys.Add(new ForeignKeyInfo(foreignKeys.Count - 1 - k, cols, r.Table, r.Columns.ToArray(), r.OnDelete, r.OnUpdate, r.Match, r.Deferred));
        }
        var texts = CheckTexts(sql);
        if (texts.Count == table.Checks.Count)
        {
            for (int i = 0; i < texts.Count; i++) table.Checks[i] = (table.Checks[i].Name, table.Checks[i].Expression, texts[i]);
        }
        return table;
    }

    /// <summary>The source text inside each CHECK(...) of a CREATE TABLE, in order (SQLite names failures after it).</summary>
    private static List<string> CheckTexts(string sql)
    {
        var result = new List<string>();
        int position = 0;
        bool afterCheck = false;
        try
        {
            while (true)
            {
                position = Tokenizer.SkipTrivia(sql, position);
                if (position >= sql.Length) break;
                var token = Tokenizer.Next(sql, ref position, null);
                string word = sql.Substring(token.Start, token.Length);
                if (afterCheck && word == "(")
                {
                    int depth = 1, start = position, end = position;
                    while (depth > 0)
                    {
                        position = Tokenizer.SkipTrivia(sql, position);
                        if (position >= sql.Length) return result;
                        var t = Tokenizer.Next(sql, ref position, null);
                        string w = sql.Substring(t.Start, t.Length);
                        if (w == "(") depth++;
                        else if (w == ")") depth--;
                        if (depth > 0) end = t.End;
                    }
                    result.Add(sql[start..end].Trim());
                }
                afterCheck = word.Equals("CHECK", StringComparison.OrdinalIgnoreCase);
            }
        }
        catch (MiniSqlException)
        {
        }
        return result;
    }

    private static bool IsIntegerType(string? type) => type is not null && type.Equals("INTEGER", StringComparison.OrdinalIgnoreCase);

    private static (int[] Cols, string[] Colls, bool[] Desc) ResolveIndexed(TableInfo table, System.Collections.Immutable.ImmutableArray<IndexedColumn> items)
    {
        var cols = new int[items.Length];
        var colls = new string[items.Length];
        var desc = new bool[items.Length];
        for (int k = 0; k < items.Length; k++)
        {
            var e = items[k].Expression;
            string? collation = items[k].Collation;
            while (e is CollateExpr ce)
            {
                collation ??= ce.Collation;
                e = ce.Operand;
            }
            if (e is not ColumnRef cr) { ThrowHelper.Throw(ResultCode.Error, "expressions prohibited in PRIMARY KEY and UNIQUE constraints"); return default; }
            int c = table.FindColumn(cr.Column);
            if (c < 0)
            {
                if (cr.DoubleQuoted || e is ColumnRef) ThrowHelper.Throw(ResultCode.Error, "no such column: " + cr.Column);
            }
            cols[k] = c;
            colls[k] = collation ?? table.Columns[c].Collation ?? "BINARY";
            desc[k] = items[k].Descending;
        }
        return (cols, colls, desc);
    }

    /// <summary>Builds an index definition from CREATE INDEX.</summary>
    public static IndexInfo BuildIndex(CreateIndexStatement ci, TableInfo table, CollationRegistry? collations = null)
    {
        var cols = new int[ci.Columns.Length];
        var colls = new string[ci.Columns.Length];
        var desc = new bool[ci.Columns.Length];
        for (int k = 0; k < ci.Columns.Length; k++)
        {
            var e = ci.Columns[k].Expression;
            string? collation = ci.Columns[k].Collation;
            while (e is CollateExpr ce)
            {
                collation ??= ce.Collation;
                e = ce.Operand;
            }
            if (e is not ColumnRef cr) { ThrowHelper.Throw(ResultCode.Error, "indexes on expressions are not supported by MiniSql"); return null!; }
            int c = table.FindColumn(cr.Column);
            if (c < 0)
            {
                if (table.IsRowidName(cr.Column)) c = -1;
                else ThrowHelper.Throw(ResultCode.Error, "no such column: " + cr.Column);
            }
            cols[k] = c;
            colls[k] = collation ?? (c >= 0 ? table.Columns[c].Collation : null) ?? "BINARY";
            desc[k] = ci.Columns[k].Descending;
        }
        return new IndexInfo(ci.Name.Name, table, cols, colls, desc, ci.Unique, "c", collations) { Where = ci.Where };
    }

    /// <summary>
    /// Checks that every collation a new table names (column COLLATE clauses, constraint indexes) is registered:
    /// CREATE TABLE fails with "no such collation sequence: X" as in SQLite.
    /// </summary>
    public static void RequireCollations(TableInfo table, CollationRegistry collations)
    {
        foreach (var column in table.Columns)
        {
            if (column.Collation is { } name) collations.Get(name);
        }
        foreach (var index in table.Indexes) _ = index.KeyInfo;
    }
}
