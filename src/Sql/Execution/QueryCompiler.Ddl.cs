using MiniSql.Engine.BTree;
using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

// CREATE / DROP of tables, indexes, views and triggers: b-tree roots, sqlite_schema rows with the text SQLite
// stores ("CREATE <KIND> " + the statement text from the object name on), and the schema cookie.
internal sealed partial class QueryCompiler
{
    private QueryPlan CompileDdl(Parsing.Ast.Statement ast)
    {
        string sql = _run.Sql;
        return ast switch
        {
            CreateTableStatement ct => CreateTable(ct),
            CreateIndexStatement ci => new ActionPlan(() => { CreateIndex(ci); return null; }),
            CreateViewStatement cv => new ActionPlan(() => { CreateSimple("view", cv.Name.Name, cv.Name.Name, cv.IfNotExists, cv); return null; }),
            CreateTriggerStatement tr => ValidateTrigger(tr, new ActionPlan(() => { CreateSimple("trigger", tr.Name.Name, tr.Table, tr.IfNotExists, tr); return null; })),
            DropStatement { Kind: DropObjectKind.Trigger, IfExists: false } drop when !_catalog.Triggers.ContainsKey(drop.Name.Name) =>
                throw new MiniSqlException(ResultCode.Error, "no such trigger: " + drop.Name),
            DropStatement drop => new ActionPlan(() => { Drop(drop); return null; }),
            _ => CompileAlter(ast),
        };
    }

    /// <summary>The text SQLite stores in sqlite_schema: "CREATE KIND " + original text from the object name.</summary>
    private string SchemaText(Parsing.Ast.Statement ast, string kind)
    {
        string sql = _run.Sql;
        string text = ast.End <= sql.Length && ast.Start < ast.End ? sql.Substring(ast.Start, ast.End - ast.Start) : "";
        int position = 0;
        while (true)
        {
            int before = Tokenizer.SkipTrivia(text, position);
            if (before >= text.Length) return "CREATE " + kind + " " + text;
            int p = before;
            var token = Tokenizer.Next(text, ref p, null);
            string word = text.Substring(token.Start, token.Length).ToUpperInvariant();
            if (word is "CREATE" or "TEMP" or "TEMPORARY" or "UNIQUE" or "TABLE" or "INDEX" or "VIEW" or "TRIGGER" or "IF" or "NOT" or "EXISTS")
            {
                position = p;
                continue;
            }
            return "CREATE " + kind + " " + text.Substring(before);
        }
    }

    private bool NameTaken(string name, out string what)
    {
        what = "";
        if (_database.Catalog.FindTable(name) is not null) { what = "table"; return true; }
        if (_database.Catalog.Views.ContainsKey(name)) { what = "view"; return true; }
        if (_database.Catalog.Indexes.ContainsKey(name)) { what = "index"; return true; }
        return false;
    }

    private void BumpCookie()
    {
        var pager = _database.Pager;
        pager.SchemaCookie = pager.SchemaCookie + 1;
        if (pager.SchemaFormat == 0) pager.SchemaFormat = 4;
        if (pager.TextEncoding == 0) pager.TextEncoding = 1;
    }

    private static void CheckReserved(string name)
    {
        if (name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
            ThrowHelper.Throw(ResultCode.Error, $"object name reserved for internal use: {name}");
    }

    private QueryPlan CreateTable(CreateTableStatement ct)
    {
        QueryPlan? select = ct.AsSelect is null ? null : CompileSelect(ct.AsSelect, new Scope(null));
        string sqlText = ct.AsSelect is null ? SchemaText(ct, "TABLE") : "";
        return new ActionPlan(() =>
        {
            string name = ct.Name.Name;
            if (NameTaken(name, out string what))
            {
                if (ct.IfNotExists && what is "table" or "view") return null;
                ThrowHelper.Throw(ResultCode.Error, what == "index" ? $"there is already an index named {name}" : $"{what} {name} already exists");
            }
            CheckReserved(name);
            TableInfo table;
            string text = sqlText;
            if (select is not null)
            {
                var parts = new List<string>();
                var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                var columns = new List<ColumnInfo>();
                foreach (var c in select.Columns)
                {
                    string colName = c.Name;
                    for (int k = 1; !used.Add(colName); k++) colName = c.Name + ":" + k;
                    string type = c.Affinity switch
                    {
                        Affinity.Text => "TEXT",
                        Affinity.Numeric => "NUM",
                        Affinity.Integer => "INT",
                        Affinity.Real => "REAL",
                        _ => "",
                    };
                    parts.Add(QuoteIdentifier(colName) + (type.Length > 0 ? " " + type : ""));
                    columns.Add(new ColumnInfo(colName, type.Length > 0 ? type : null));
                }
                text = "CREATE TABLE " + QuoteIdentifier(name) + "(" + string.Join(",", parts) + ")";
                table = new TableInfo(name, columns) { Sql = text };
            }
            else
            {
                table = SchemaCatalog.BuildTable(ct, text, _database.Collations);
                SchemaCatalog.RequireCollations(table, _database.Collations);
            }
            var tree = _database.Tree;
            uint root = tree.CreateTable();
            SchemaTable.Insert(tree, "table", name, name, root, text);
            foreach (var index in table.Indexes)
            {
                uint indexRoot = tree.CreateIndex();
                SchemaTable.Insert(tree, "index", index.Name, name, indexRoot, null);
            }
            if (table.Autoincrement && _database.Catalog.FindTable("sqlite_sequence") is null)
            {
                uint seqRoot = tree.CreateTable();
                SchemaTable.Insert(tree, "table", "sqlite_sequence", "sqlite_sequence", seqRoot, "CREATE TABLE sqlite_sequence(name,seq)");
            }
            BumpCookie();
            _database.ReloadSchema();
            if (select is not null)
            {
                var created = _database.Catalog.FindTable(name)!;
                using var cursor = tree.OpenTableCursor(created.RootPage);
                select.Open();
                try
                {
                    long rowid = 0;
                    int n = select.Columns.Length;
                    while (select.Next())
                    {
                        var row = new SqlValue[n];
                        for (int i = 0; i < n; i++) row[i] = AffinityRules.Apply(select.Row[i], created.Columns[i].Affinity);
                        cursor.Insert(++rowid, RecordEncoder.Encode(row));
                    }
                }
                finally
                {
                    select.Close();
                }
            }
            return null;
        });
    }

    private static string QuoteIdentifier(string name)
    {
        bool plain = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_');
        foreach (char ch in name) plain &= char.IsAsciiLetterOrDigit(ch) || ch == '_';
        if (plain && KeywordTable.Lookup(name) != Keyword.None) plain = false;
        return plain ? name : "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    private void CreateIndex(CreateIndexStatement ci)
    {
        string name = ci.Name.Name;
        var catalog = _database.Catalog;
        if (NameTaken(name, out string what))
        {
            if (ci.IfNotExists && what == "index") return;
            ThrowHelper.Throw(ResultCode.Error, what == "index" ? $"index {name} already exists" : $"there is already a {what} named {name}");
        }
        CheckReserved(name);
        var table = catalog.FindTable(ci.Table);
        if (table is null)
        {
            if (catalog.Views.ContainsKey(ci.Table)) ThrowHelper.Throw(ResultCode.Error, "views may not be indexed");
            ThrowHelper.Throw(ResultCode.Error, "no such table: main." + ci.Table);
        }
        if (table.IsSystem) ThrowHelper.Throw(ResultCode.Error, $"table {table.Name} may not be indexed");
        var index = SchemaCatalog.BuildIndex(ci, table, _database.Collations);
        _ = index.KeyInfo; // "no such collation sequence" before anything is written
        string text = SchemaText(ci, ci.Unique ? "UNIQUE INDEX" : "INDEX");
        var tree = _database.Tree;
        uint root = tree.CreateIndex();
        index.RootPage = root;
        PopulateIndex(index, table, root);
        SchemaTable.Insert(tree, "index", name, table.Name, root, text);
        BumpCookie();
        _database.ReloadSchema();
    }

    /// <summary>
    /// REINDEX [collation | table | index] (all indexes without a name): empties each chosen index b-tree and
    /// fills it again from its table, so keys are in the order of the collations registered now.
    /// </summary>
    internal void Reindex(string? target)
    {
        var catalog = _database.Catalog;
        IEnumerable<IndexInfo> chosen;
        if (target is null)
            chosen = catalog.Indexes.Values;
        else if (_database.FindCollation(target) is not null)
            chosen = catalog.Indexes.Values.Where(x => x.Collations.Any(c => string.Equals(c, target, StringComparison.OrdinalIgnoreCase)));
        else if (catalog.FindTable(target) is { } table)
            chosen = table.Indexes;
        else if (catalog.Indexes.TryGetValue(target, out var single))
            chosen = [single];
        else
        {
            ThrowHelper.Throw(ResultCode.Error, "unable to identify the object to be reindexed");
            return;
        }
        foreach (var index in chosen.ToArray())
        {
            _ = index.KeyInfo;
            _database.Tree.Clear(index.RootPage);
            PopulateIndex(index, index.Table, index.RootPage);
        }
    }

    private void PopulateIndex(IndexInfo index, TableInfo table, uint root)
    {
        var tree = _database.Tree;
        // Populate from the existing rows.
        using (var cursor = tree.OpenTableCursor(table.RootPage))
        using (var indexCursor = tree.OpenIndexCursor(root, index.KeyInfo))
        {
            byte[]? buffer = null;
            var values = new SqlValue[table.Columns.Count + 1];
            var keys = new List<SqlValue[]>();
            var defaults = DefaultsFor(table); // records written before an ADD COLUMN lack the new column
            for (bool ok = cursor.First(); ok; ok = cursor.Next())
            {
                RowCodec.Read(cursor, table, values, 0, ref buffer, defaults);
                keys.Add(TableWriter.IndexRecord(index, values, values[^1].AsInteger));
            }
            if (index.Unique)
            {
                var comparer = Comparer<SqlValue[]>.Create((a, b) =>
                {
                    for (int k = 0; k < index.Columns.Length; k++)
                    {
                        int c = SqlComparer.Compare(a[k], b[k], index.SemanticCollations[k]);
                        if (c != 0) return c;
                    }
                    return 0;
                });
                var sorted = keys.ToArray();
                Array.Sort(sorted, comparer);
                for (int i = 1; i < sorted.Length; i++)
                {
                    bool hasNull = false;
                    for (int k = 0; k < index.Columns.Length; k++) hasNull |= sorted[i][k].IsNull;
                    if (!hasNull && comparer.Compare(sorted[i - 1], sorted[i]) == 0)
                    {
                        var names = index.Columns.Select(c => table.Name + "." + (c < 0 ? "rowid" : table.Columns[c].Name));
                        ThrowHelper.Throw(ResultCode.ConstraintUnique, "UNIQUE constraint failed: " + string.Join(", ", names));
                    }
                }
            }
            foreach (var key in keys) indexCursor.Insert(RecordEncoder.Encode(key));
        }
    }

    private void CreateSimple(string type, string name, string tableName, bool ifNotExists, Parsing.Ast.Statement ast)
    {
        var catalog = _database.Catalog;
        if (type == "trigger")
        {
            if (catalog.Triggers.ContainsKey(name))
            {
                if (ifNotExists) return;
                ThrowHelper.Throw(ResultCode.Error, $"trigger {name} already exists");
            }
            if (catalog.FindTable(tableName) is null && !catalog.Views.ContainsKey(tableName))
                ThrowHelper.Throw(ResultCode.Error, "no such table: main." + tableName);
        }
        else if (NameTaken(name, out string what))
        {
            if (ifNotExists && what is "table" or "view") return;
            ThrowHelper.Throw(ResultCode.Error, $"{what} {name} already exists");
        }
        CheckReserved(name);
        if (ast is CreateViewStatement cv)
        {
            // Validate the view's query now, as SQLite does.
            var saved = _ctes;
            _ctes = new List<CteEntry>();
            try { CompileSelect(cv.Query, new Scope(null)); }
            finally { _ctes = saved; }
        }
        string text = SchemaText(ast, type.ToUpperInvariant());
        SchemaTable.Insert(_database.Tree, type, name, type == "view" ? name : type == "trigger" ? tableName : catalog.FindTable(tableName)?.Name ?? tableName, 0, text);
        BumpCookie();
        _database.ReloadSchema();
    }

    private void Drop(DropStatement drop)
    {
        var catalog = _database.Catalog;
        string name = drop.Name.Name;
        var tree = _database.Tree;
        var rows = SchemaTable.ReadAll(tree);
        switch (drop.Kind)
        {
            case DropObjectKind.Table:
            {
                var table = catalog.FindTable(name);
                if (table is null)
                {
                    if (catalog.Views.ContainsKey(name)) ThrowHelper.Throw(ResultCode.Error, "use DROP VIEW to delete view " + name);
                    if (drop.IfExists) return;
                    ThrowHelper.Throw(ResultCode.Error, "no such table: " + drop.Name);
                }
                if (table.IsSystem || table.Name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
                    ThrowHelper.Throw(ResultCode.Error, $"table {table.Name} may not be dropped");
                if (ForeignKeyEnforcer.Applies(_database, table))
                {
                    // With foreign keys on, DROP TABLE first deletes every row as DELETE would (actions, violations).
                    var rowids = new List<long>();
                    using (var scan = tree.OpenTableCursor(table.RootPage))
                    {
                        for (bool ok = scan.First(); ok; ok = scan.Next()) rowids.Add(scan.Rowid);
                    }
                    using var writer = OpenWriter(table);
                    foreach (long rowid in rowids) writer.DeleteRow(rowid);
                }
                foreach (var row in rows)
                {
                    if (string.Equals(row.TableName, table.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        if (row.RootPage > 0 && row.Type is "table" or "index") tree.Drop(row.RootPage);
                        SchemaTable.Delete(tree, row.Rowid);
                    }
                }
                if (table.Autoincrement && catalog.FindTable("sqlite_sequence") is { } seq)
                {
                    using var cursor = tree.OpenTableCursor(seq.RootPage);
                    byte[]? buffer = null;
                    var values = new SqlValue[3];
                    for (bool ok = cursor.First(); ok; ok = cursor.Next())
                    {
                        RowCodec.Read(cursor, seq, values, 0, ref buffer, null);
                        if (values[0].Type == StorageClass.Text && values[0].AsString == table.Name) { cursor.Delete(); break; }
                    }
                }
                break;
            }
            case DropObjectKind.View:
            case DropObjectKind.Trigger:
            case DropObjectKind.Index:
            {
                string type = drop.Kind switch { DropObjectKind.View => "view", DropObjectKind.Trigger => "trigger", _ => "index" };
                SchemaRow? found = null;
                foreach (var row in rows)
                {
                    if (row.Type == type && string.Equals(row.Name, name, StringComparison.OrdinalIgnoreCase)) { found = row; break; }
                }
                if (found is null)
                {
                    if (drop.Kind == DropObjectKind.View && catalog.FindTable(name) is not null)
                        ThrowHelper.Throw(ResultCode.Error, "use DROP TABLE to delete table " + name);
                    if (drop.IfExists) return;
                    ThrowHelper.Throw(ResultCode.Error, $"no such {type}: {drop.Name}");
                }
                if (type == "index" && found.Sql is null)
                    ThrowHelper.Throw(ResultCode.Error, "index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped");
                if (type == "index" && found.RootPage > 0) tree.Drop(found.RootPage);
                SchemaTable.Delete(tree, found.Rowid);
                if (type == "view")
                {
                    // DROP VIEW also drops the view's (INSTEAD OF) triggers, as DROP TABLE drops a table's.
                    foreach (var row in rows)
                    {
                        if (row.Type == "trigger" && string.Equals(row.TableName, found.Name, StringComparison.OrdinalIgnoreCase))
                            SchemaTable.Delete(tree, row.Rowid);
                    }
                }
                break;
            }
        }
        BumpCookie();
        _database.ReloadSchema();
    }
}
