using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

// INSERT, UPDATE, DELETE ("SQL As Understood By SQLite": INSERT, UPDATE, DELETE, ON CONFLICT). Source rows are
// collected before the table is modified, so a statement never sees its own changes.
internal sealed partial class QueryCompiler
{
    private TableInfo WritableTable(QualifiedName name)
    {
        if (_catalog.Views.ContainsKey(name.Name)) ThrowHelper.Throw(ResultCode.Error, $"cannot modify {name.Name} because it is a view");
        var table = _catalog.FindTable(name.Name);
        if (table is null) ThrowHelper.Throw(ResultCode.Error, "no such table: " + name);
        if (table.IsSystem) ThrowHelper.Throw(ResultCode.Error, $"table {table.Name} may not be modified");
        return table;
    }

    private Func<SqlValue[], bool>[] CompileChecks(TableInfo table)
    {
        var checks = new Func<SqlValue[], bool>[table.Checks.Count];
        for (int i = 0; i < checks.Length; i++)
        {
            var scope = new Scope(null);
            scope.Add(new SourceBinding(table.Name, table, TableColumns(table)));
            var expr = Compile(table.Checks[i].Expression, scope);
            var frame = scope.Frame;
            checks[i] = row =>
            {
                frame.Values = row;
                return SqlConvert.IsTrue(expr.Eval()) != false;
            };
        }
        return checks;
    }

    private static ColumnMeta[] TableColumns(TableInfo table)
    {
        var metas = new ColumnMeta[table.Columns.Count];
        for (int i = 0; i < metas.Length; i++)
        {
            var c = table.Columns[i];
            metas[i] = new ColumnMeta(c.Name, c.DeclaredType, c.Affinity, c.Collation, table.Name, c.Name);
        }
        return metas;
    }

    private Func<int, SqlValue> DefaultEvaluator(TableInfo table)
    {
        var compiled = new CompiledExpr?[table.Columns.Count];
        for (int i = 0; i < compiled.Length; i++)
        {
            if (table.Columns[i].Default is { } d) compiled[i] = Compile(d, new Scope(null));
        }
        return i => compiled[i]?.Eval() ?? SqlValue.Null;
    }

    private QueryPlan CompileInsert(InsertStatement insert)
    {
        if (!insert.Upserts.IsDefaultOrEmpty) ThrowHelper.Throw(ResultCode.Error, "UPSERT is not supported by MiniSql");
        if (!insert.Returning.IsDefaultOrEmpty) ThrowHelper.Throw(ResultCode.Error, "RETURNING is not supported by MiniSql");
        var savedCtes = _ctes;
        if (insert.With is not null) PushWith(insert.With);
        try
        {
            var table = WritableTable(insert.Table);
            int n = table.Columns.Count;
            // Target of each supplied value: a column index, or -1 for rowid.
            int[] targets;
            if (insert.Columns.IsDefaultOrEmpty)
            {
                targets = new int[n];
                for (int i = 0; i < n; i++) targets[i] = i;
            }
            else
            {
                targets = new int[insert.Columns.Length];
                for (int i = 0; i < targets.Length; i++)
                {
                    int c = table.FindColumn(insert.Columns[i]);
                    if (c < 0)
                    {
                        if (table.IsRowidName(insert.Columns[i])) c = -1;
                        else ThrowHelper.Throw(ResultCode.Error, $"table {table.Name} has no column named {insert.Columns[i]}");
                    }
                    targets[i] = c;
                }
            }
            QueryPlan? source = null;
            if (insert.Query is not null)
            {
                source = CompileSelect(insert.Query, new Scope(null));
                int supplied = source.Columns.Length;
                if (supplied != targets.Length)
                {
                    if (insert.Columns.IsDefaultOrEmpty)
                        ThrowHelper.Throw(ResultCode.Error, $"table {table.Name} has {n} columns but {supplied} values were supplied");
                    ThrowHelper.Throw(ResultCode.Error, $"{supplied} values for {targets.Length} columns");
                }
            }
            var defaults = DefaultEvaluator(table);
            var checks = CompileChecks(table);
            var onConflict = insert.OnConflict;
            var database = _database;
            var sequence = table.Autoincrement ? _catalog.FindTable("sqlite_sequence") : null;
            return new ActionPlan(() =>
            {
                var rows = new List<SqlValue[]>();
                if (source is not null)
                {
                    source.Open();
                    try
                    {
                        while (source.Next()) rows.Add(source.Row.AsSpan(0, targets.Length).ToArray());
                    }
                    finally
                    {
                        source.Close();
                    }
                }
                else
                {
                    rows.Add([]);
                }
                long changes = 0;
                using var writer = new TableWriter(database, table, checks, defaults);
                long sequenceValue = sequence is null ? 0 : ReadSequence(table.Name);
                foreach (var supplied in rows)
                {
                    var row = new SqlValue[n];
                    var given = new bool[n];
                    SqlValue? rowidValue = null;
                    for (int i = 0; i < supplied.Length; i++)
                    {
                        if (targets[i] < 0) rowidValue = supplied[i];
                        else { row[targets[i]] = supplied[i]; given[targets[i]] = true; }
                    }
                    for (int i = 0; i < n; i++)
                    {
                        if (!given[i]) row[i] = defaults(i);
                        row[i] = AffinityRules.Apply(row[i], table.Columns[i].Affinity);
                    }
                    if (table.RowidAlias >= 0 && given[table.RowidAlias]) rowidValue = row[table.RowidAlias];
                    long rowid;
                    if (rowidValue is { IsNull: false } rv)
                    {
                        var iv = AffinityRules.Apply(rv, Affinity.Integer);
                        if (iv.Type != StorageClass.Integer) ThrowHelper.Throw(ResultCode.Mismatch, "datatype mismatch");
                        rowid = iv.AsInteger;
                    }
                    else if (sequence is not null)
                    {
                        long max = Math.Max(writer.MaxRowid(), sequenceValue);
                        if (max == long.MaxValue) ThrowHelper.Throw(ResultCode.Full, "database or disk is full");
                        rowid = max + 1;
                    }
                    else
                    {
                        rowid = writer.NewRowid();
                    }
                    if (table.RowidAlias >= 0) row[table.RowidAlias] = SqlValue.Integer(rowid);
                    if (!writer.Write(row, rowid, null, onConflict)) continue;
                    changes++;
                    database.LastInsertRowId = rowid;
                    if (sequence is not null && rowid > sequenceValue) sequenceValue = rowid;
                }
                writer.Dispose();
                if (sequence is not null) WriteSequence(table.Name, sequenceValue);
                database.Changes = changes;
                database.TotalChanges += changes;
                database.FunctionContext.LastInsertRowId = database.LastInsertRowId;
                database.FunctionContext.Changes = changes;
                database.FunctionContext.TotalChanges = database.TotalChanges;
                return null;
            });
        }
        finally
        {
            _ctes = savedCtes;
        }
    }

    private long ReadSequence(string tableName)
    {
        var seq = _database.Catalog.FindTable("sqlite_sequence");
        if (seq is null) return 0;
        using var cursor = _database.Tree.OpenTableCursor(seq.RootPage);
        byte[]? buffer = null;
        var values = new SqlValue[seq.Columns.Count + 1];
        for (bool ok = cursor.First(); ok; ok = cursor.Next())
        {
            RowCodec.Read(cursor, seq, values, 0, ref buffer, null);
            if (values[0].Type == StorageClass.Text && string.Equals(values[0].AsString, tableName, StringComparison.Ordinal))
                return values[1].Type == StorageClass.Integer ? values[1].AsInteger : 0;
        }
        return 0;
    }

    private void WriteSequence(string tableName, long value)
    {
        var seq = _database.Catalog.FindTable("sqlite_sequence");
        if (seq is null) return;
        using var cursor = _database.Tree.OpenTableCursor(seq.RootPage);
        byte[]? buffer = null;
        var values = new SqlValue[seq.Columns.Count + 1];
        long? found = null;
        long max = 0;
        for (bool ok = cursor.First(); ok; ok = cursor.Next())
        {
            max = cursor.Rowid;
            RowCodec.Read(cursor, seq, values, 0, ref buffer, null);
            if (values[0].Type == StorageClass.Text && string.Equals(values[0].AsString, tableName, StringComparison.Ordinal)) found = cursor.Rowid;
        }
        if (value == 0 && found is null) return;
        cursor.Insert(found ?? max + 1, RecordEncoder.Encode([SqlValue.Text(tableName), SqlValue.Integer(value)]));
    }

    /// <summary>Builds a single-table scan with WHERE for UPDATE/DELETE; returns the loop, scope and source.</summary>
    private (JoinLoop Loop, Scope Scope, SourceBinding Source) TargetLoop(TableInfo table, string? alias, IndexHint? hint, Expr? where)
    {
        var scope = new Scope(null);
        var level = (TableLevel)AddSource(new TableRef(new QualifiedName(null, table.Name), alias, hint), scope);
        var terms = new List<(CompiledExpr Expr, Expr Ast)>();
        var constant = new List<CompiledExpr>();
        foreach (var term in SplitAnd(where))
        {
            if (ContainsAggregate(term)) ThrowHelper.Throw(ResultCode.Error, "misuse of aggregate function " + FirstAggregateName(term) + "()");
            var c = Compile(term, scope);
            terms.Add((c, term));
            level.Filters.Add(c);
        }
        ChooseAccessPaths([level], terms, [], scope);
        return (new JoinLoop([level], constant, _run), scope, level.Source);
    }

    private QueryPlan CompileUpdate(UpdateStatement update)
    {
        if (!update.Returning.IsDefaultOrEmpty) ThrowHelper.Throw(ResultCode.Error, "RETURNING is not supported by MiniSql");
        if (update.From is not null) ThrowHelper.Throw(ResultCode.Error, "UPDATE FROM is not supported by MiniSql");
        var savedCtes = _ctes;
        if (update.With is not null) PushWith(update.With);
        try
        {
            var table = WritableTable(update.Table);
            var (loop, scope, source) = TargetLoop(table, update.Alias, update.Index, update.Where);
            var assignments = new List<(int Column, CompiledExpr Value)>();
            foreach (var set in update.Set)
            {
                if (set.Columns.Length > 1)
                {
                    if (set.Value is not RowValueExpr rv || rv.Items.Length != set.Columns.Length)
                        ThrowHelper.Throw(ResultCode.Error, $"{set.Columns.Length} columns assigned {(set.Value is RowValueExpr r ? r.Items.Length : 1)} values");
                    var items = ((RowValueExpr)set.Value).Items;
                    for (int i = 0; i < set.Columns.Length; i++) assignments.Add((ResolveSetColumn(table, set.Columns[i]), Compile(items[i], scope)));
                }
                else
                {
                    assignments.Add((ResolveSetColumn(table, set.Columns[0]), Compile(set.Value, scope)));
                }
            }
            var defaults = DefaultEvaluator(table);
            var checks = CompileChecks(table);
            var frame = scope.Frame;
            int width = scope.Width;
            var onConflict = update.OnConflict;
            var database = _database;
            int n = table.Columns.Count;
            return new ActionPlan(() =>
            {
                if (frame.Values.Length != width) frame.Values = new SqlValue[width];
                var pending = new List<(long OldRowid, long NewRowid, SqlValue[] Row)>();
                loop.Open();
                try
                {
                    while (loop.Next())
                    {
                        var values = frame.Values;
                        var row = values.AsSpan(source.Offset, n).ToArray();
                        long oldRowid = values[source.RowidSlot].AsInteger;
                        long newRowid = oldRowid;
                        var computed = new SqlValue[assignments.Count];
                        for (int i = 0; i < computed.Length; i++) computed[i] = assignments[i].Value.Eval();
                        for (int i = 0; i < computed.Length; i++)
                        {
                            int c = assignments[i].Column;
                            if (c < 0 || c == table.RowidAlias)
                            {
                                var iv = AffinityRules.Apply(computed[i], Affinity.Integer);
                                if (iv.IsNull && c == table.RowidAlias) { iv = SqlValue.Integer(oldRowid); }
                                if (iv.Type != StorageClass.Integer) ThrowHelper.Throw(ResultCode.Mismatch, "datatype mismatch");
                                newRowid = iv.AsInteger;
                                if (c >= 0) row[c] = iv;
                            }
                            else
                            {
                                row[c] = AffinityRules.Apply(computed[i], table.Columns[c].Affinity);
                            }
                        }
                        pending.Add((oldRowid, newRowid, row));
                    }
                }
                finally
                {
                    loop.Close();
                }
                long changes = 0;
                using (var writer = new TableWriter(database, table, checks, defaults))
                {
                    foreach (var (oldRowid, newRowid, row) in pending)
                    {
                        if (table.RowidAlias >= 0) row[table.RowidAlias] = SqlValue.Integer(newRowid);
                        if (writer.Write(row, newRowid, oldRowid, onConflict)) changes++;
                    }
                }
                database.Changes = changes;
                database.TotalChanges += changes;
                database.FunctionContext.Changes = changes;
                database.FunctionContext.TotalChanges = database.TotalChanges;
                return null;
            });
        }
        finally
        {
            _ctes = savedCtes;
        }
    }

    private static int ResolveSetColumn(TableInfo table, string name)
    {
        int c = table.FindColumn(name);
        if (c >= 0) return c;
        if (table.IsRowidName(name)) return -1;
        ThrowHelper.Throw(ResultCode.Error, "no such column: " + name);
        return 0;
    }

    private QueryPlan CompileDelete(DeleteStatement delete)
    {
        if (!delete.Returning.IsDefaultOrEmpty) ThrowHelper.Throw(ResultCode.Error, "RETURNING is not supported by MiniSql");
        var savedCtes = _ctes;
        if (delete.With is not null) PushWith(delete.With);
        try
        {
            var table = WritableTable(delete.Table);
            var (loop, scope, source) = TargetLoop(table, delete.Alias, delete.Index, delete.Where);
            var defaults = DefaultEvaluator(table);
            var frame = scope.Frame;
            int width = scope.Width;
            var database = _database;
            bool truncate = delete.Where is null;
            return new ActionPlan(() =>
            {
                long changes = 0;
                if (truncate && !ForeignKeyEnforcer.Applies(database, table))
                {
                    changes = database.Tree.Count(table.RootPage);
                    database.Tree.Clear(table.RootPage);
                    foreach (var index in table.Indexes) database.Tree.Clear(index.RootPage);
                }
                else
                {
                    if (frame.Values.Length != width) frame.Values = new SqlValue[width];
                    var rowids = new List<long>();
                    loop.Open();
                    try
                    {
                        while (loop.Next()) rowids.Add(frame.Values[source.RowidSlot].AsInteger);
                    }
                    finally
                    {
                        loop.Close();
                    }
                    using var writer = new TableWriter(database, table, [], defaults);
                    foreach (long rowid in rowids)
                    {
                        if (writer.DeleteRow(rowid)) changes++;
                    }
                }
                database.Changes = changes;
                database.TotalChanges += changes;
                database.FunctionContext.Changes = changes;
                database.FunctionContext.TotalChanges = database.TotalChanges;
                return null;
            });
        }
        finally
        {
            _ctes = savedCtes;
        }
    }
}
