using MiniSql.Engine.BTree;
using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

/// <summary>
/// Foreign key enforcement (PRAGMA foreign_keys=ON), as SQLite's foreign key documentation describes it, by counting
/// violations rather than checking each row in isolation:
/// <list type="bullet">
/// <item>a child row written whose key has no parent row adds one violation; a child row removed whose key had no
/// parent removes one;</item>
/// <item>a parent row removed (deleted, or its key updated) adds one violation per child still pointing at it for
/// NO ACTION, fails at once for RESTRICT, and for CASCADE / SET NULL / SET DEFAULT rewrites or deletes the children;</item>
/// <item>a parent row written, while violations are outstanding, removes one per child that now finds it.</item>
/// </list>
/// Immediate keys must be back to zero when the statement ends, deferred ones (DEFERRABLE INITIALLY DEFERRED or
/// PRAGMA defer_foreign_keys) at COMMIT. A child key with a NULL column never needs a parent.
/// </summary>
internal static class ForeignKeyEnforcer
{
    private const int MaxCascadeDepth = 1000;

    /// <summary>The parent side of one foreign key: the parent table, its key columns (-1 = rowid) in the foreign key's
    /// order, and the unique index that finds them (null when the key is the rowid).</summary>
    private sealed record ParentKey(TableInfo Table, int[] Columns, IndexInfo? Index);

    /// <summary>True when writes to <paramref name="table"/> need foreign key work.</summary>
    public static bool Applies(Database database, TableInfo table) =>
        database.ForeignKeys && (table.ForeignKeys.Count > 0 || ReferencedBy(database, table).Count > 0);

    /// <summary>Child foreign keys (in any table) whose parent is <paramref name="parent"/>.</summary>
    // Shared empty result of ReferencedBy (read only by its callers; avoids a list per written row).
    private static readonly List<(TableInfo Child, ForeignKeyInfo Key)> NoReferences = [];

    private static List<(TableInfo Child, ForeignKeyInfo Key)> ReferencedBy(Database database, TableInfo parent)
    {
        var catalog = database.Catalog;
        var map = catalog.ReferencedBy;
        if (map is null)
        {
            map = new Dictionary<string, List<(TableInfo, ForeignKeyInfo)>>(StringComparer.OrdinalIgnoreCase);
            foreach (var table in catalog.Tables.Values)
            {
                foreach (var fk in table.ForeignKeys)
                {
                    if (!map.TryGetValue(fk.ParentTable, out var list)) map[fk.ParentTable] = list = new();
                    list.Add((table, fk));
                }
            }
            catalog.ReferencedBy = map;
        }
        return map.TryGetValue(parent.Name, out var found) ? found : NoReferences;
    }

    private static ParentKey Resolve(Database database, TableInfo child, ForeignKeyInfo fk)
    {
        var parent = database.Catalog.FindTable(fk.ParentTable);
        if (parent is null) ThrowHelper.Throw(ResultCode.Error, "no such table: main." + fk.ParentTable);
        int n = fk.ChildColumns.Length;
        int[] columns;
        if (fk.ParentColumns.Length == 0)
        {
            if (parent.RowidAlias >= 0 && n == 1) return new ParentKey(parent, [-1], null);
            var pk = parent.Indexes.Find(i => i.Origin == "pk");
            if (pk is null || pk.Columns.Length != n) throw Mismatch(child, parent);
            return new ParentKey(parent, pk.Columns, pk);
        }
        columns = new int[n];
        for (int k = 0; k < n; k++)
        {
            columns[k] = parent.FindColumn(fk.ParentColumns[k]);
            if (columns[k] < 0) throw Mismatch(child, parent);
        }
        if (n == 1 && columns[0] == parent.RowidAlias) return new ParentKey(parent, [-1], null);
        foreach (var index in parent.Indexes)
        {
            if (!index.Unique || index.Where is not null || index.Columns.Length != n) continue;
            bool same = true;
            foreach (int c in columns) same &= Array.IndexOf(index.Columns, c) >= 0;
            if (same) return new ParentKey(parent, columns, index);
        }
        throw Mismatch(child, parent);
    }

    private static MiniSqlException Mismatch(TableInfo child, TableInfo parent) =>
        new(ResultCode.Error, $"foreign key mismatch - \"{child.Name}\" referencing \"{parent.Name}\"");

    private static MiniSqlException Failed() =>
        new ConstraintException(ResultCode.ConstraintForeignKey, "FOREIGN KEY constraint failed", ConflictResolution.Abort);

    private static void Count(Database database, ForeignKeyInfo fk, long delta)
    {
        if (fk.Deferred || database.DeferForeignKeys) database.ForeignKeyDeferredViolations += delta;
        else database.ForeignKeyImmediateViolations += delta;
    }

    private static SqlValue Value(SqlValue[] row, int column, long rowid) => column < 0 ? SqlValue.Integer(rowid) : row[column];

    /// <summary>The child key of <paramref name="row"/>, or null when a column is NULL (no parent needed).</summary>
    private static SqlValue[]? ChildKey(ForeignKeyInfo fk, SqlValue[] row)
    {
        var key = new SqlValue[fk.ChildColumns.Length];
        for (int k = 0; k < key.Length; k++)
        {
            key[k] = row[fk.ChildColumns[k]];
            if (key[k].IsNull) return null;
        }
        return key;
    }

    /// <summary>The parent key of <paramref name="row"/> in the foreign key's order, or null when a column is NULL.</summary>
    private static SqlValue[]? ParentValues(ParentKey parent, SqlValue[] row, long rowid)
    {
        var key = new SqlValue[parent.Columns.Length];
        for (int k = 0; k < key.Length; k++)
        {
            key[k] = Value(row, parent.Columns[k], rowid);
            if (key[k].IsNull) return null;
        }
        return key;
    }

    private static bool ParentExists(Database database, ParentKey parent, SqlValue[] childKey)
    {
        if (parent.Index is null)
        {
            var v = AffinityRules.Apply(childKey[0], Affinity.Integer);
            if (v.Type != StorageClass.Integer) return false;
            using var cursor = database.Tree.OpenTableCursor(parent.Table.RootPage);
            return cursor.SeekRowid(v.AsInteger) == SeekResult.Exact;
        }
        var index = parent.Index;
        var key = new SqlValue[index.Columns.Length];
        for (int k = 0; k < parent.Columns.Length; k++)
        {
            int position = Array.IndexOf(index.Columns, parent.Columns[k]);
            key[position] = AffinityRules.Apply(childKey[k], parent.Table.Columns[parent.Columns[k]].Affinity);
        }
        using var indexCursor = database.Tree.OpenIndexCursor(index.RootPage, index.KeyInfo);
        if (!indexCursor.SeekGE(key)) return false;
        byte[]? buffer = null;
        return RecordComparer.Compare(indexCursor.GetPayload(ref buffer), key, index.KeyInfo) == 0;
    }

    /// <summary>Rowids of the rows of <paramref name="child"/> whose key equals <paramref name="parentKey"/>.</summary>
    private static List<long> FindChildren(Database database, TableInfo child, ForeignKeyInfo fk, ParentKey parent, SqlValue[] parentKey, long? excludeRowid)
    {
        var result = new List<long>();
        int n = fk.ChildColumns.Length;
        var collations = new CollatingSequence[n];
        for (int k = 0; k < n; k++)
        {
            string? name = parent.Columns[k] >= 0 ? parent.Table.Columns[parent.Columns[k]].Collation : null;
            collations[k] = name is null ? CollatingSequence.Binary : database.Collations.Get(name);
        }
        if (ChildIndex(child, fk, parent, collations) is { } index)
            return FindChildrenByIndex(database, index, fk, parentKey, excludeRowid, result);
        using var cursor = database.Tree.OpenTableCursor(child.RootPage);
        byte[]? buffer = null;
        var values = new SqlValue[child.Columns.Count + 1];
        for (bool ok = cursor.First(); ok; ok = cursor.Next())
        {
            RowCodec.Read(cursor, child, values, 0, ref buffer, null);
            long rowid = values[^1].AsInteger;
            if (rowid == excludeRowid) continue;
            bool match = true;
            for (int k = 0; k < n && match; k++)
            {
                var v = values[fk.ChildColumns[k]];
                if (v.IsNull) { match = false; break; }
                var parentAffinity = parent.Columns[k] >= 0 ? parent.Table.Columns[parent.Columns[k]].Affinity : Affinity.Integer;
                match = SqlComparer.Compare(AffinityRules.Apply(v, parentAffinity), parentKey[k], collations[k]) == 0;
            }
            if (match) result.Add(rowid);
        }
        return result;
    }

    /// <summary>
    /// An index of <paramref name="child"/> that finds the rows with a given child key as the full scan would: its
    /// leading columns are the child key columns (in any order), each compared under the same collation, and each
    /// child column has the parent column's affinity (so the stored value is the one the scan would compare). Not
    /// a partial index. SQLite likewise looks the children up through such an index when there is one.
    /// </summary>
    private static IndexInfo? ChildIndex(TableInfo child, ForeignKeyInfo fk, ParentKey parent, CollatingSequence[] collations)
    {
        int n = fk.ChildColumns.Length;
        for (int k = 0; k < n; k++)
        {
            var parentAffinity = parent.Columns[k] >= 0 ? parent.Table.Columns[parent.Columns[k]].Affinity : Affinity.Integer;
            if (fk.ChildColumns[k] == child.RowidAlias || child.Columns[fk.ChildColumns[k]].Affinity != parentAffinity) return null;
        }
        foreach (var index in child.Indexes)
        {
            if (index.Where is not null || index.Columns.Length < n) continue;
            bool usable = true;
            for (int k = 0; k < n && usable; k++)
            {
                int position = Array.IndexOf(index.Columns, fk.ChildColumns[k], 0, n);
                usable = position >= 0 && ReferenceEquals(index.SemanticCollations[position], collations[k]);
            }
            if (usable) return index;
        }
        return null;
    }

    private static List<long> FindChildrenByIndex(Database database, IndexInfo index, ForeignKeyInfo fk, SqlValue[] parentKey,
        long? excludeRowid, List<long> result)
    {
        int n = fk.ChildColumns.Length;
        var probe = new SqlValue[n];
        for (int k = 0; k < n; k++) probe[Array.IndexOf(index.Columns, fk.ChildColumns[k], 0, n)] = parentKey[k];
        using var cursor = database.Tree.OpenIndexCursor(index.RootPage, index.KeyInfo);
        if (!cursor.SeekGE(probe)) return result;
        byte[]? buffer = null;
        do
        {
            var record = cursor.GetPayload(ref buffer);
            if (RecordComparer.Compare(record, probe, index.KeyInfo) != 0) break;
            var reader = new RecordReader(record);
            long rowid = reader.GetValue(reader.ColumnCount - 1).AsInteger;
            if (rowid != excludeRowid) result.Add(rowid);
        }
        while (cursor.Next());
        return result;
    }

    /// <summary>Before a row of <paramref name="table"/> is deleted: child bookkeeping and parent actions.</summary>
    public static void BeforeDelete(Database database, QueryCompiler compiler, TableInfo table, SqlValue[] row, long rowid)
    {
        foreach (var fk in table.ForeignKeys)
        {
            if (ChildKey(fk, row) is not { } key) continue;
            if (!ParentExists(database, Resolve(database, table, fk), key)) Count(database, fk, -1);
        }
        ParentRemoved(database, compiler, table, row, rowid, null, rowid);
    }

    /// <summary>Before the key of a parent row changes (UPDATE): ON UPDATE actions for its children.</summary>
    public static void BeforeUpdate(Database database, QueryCompiler compiler, TableInfo table, SqlValue[] oldRow, long oldRowid, SqlValue[] newRow, long newRowid) =>
        ParentRemoved(database, compiler, table, oldRow, oldRowid, newRow, newRowid);

    /// <summary>After a row was written (insert, or update when <paramref name="oldRow"/> is set).</summary>
    public static void AfterWrite(Database database, TableInfo table, SqlValue[]? oldRow, long oldRowid, SqlValue[] newRow, long rowid)
    {
        foreach (var fk in table.ForeignKeys)
        {
            var newKey = ChildKey(fk, newRow);
            if (oldRow is not null)
            {
                var oldKey = ChildKey(fk, oldRow);
                if (SameKey(oldKey, newKey)) continue;
                if (oldKey is not null && !ParentExists(database, Resolve(database, table, fk), oldKey)) Count(database, fk, -1);
            }
            if (newKey is not null && !ParentExists(database, Resolve(database, table, fk), newKey)) Count(database, fk, +1);
        }
        if (database.ForeignKeyImmediateViolations + database.ForeignKeyDeferredViolations <= 0) return;
        foreach (var (child, fk) in ReferencedBy(database, table))
        {
            var parent = Resolve(database, child, fk);
            if (ParentValues(parent, newRow, rowid) is not { } key) continue;
            if (oldRow is not null && SameKey(ParentValues(parent, oldRow, oldRowid), key)) continue;
            int found = FindChildren(database, child, fk, parent, key, ReferenceEquals(child, table) ? rowid : null).Count;
            if (found > 0) Count(database, fk, -found);
        }
    }

    private static bool SameKey(SqlValue[]? a, SqlValue[]? b)
    {
        if (a is null || b is null) return a is null && b is null;
        for (int k = 0; k < a.Length; k++)
        {
            if (a[k].Type != b[k].Type || SqlComparer.Compare(a[k], b[k], CollatingSequence.Binary) != 0) return false;
        }
        return true;
    }

    private static void ParentRemoved(Database database, QueryCompiler compiler, TableInfo table, SqlValue[] oldRow, long oldRowid, SqlValue[]? newRow, long newRowid)
    {
        foreach (var (child, fk) in ReferencedBy(database, table))
        {
            var parent = Resolve(database, child, fk);
            if (ParentValues(parent, oldRow, oldRowid) is not { } key) continue;
            SqlValue[]? newKey = newRow is null ? null : ParentValues(parent, newRow, newRowid);
            if (newRow is not null && SameKey(key, newKey)) continue;
            var children = FindChildren(database, child, fk, parent, key, ReferenceEquals(child, table) ? oldRowid : null);
            if (children.Count == 0) continue;
            var action = newRow is null ? fk.OnDelete : fk.OnUpdate;
            switch (action)
            {
                case ForeignKeyAction.Restrict:
                    // SQLite implements RESTRICT as a trigger, hence SQLITE_CONSTRAINT_TRIGGER.
                    throw new ConstraintException(ResultCode.ConstraintTrigger, "FOREIGN KEY constraint failed", ConflictResolution.Abort);
                case ForeignKeyAction.NoAction:
                    Count(database, fk, children.Count);
                    break;
                default:
                    Act(database, compiler, child, fk, action, children, newKey);
                    break;
            }
        }
    }

    private static void Act(Database database, QueryCompiler compiler, TableInfo child, ForeignKeyInfo fk, ForeignKeyAction action, List<long> children, SqlValue[]? newKey)
    {
        if (++database.ForeignKeyCascadeDepth > MaxCascadeDepth)
        {
            database.ForeignKeyCascadeDepth = 0;
            ThrowHelper.Throw(ResultCode.Error, "too many levels of trigger recursion");
        }
        try
        {
            using var writer = compiler.OpenWriter(child);
            foreach (long rowid in children)
            {
                if (action == ForeignKeyAction.Cascade && newKey is null)
                {
                    writer.DeleteRow(rowid);
                    continue;
                }
                var row = writer.ReadRow(rowid);
                if (row is null) continue;
                var values = row.AsSpan(0, child.Columns.Count).ToArray();
                for (int k = 0; k < fk.ChildColumns.Length; k++)
                {
                    int c = fk.ChildColumns[k];
                    values[c] = action switch
                    {
                        ForeignKeyAction.Cascade => AffinityRules.Apply(newKey![k], child.Columns[c].Affinity),
                        ForeignKeyAction.SetNull => SqlValue.Null,
                        _ => AffinityRules.Apply(writer.DefaultValue(c), child.Columns[c].Affinity),
                    };
                }
                long newRowid = child.RowidAlias >= 0 && values[child.RowidAlias].Type == StorageClass.Integer ? values[child.RowidAlias].AsInteger : rowid;
                writer.Write(values, newRowid, rowid, ConflictResolution.Abort);
            }
        }
        finally
        {
            database.ForeignKeyCascadeDepth--;
        }
    }

    /// <summary>
    /// When a statement writing <paramref name="table"/> is prepared: every foreign key it may check must resolve
    /// (parent table present, parent key a primary key or unique index), or the statement fails to prepare, as in SQLite.
    /// </summary>
    public static void Validate(Database database, TableInfo table, bool asChild, bool asParent)
    {
        if (!database.ForeignKeys) return;
        if (asChild)
        {
            foreach (var fk in table.ForeignKeys) Resolve(database, table, fk);
        }
        if (asParent)
        {
            foreach (var (child, fk) in ReferencedBy(database, table)) Resolve(database, child, fk);
        }
    }

    /// <summary>At the end of a writing statement: immediate violations (and deferred ones in autocommit) fail it.</summary>
    public static void CheckStatementEnd(Database database, bool autocommit)
    {
        if (database.ForeignKeyImmediateViolations > 0 || (autocommit && database.ForeignKeyDeferredViolations > 0)) throw Failed();
    }

    /// <summary>PRAGMA foreign_key_list rows: id, seq, table, from, to, on_update, on_delete, match.</summary>
    public static List<SqlValue[]> List(TableInfo table)
    {
        var rows = new List<SqlValue[]>();
        foreach (var fk in table.ForeignKeys.OrderBy(f => f.Id))
        {
            for (int k = 0; k < fk.ChildColumns.Length; k++)
            {
                rows.Add(
                [
                    SqlValue.Integer(fk.Id), SqlValue.Integer(k), SqlValue.Text(fk.ParentTable),
                    SqlValue.Text(table.Columns[fk.ChildColumns[k]].Name),
                    fk.ParentColumns.Length == 0 ? SqlValue.Null : SqlValue.Text(fk.ParentColumns[k]),
                    SqlValue.Text(ActionName(fk.OnUpdate)), SqlValue.Text(ActionName(fk.OnDelete)), SqlValue.Text(fk.Match ?? "NONE"),
                ]);
            }
        }
        return rows;
    }

    private static string ActionName(ForeignKeyAction action) => action switch
    {
        ForeignKeyAction.SetNull => "SET NULL",
        ForeignKeyAction.SetDefault => "SET DEFAULT",
        ForeignKeyAction.Cascade => "CASCADE",
        ForeignKeyAction.Restrict => "RESTRICT",
        _ => "NO ACTION",
    };
}
