using MiniSql.Engine.BTree;
using MiniSql.Engine.Records;
using MiniSql.Engine.Storage;
using MiniSql.Engine.Storage.Wal;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

// PRAGMA statements ("PRAGMA Statements"): schema introspection, header fields, pager settings, integrity_check.
internal sealed partial class QueryCompiler
{
    private static ColumnMeta[] Cols(params string[] names) =>
        names.Select(n => new ColumnMeta(n, null, Affinity.None, null, null, null)).ToArray();

    private static SqlValue Text(string? s) => s is null ? SqlValue.Null : SqlValue.Text(s);

    private static SqlValue Int(long v) => SqlValue.Integer(v);

    /// <summary>A boolean pragma argument: 1/0, on/off, yes/no, true/false (any case).</summary>
    private static bool PragmaFlag(SqlValue value, string? text) =>
        text?.ToLowerInvariant() is "on" or "yes" or "true" || (value.Type != StorageClass.Text && SqlConvert.IsTrue(value) == true);

    private Executable CompilePragma(PragmaStatement pragma)
    {
        string name = pragma.Name.Name.ToLowerInvariant();
        SqlValue? argument = null;
        string? argumentText = null;
        if (pragma.Value is not null)
        {
            argument = Compile(pragma.Value, new Scope(null)).Eval();
            argumentText = argument.Value.Type == StorageClass.Text ? argument.Value.AsString : argument.Value.ToString();
        }
        var database = _database;
        var pager = database.Pager;
        Executable Rows(string column, Func<List<SqlValue[]>?> action, bool writes = false) =>
            new(new ActionPlan(action, Cols(column)), writes);
        Executable Table(string[] columns, Func<List<SqlValue[]>?> action) => new(new ActionPlan(action, Cols(columns)), false);
        Executable Unlocked(string[] columns, Func<List<SqlValue[]>?> action) =>
            new(new ActionPlan(action, Cols(columns)), writes: false, managesTransaction: true);
        List<SqlValue[]> One(SqlValue v) => [[v]];
        long ArgInt() => SqlConvert.ToInteger(AffinityRules.Apply(argument!.Value, Affinity.Numeric));

        switch (name)
        {
            case "table_info":
            case "table_xinfo":
                return Table(["cid", "name", "type", "notnull", "dflt_value", "pk"], () =>
                {
                    var rows = new List<SqlValue[]>();
                    var table = argumentText is null ? null : database.Catalog.FindTable(argumentText);
                    if (table is null) return rows;
                    for (int i = 0; i < table.Columns.Count; i++)
                    {
                        var c = table.Columns[i];
                        rows.Add([Int(i), Text(c.Name), Text(c.DeclaredType ?? ""), Int(c.NotNull ? 1 : 0), Text(c.DefaultText), Int(c.PrimaryKeyPosition)]);
                    }
                    return rows;
                });
            case "index_list":
                return Table(["seq", "name", "unique", "origin", "partial"], () =>
                {
                    var rows = new List<SqlValue[]>();
                    var table = argumentText is null ? null : database.Catalog.FindTable(argumentText);
                    if (table is null) return rows;
                    for (int i = table.Indexes.Count - 1, seq = 0; i >= 0; i--, seq++)
                    {
                        var x = table.Indexes[i];
                        rows.Add([Int(seq), Text(x.Name), Int(x.Unique ? 1 : 0), Text(x.Origin), Int(x.Where is null ? 0 : 1)]);
                    }
                    return rows;
                });
            case "index_info":
                return Table(["seqno", "cid", "name"], () =>
                {
                    var rows = new List<SqlValue[]>();
                    if (argumentText is null || !database.Catalog.Indexes.TryGetValue(argumentText, out var x)) return rows;
                    for (int k = 0; k < x.Columns.Length; k++)
                    {
                        int c = x.Columns[k];
                        rows.Add([Int(k), Int(c), c < 0 ? SqlValue.Null : Text(x.Table.Columns[c].Name)]);
                    }
                    return rows;
                });
            case "page_size":
                return Rows("page_size", () =>
                {
                    if (argument is not null) { pager.TrySetPageSize((int)ArgInt()); return null; }
                    return One(Int(pager.PageSize));
                });
            case "page_count":
                return Rows("page_count", () => One(Int(pager.PageCount)));
            case "freelist_count":
                return Rows("freelist_count", () => One(Int(pager.PageCount == 0 ? 0 : pager.FreelistCount)));
            case "cache_size":
                return Rows("cache_size", () =>
                {
                    if (argument is not null) { pager.CacheSize = (int)ArgInt(); return null; }
                    return One(Int(pager.CacheSize));
                });
            case "user_version":
            case "application_id":
            case "schema_version":
                return new Executable(new ActionPlan(() =>
                {
                    if (argument is not null)
                    {
                        int v = (int)ArgInt();
                        if (name == "user_version") pager.UserVersion = v;
                        else if (name == "application_id") pager.ApplicationId = v;
                        else pager.SchemaCookie = (uint)v;
                        return null;
                    }
                    if (pager.PageCount == 0) return One(Int(0));
                    long value = name == "user_version" ? pager.UserVersion : name == "application_id" ? pager.ApplicationId : pager.SchemaCookie;
                    return One(Int(value));
                }, Cols(name)), writes: argument is not null);
            case "journal_mode":
                RequireMainSchema(pragma.Name);
                // Runs outside the statement's read transaction: entering or leaving WAL must start from no transaction.
                return Unlocked(["journal_mode"], () =>
                {
                    var mode = pager.JournalMode;
                    if (argumentText is not null && TryParseJournalMode(argumentText, out var requested))
                        mode = database.ChangeJournalMode(requested);
                    return One(Text(JournalModeName(mode)));
                });
            case "wal_checkpoint":
                RequireMainSchema(pragma.Name);
                return Unlocked(["busy", "log", "checkpointed"], () =>
                {
                    var result = database.Checkpoint(ParseCheckpointMode(argumentText));
                    return [[Int(result.Busy ? 1 : 0), Int(result.LogFrames), Int(result.CheckpointedFrames)]];
                });
            case "wal_autocheckpoint":
                RequireMainSchema(pragma.Name);
                return Rows("wal_autocheckpoint", () =>
                {
                    // sqlite3_wal_autocheckpoint: 0 or less disables the automatic checkpoint.
                    if (argument is not null) pager.WalAutoCheckpoint = (int)Math.Clamp(ArgInt(), 0, int.MaxValue);
                    return One(Int(pager.WalAutoCheckpoint));
                });
            case "journal_size_limit":
                RequireMainSchema(pragma.Name);
                return Rows("journal_size_limit", () =>
                {
                    if (argument is not null) pager.JournalSizeLimit = Math.Max(-1, ArgInt());
                    return One(Int(pager.JournalSizeLimit));
                });
            case "synchronous":
                return Rows("synchronous", () =>
                {
                    if (argumentText is not null)
                    {
                        if (Enum.TryParse<SynchronousMode>(argumentText, true, out var mode)) pager.Synchronous = mode;
                        return null;
                    }
                    return One(Int((int)pager.Synchronous));
                });
            case "busy_timeout":
                return Rows("timeout", () =>
                {
                    if (argument is not null) database.BusyTimeout = (int)ArgInt();
                    return One(Int(database.BusyTimeout));
                });
            case "foreign_keys":
                return Rows("foreign_keys", () =>
                {
                    // Like SQLite, the setting cannot change inside a transaction (the pragma is a no-op there).
                    if (argument is not null)
                    {
                        if (!database.InExplicitTransaction) database.ForeignKeys = PragmaFlag(argument.Value, argumentText);
                        return null;
                    }
                    return One(Int(database.ForeignKeys ? 1 : 0));
                });
            case "defer_foreign_keys":
                return Rows("defer_foreign_keys", () =>
                {
                    if (argument is not null) { database.DeferForeignKeys = PragmaFlag(argument.Value, argumentText); return null; }
                    return One(Int(database.DeferForeignKeys ? 1 : 0));
                });
            case "foreign_key_list":
                return Table(["id", "seq", "table", "from", "to", "on_update", "on_delete", "match"], () =>
                {
                    var table = argumentText is null ? null : database.Catalog.FindTable(argumentText);
                    return table is null ? [] : ForeignKeyEnforcer.List(table);
                });
            case "recursive_triggers":
                return Rows("recursive_triggers", () =>
                {
                    if (argument is null) return One(Int(database.Triggers.Recursive ? 1 : 0));
                    database.Triggers.Recursive = SqlConvert.IsTrue(argument.Value) == true
                        || argumentText!.ToLowerInvariant() is "on" or "yes" or "true";
                    return null;
                });
            case "database_list":
                return Table(["seq", "name", "file"], () => [[Int(0), Text("main"), Text(database.Path is ":memory:" ? "" : database.Path)]]);
            case "integrity_check":
            case "quick_check":
                return Rows(name, () => IntegrityCheck(database, name == "quick_check"));
            default:
                // Unknown pragmas are silently ignored, as SQLite does.
                return new Executable(new ActionPlan(() => null), false);
        }
    }

    /// <summary>PRAGMA schema.name: only "main" exists (SQLite: "unknown database X" for anything else).</summary>
    private static void RequireMainSchema(QualifiedName name)
    {
        if (name.Schema is { } schema && !schema.Equals("main", StringComparison.OrdinalIgnoreCase))
            ThrowHelper.Throw(ResultCode.Error, "unknown database " + schema);
    }

    /// <summary>journal_mode names (case-insensitive); anything else makes the pragma a query, as in SQLite.</summary>
    private static bool TryParseJournalMode(string text, out JournalMode mode)
    {
        switch (text.ToLowerInvariant())
        {
            case "delete": mode = JournalMode.Delete; return true;
            case "truncate": mode = JournalMode.Truncate; return true;
            case "persist": mode = JournalMode.Persist; return true;
            case "memory": mode = JournalMode.Memory; return true;
            case "off": mode = JournalMode.Off; return true;
            case "wal": mode = JournalMode.Wal; return true;
            default: mode = default; return false;
        }
    }

    private static string JournalModeName(JournalMode mode) => mode switch
    {
        JournalMode.Delete => "delete",
        JournalMode.Truncate => "truncate",
        JournalMode.Persist => "persist",
        JournalMode.Memory => "memory",
        JournalMode.Off => "off",
        _ => "wal",
    };

    /// <summary>wal_checkpoint's argument: PASSIVE (also for a missing or unknown word), FULL, RESTART, TRUNCATE.</summary>
    private static CheckpointMode ParseCheckpointMode(string? text) => text?.ToLowerInvariant() switch
    {
        "full" => CheckpointMode.Full,
        "restart" => CheckpointMode.Restart,
        "truncate" => CheckpointMode.Truncate,
        _ => CheckpointMode.Passive,
    };

    private static List<SqlValue[]> IntegrityCheck(Database database, bool quick)
    {
        var catalog = database.Catalog;
        var messages = new List<string>();
        if (database.Pager.PageCount > 0)
        {
            var roots = new List<uint> { 1 };
            var keyInfos = new Dictionary<uint, KeyInfo>();
            foreach (var t in catalog.Tables.Values) roots.Add(t.RootPage);
            foreach (var x in catalog.Indexes.Values)
            {
                roots.Add(x.RootPage);
                keyInfos[x.RootPage] = x.KeyInfo;
            }
            messages.AddRange(IntegrityChecker.Check(database.Pager, roots, r => keyInfos.TryGetValue(r, out var k) ? k : null));
            if (!quick && messages.Count == 0)
            {
                foreach (var table in catalog.Tables.Values)
                {
                    if (table.Indexes.Count == 0) continue;
                    long rowCount = 0;
                    using var cursor = database.Tree.OpenTableCursor(table.RootPage);
                    var indexCursors = table.Indexes.Select(x => database.Tree.OpenIndexCursor(x.RootPage, x.KeyInfo)).ToArray();
                    try
                    {
                        byte[]? buffer = null;
                        var values = new SqlValue[table.Columns.Count + 1];
                        for (bool ok = cursor.First(); ok; ok = cursor.Next())
                        {
                            rowCount++;
                            RowCodec.Read(cursor, table, values, 0, ref buffer, null);
                            long rowid = values[^1].AsInteger;
                            for (int x = 0; x < table.Indexes.Count; x++)
                            {
                                var key = TableWriter.IndexRecord(table.Indexes[x], values, rowid);
                                if (indexCursors[x].Seek(key) != SeekResult.Exact)
                                    messages.Add($"row {rowCount} missing from index {table.Indexes[x].Name}");
                            }
                        }
                        for (int x = 0; x < table.Indexes.Count; x++)
                        {
                            long entries = database.Tree.Count(table.Indexes[x].RootPage);
                            if (entries != rowCount)
                                messages.Add($"wrong # of entries in index {table.Indexes[x].Name}");
                        }
                    }
                    finally
                    {
                        foreach (var c in indexCursors) c.Dispose();
                    }
                }
            }
        }
        if (messages.Count == 0) messages.Add("ok");
        return messages.Select(m => new[] { SqlValue.Text(m) }).ToList();
    }
}
