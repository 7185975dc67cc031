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
        // Inside a trigger body SQLite names the trigger's schema in the message.
        if (table is null) ThrowHelper.Throw(ResultCode.Error, "no such table: " + (_trigger is null ? name : "main." + name.Name));
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
        var savedCtes = _ctes;
        if (insert.With is not null) PushWith(insert.With);
        try
        {
            if (_catalog.Views.TryGetValue(insert.Table.Name, out var view)) return CompileViewInsert(insert, view);
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
            var source = CompileInsertSource(insert, table.Name, n, targets.Length);
            var defaults = DefaultEvaluator(table);
            var checks = CompileChecks(table);
            var onConflict = EffectiveConflict(insert.OnConflict);
            var triggers = CompileTriggers(table.Name, TriggerEvent.Insert, null, onConflict, TableColumns(table), table.RowidAlias);
            var replaceTriggers = ReplaceTriggers(table, onConflict);
            var database = _database;
            var sequence = table.Autoincrement ? _catalog.FindTable("sqlite_sequence") : null;
            var returning = CompileReturning(insert.Returning, table, insert.Alias);
            var upserts = CompileUpserts(insert, table);
            bool mayReplace = onConflict == ConflictResolution.Replace || table.RowidConflict == ConflictResolution.Replace;
            foreach (var index in table.Indexes) mayReplace |= index.OnConflict == ConflictResolution.Replace;
            bool singleRow = insert.Query is null || insert.Query is { Body: ValuesBody { Rows.Length: 1 }, Limit: null };
            bool oneWrite = singleRow && !mayReplace && triggers is null && sequence is null && returning is null && upserts is null;
            // A single-row write runs no trigger, so nothing can run this plan again while it runs (busy guards the
            // rest): it reuses one set of row buffers instead of allocating them per execution.
            var reusable = oneWrite ? new InsertBuffers(n, targets.Length) : null;
            return new ActionPlan(() =>
            {
                var buffers = reusable is { Busy: false } ? reusable : null;
                if (buffers is not null) buffers.Busy = true;
                try
                {
                    return RunInsert(buffers);
                }
                finally
                {
                    if (buffers is not null) buffers.Busy = false;
                }
            }, returning?.Columns) { SingleRowTarget = oneWrite ? table : null };

            List<SqlValue[]>? RunInsert(InsertBuffers? buffers)
            {
                var rows = buffers is null ? CollectRows(source, targets.Length) : CollectSingleRow(source, buffers);
                var output = returning is null ? null : new List<SqlValue[]>();
                long changes = 0;
                try
                {
                    // The single-row plan keeps its writer between runs, detached (Close) in between.
                    var writer = buffers is null ? new TableWriter(database, table, checks, defaults)
                        : buffers.Writer?.Reopen() ?? (buffers.Writer = new TableWriter(database, table, checks, defaults));
                    TableWriter? release = writer;
                    long sequenceValue = 0;
                    try
                    {
                        if (database.Triggers.Recursive) writer.ReplaceTriggers = replaceTriggers;
                        if (sequence is not null) sequenceValue = ReadSequence(table.Name);
                        foreach (var supplied in rows)
                        {
                            var row = buffers?.Row ?? new SqlValue[n];
                            var given = buffers?.Given ?? new bool[n];
                            if (buffers is not null)
                            {
                                Array.Clear(row);
                                Array.Clear(given);
                            }
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
                            long? explicitRowid = null;
                            if (rowidValue is { IsNull: false } rv)
                            {
                                var iv = AffinityRules.Apply(rv, Affinity.Integer);
                                if (iv.Type != StorageClass.Integer) ThrowHelper.Throw(ResultCode.Mismatch, "datatype mismatch");
                                explicitRowid = iv.AsInteger;
                            }
                            // NEW.rowid is -1 in a BEFORE INSERT trigger when the rowid is not given, as in SQLite.
                            if (triggers is { HasBefore: true } && !triggers.Fire(TriggerTime.Before, null, WithRowid(row, explicitRowid ?? -1))) continue;
                            long rowid;
                            if (explicitRowid is long e)
                            {
                                rowid = e;
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
                            if (upserts is not null && FindUpsertConflict(upserts, writer, table, row, rowid, explicitRowid is not null) is { } hit)
                            {
                                if (!hit.Action.DoNothing && RunUpsertUpdate(hit.Action, writer, table, hit.Rowid, WithRowid(row, rowid)) is { } updated)
                                {
                                    changes++;
                                    output?.Add(returning!.Evaluate(updated));
                                }
                                continue;
                            }
                            if (!writer.Write(row, rowid, null, onConflict)) continue;
                            changes++;
                            database.LastInsertRowId = rowid;
                            database.FunctionContext.LastInsertRowId = rowid;
                            if (sequence is not null && rowid > sequenceValue) sequenceValue = rowid;
                            output?.Add(returning!.Evaluate(WithRowid(row, rowid)));
                            if (triggers is { HasAfter: true }) triggers.Fire(TriggerTime.After, null, WithRowid(row, rowid));
                        }
                        release = null;
                        ReleaseWriter(writer, buffers);
                    }
                    finally
                    {
                        if (release is not null) ReleaseWriter(release, buffers);
                    }
                    if (sequence is not null) WriteSequence(table.Name, sequenceValue);
                    Counted(database, changes);
                }
                catch (MiniSqlException ex)
                {
                    // A failed statement reports 0 changes, except under FAIL, which keeps the rows it changed.
                    Counted(database, ex is ConstraintException { Resolution: ConflictResolution.Fail } ? changes : 0);
                    throw;
                }
                database.FunctionContext.LastInsertRowId = database.LastInsertRowId;
                return output;
            }
        }
        finally
        {
            _ctes = savedCtes;
        }
    }

    /// <summary>Compiles INSERT's SELECT/VALUES source (null for DEFAULT VALUES), checking its width.</summary>
    private QueryPlan? CompileInsertSource(InsertStatement insert, string target, int columnCount, int targetCount)
    {
        if (insert.Query is null) return null;
        var source = CompileSelect(insert.Query, new Scope(null));
        int supplied = source.Columns.Length;
        if (supplied != targetCount)
        {
            if (insert.Columns.IsDefaultOrEmpty)
                ThrowHelper.Throw(ResultCode.Error, $"table {target} has {columnCount} columns but {supplied} values were supplied");
            ThrowHelper.Throw(ResultCode.Error, $"{supplied} values for {targetCount} columns");
        }
        return source;
    }

    /// <summary>Runs INSERT's source to completion before anything is written (a statement never sees its own rows).</summary>
    private static List<SqlValue[]> CollectRows(QueryPlan? source, int width)
    {
        var rows = new List<SqlValue[]>();
        if (source is null)
        {
            rows.Add([]);
            return rows;
        }
        source.Open();
        try
        {
            while (source.Next()) rows.Add(source.Row.AsSpan(0, width).ToArray());
        }
        finally
        {
            source.Close();
        }
        return rows;
    }

    /// <summary>
    /// Runs a single-row INSERT's source (one VALUES row, or none for DEFAULT VALUES) into the reusable buffers;
    /// the row list holds just <see cref="InsertBuffers.Supplied"/>.
    /// </summary>
    private static List<SqlValue[]> CollectSingleRow(QueryPlan? source, InsertBuffers buffers)
    {
        if (source is null) return buffers.NoValues;
        var supplied = buffers.Supplied;
        source.Open();
        try
        {
            if (!source.Next()) return buffers.NoRows;
            source.Row.AsSpan(0, supplied.Length).CopyTo(supplied);
        }
        finally
        {
            source.Close();
        }
        return buffers.OneRow;
    }

    /// <summary>Ends a run's use of a writer: disposes it, or only detaches it when the plan keeps it.</summary>
    private static void ReleaseWriter(TableWriter writer, InsertBuffers? buffers)
    {
        if (buffers is not null) writer.Close();
        else writer.Dispose();
    }

    /// <summary>The buffers a single-row INSERT plan reuses across executions (see CompileInsert).</summary>
    private sealed class InsertBuffers(int columns, int supplied)
    {
        public bool Busy;
        public TableWriter? Writer;
        public readonly SqlValue[] Row = new SqlValue[columns];
        public readonly bool[] Given = new bool[columns];
        public readonly SqlValue[] Supplied = new SqlValue[supplied];
        public readonly List<SqlValue[]> NoValues = [[]];
        public readonly List<SqlValue[]> NoRows = [];
        public List<SqlValue[]> OneRow => _oneRow ??= [Supplied];
        private List<SqlValue[]>? _oneRow;
    }

    /// <summary>A trigger pseudo-row: the column values followed by the rowid.</summary>
    private static SqlValue[] WithRowid(SqlValue[] row, long rowid)
    {
        var result = new SqlValue[row.Length + 1];
        Array.Copy(row, result, row.Length);
        result[^1] = SqlValue.Integer(rowid);
        return result;
    }

    /// <summary>Publishes a finished statement's change count (sqlite3_changes, changes(), total_changes()).</summary>
    private static void Counted(Database database, long changes)
    {
        database.Changes = changes;
        database.TotalChanges += changes;
        database.FunctionContext.Changes = changes;
        database.FunctionContext.TotalChanges = database.TotalChanges;
    }

    /// <summary>
    /// DELETE triggers fired for rows that REPLACE conflict resolution removes (only while recursive_triggers is on,
    /// as SQLite documents); null when the statement cannot replace or the table has none.
    /// </summary>
    private TriggerSet? ReplaceTriggers(TableInfo table, ConflictResolution onConflict)
    {
        bool mayReplace = onConflict == ConflictResolution.Replace || table.RowidConflict == ConflictResolution.Replace;
        foreach (var index in table.Indexes) mayReplace |= index.OnConflict == ConflictResolution.Replace;
        if (!mayReplace || (onConflict != ConflictResolution.Default && onConflict != ConflictResolution.Replace)) return null;
        return CompileTriggers(table.Name, TriggerEvent.Delete, null, ConflictResolution.Default, TableColumns(table), table.RowidAlias);
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
        if (update.From is not null) ThrowHelper.Throw(ResultCode.Error, "UPDATE FROM is not supported by MiniSql");
        var savedCtes = _ctes;
        if (update.With is not null) PushWith(update.With);
        try
        {
            if (_catalog.Views.TryGetValue(update.Table.Name, out var view)) return CompileViewUpdate(update, view);
            var table = WritableTable(update.Table);
            var (loop, scope, source) = TargetLoop(table, update.Alias, update.Index, update.Where);
            var assignments = new List<(int Column, CompiledExpr Value)>();
            var assignedNames = new List<string>();
            foreach (var set in update.Set)
            {
                assignedNames.AddRange(set.Columns);
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
            var onConflict = EffectiveConflict(update.OnConflict);
            var triggers = CompileTriggers(table.Name, TriggerEvent.Update, assignedNames, onConflict, TableColumns(table), table.RowidAlias);
            var replaceTriggers = ReplaceTriggers(table, onConflict);
            var database = _database;
            int n = table.Columns.Count;
            var returning = CompileReturning(update.Returning, table, update.Alias);
            var assigned = new bool[n];
            foreach (var (column, _) in assignments)
            {
                if (column >= 0) assigned[column] = true;
            }

            // Evaluates the SET expressions for the row in the frame: the new column values and the new rowid.
            (SqlValue[] Row, long Rowid) NewValues()
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
                        if (iv.Type != StorageClass.Integer) ThrowHelper.Throw(ResultCode.Mismatch, "datatype mismatch");
                        newRowid = iv.AsInteger;
                        if (c >= 0) row[c] = iv;
                    }
                    else
                    {
                        row[c] = AffinityRules.Apply(computed[i], table.Columns[c].Affinity);
                    }
                }
                if (table.RowidAlias >= 0) row[table.RowidAlias] = SqlValue.Integer(newRowid);
                return (row, newRowid);
            }

            return new ActionPlan(() =>
            {
                if (frame.Values.Length != width) frame.Values = new SqlValue[width];
                var output = returning is null ? null : new List<SqlValue[]>();
                long changes = 0;
                try
                {
                    if (triggers is null)
                    {
                        var pending = new List<(long OldRowid, long NewRowid, SqlValue[] Row)>();
                        loop.Open();
                        try
                        {
                            while (loop.Next())
                            {
                                var (row, newRowid) = NewValues();
                                pending.Add((frame.Values[source.RowidSlot].AsInteger, newRowid, row));
                            }
                        }
                        finally
                        {
                            loop.Close();
                        }
                        using var writer = new TableWriter(database, table, checks, defaults);
                        if (database.Triggers.Recursive) writer.ReplaceTriggers = replaceTriggers;
                        foreach (var (oldRowid, newRowid, row) in pending)
                        {
                            if (!writer.Write(row, newRowid, oldRowid, onConflict)) continue;
                            changes++;
                            output?.Add(returning!.Evaluate(WithRowid(row, newRowid)));
                        }
                    }
                    else
                    {
                        // With triggers, rows are visited one at a time as SQLite does: SET expressions are evaluated
                        // against the row as it is then, BEFORE triggers run, columns the statement does not set are
                        // re-read (a BEFORE trigger may have changed them), the row is written, AFTER triggers run.
                        var rowids = CollectRowids(loop, frame, source.RowidSlot);
                        using var writer = new TableWriter(database, table, checks, defaults);
                        if (database.Triggers.Recursive) writer.ReplaceTriggers = replaceTriggers;
                        foreach (long oldRowid in rowids)
                        {
                            var old = writer.ReadRow(oldRowid);
                            if (old is null) continue;
                            if (frame.Values.Length != width) frame.Values = new SqlValue[width];
                            Array.Copy(old, 0, frame.Values, source.Offset, n + 1);
                            var (row, newRowid) = NewValues();
                            if (triggers.HasBefore)
                            {
                                if (!triggers.Fire(TriggerTime.Before, old, WithRowid(row, newRowid))) continue;
                                var current = writer.ReadRow(oldRowid);
                                if (current is null) continue;
                                for (int c = 0; c < n; c++)
                                {
                                    if (!assigned[c] && c != table.RowidAlias) row[c] = current[c];
                                }
                            }
                            if (!writer.Write(row, newRowid, oldRowid, onConflict)) continue;
                            changes++;
                            output?.Add(returning!.Evaluate(WithRowid(row, newRowid)));
                            if (triggers.HasAfter) triggers.Fire(TriggerTime.After, old, WithRowid(row, newRowid));
                        }
                    }
                    Counted(database, changes);
                }
                catch (MiniSqlException ex)
                {
                    // A failed statement reports 0 changes, except under FAIL, which keeps the rows it changed.
                    Counted(database, ex is ConstraintException { Resolution: ConflictResolution.Fail } ? changes : 0);
                    throw;
                }
                return output;
            }, returning?.Columns);
        }
        finally
        {
            _ctes = savedCtes;
        }
    }

    /// <summary>Runs a target loop to completion and returns the rowids it produced.</summary>
    private static List<long> CollectRowids(JoinLoop loop, Frame frame, int rowidSlot)
    {
        var rowids = new List<long>();
        loop.Open();
        try
        {
            while (loop.Next()) rowids.Add(frame.Values[rowidSlot].AsInteger);
        }
        finally
        {
            loop.Close();
        }
        return rowids;
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
        var savedCtes = _ctes;
        if (delete.With is not null) PushWith(delete.With);
        try
        {
            if (_catalog.Views.TryGetValue(delete.Table.Name, out var view)) return CompileViewDelete(delete, view);
            var table = WritableTable(delete.Table);
            var (loop, scope, source) = TargetLoop(table, delete.Alias, delete.Index, delete.Where);
            var defaults = DefaultEvaluator(table);
            var frame = scope.Frame;
            int width = scope.Width;
            var database = _database;
            var triggers = CompileTriggers(table.Name, TriggerEvent.Delete, null, ConflictResolution.Default, TableColumns(table), table.RowidAlias);
            var returning = CompileReturning(delete.Returning, table, delete.Alias);
            bool truncate = delete.Where is null && triggers is null && returning is null;
            return new ActionPlan(() =>
            {
                var output = returning is null ? null : new List<SqlValue[]>();
                long changes = 0;
                try
                {
                    if (truncate && !ForeignKeyEnforcer.Applies(database, table))
                    {
                        changes = database.Tree.Count(table.RootPage);
                        database.Tree.Clear(table.RootPage);
                        foreach (var index in table.Indexes) database.Tree.Clear(index.RootPage);
                    }
                    else
                    {
                        if (frame.Values.Length != width) frame.Values = new SqlValue[width];
                        var rowids = CollectRowids(loop, frame, source.RowidSlot);
                        using var writer = new TableWriter(database, table, [], defaults);
                        foreach (long rowid in rowids)
                        {
                            if (triggers is null && returning is null)
                            {
                                if (writer.DeleteRow(rowid)) changes++;
                                continue;
                            }
                            var old = writer.ReadRow(rowid);
                            if (old is null) continue;
                            if (triggers is { HasBefore: true } && !triggers.Fire(TriggerTime.Before, old, null)) continue;
                            if (!writer.DeleteRow(rowid)) continue;
                            changes++;
                            output?.Add(returning!.Evaluate(old));
                            if (triggers is { HasAfter: true }) triggers.Fire(TriggerTime.After, old, null);
                        }
                    }
                    Counted(database, changes);
                }
                catch (MiniSqlException ex)
                {
                    // A failed statement reports 0 changes, except under FAIL, which keeps the rows it changed.
                    Counted(database, ex is ConstraintException { Resolution: ConflictResolution.Fail } ? changes : 0);
                    throw;
                }
                return output;
            }, returning?.Columns);
        }
        finally
        {
            _ctes = savedCtes;
        }
    }
}
