using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Execution;

// UPSERT ("UPSERT"): INSERT ... ON CONFLICT (target) DO NOTHING | DO UPDATE SET ... [WHERE ...]. Clauses are tried
// in order; a clause with a conflict target handles only that PRIMARY KEY/UNIQUE constraint, the last clause may
// omit the target and then handles any uniqueness constraint. DO UPDATE updates the existing row (ABORT on a new
// conflict, UPDATE triggers fire); unqualified names mean its columns, excluded.* the row that was not inserted.
internal sealed partial class QueryCompiler
{
    private UpsertAction[]? CompileUpserts(InsertStatement insert, TableInfo table)
    {
        if (insert.Upserts.IsDefaultOrEmpty) return null;
        var actions = new UpsertAction[insert.Upserts.Length];
        for (int u = 0; u < actions.Length; u++)
        {
            var clause = insert.Upserts[u];
            // Only the last clause may omit the conflict target; SQLite's grammar rejects the next ON.
            if (clause.Target.IsDefaultOrEmpty && u < actions.Length - 1) ThrowHelper.Throw(ResultCode.Error, "near \"ON\": syntax error");
            int target = UpsertTarget(clause, table);
            if (clause.DoNothing)
            {
                actions[u] = new UpsertAction { Target = target, DoNothing = true };
                continue;
            }
            var excludedScope = new Scope(null);
            excludedScope.Add(new SourceBinding("excluded", table, TableColumns(table)));
            var scope = new Scope(excludedScope);
            scope.Add(new SourceBinding(insert.Alias ?? table.Name, table, TableColumns(table)));
            var assignments = new List<(int Column, CompiledExpr Value)>();
            var names = new List<string>();
            var assigned = new bool[table.Columns.Count];
            foreach (var set in clause.Set)
            {
                names.AddRange(set.Columns);
                var values = set.Columns.Length > 1 && set.Value is RowValueExpr rv && rv.Items.Length == set.Columns.Length ? rv.Items : [set.Value];
                if (values.Length != set.Columns.Length)
                    ThrowHelper.Throw(ResultCode.Error, $"{set.Columns.Length} columns assigned {values.Length} values");
                for (int i = 0; i < set.Columns.Length; i++)
                {
                    int c = ResolveSetColumn(table, set.Columns[i]);
                    if (c >= 0) assigned[c] = true;
                    assignments.Add((c, Compile(values[i], scope)));
                }
            }
            actions[u] = new UpsertAction
            {
                Target = target,
                DoNothing = false,
                Row = scope.Frame,
                Excluded = excludedScope.Frame,
                Assignments = assignments.ToArray(),
                Assigned = assigned,
                Where = clause.Where is null ? null : Compile(clause.Where, scope),
                Triggers = CompileTriggers(table.Name, TriggerEvent.Update, names, ConflictResolution.Default, TableColumns(table), table.RowidAlias),
            };
        }
        return actions;
    }

    /// <summary>The constraint a conflict target names (same column set as the rowid or a UNIQUE index).</summary>
    private static int UpsertTarget(UpsertClause clause, TableInfo table)
    {
        if (clause.Target.IsDefaultOrEmpty) return UpsertAction.AnyConstraint;
        var columns = new List<int>();
        foreach (var indexed in clause.Target)
        {
            if (indexed.Expression is not ColumnRef cr) { columns.Add(int.MinValue); continue; }
            int c = table.FindColumn(cr.Column);
            if (c < 0 && table.IsRowidName(cr.Column)) c = -1;
            columns.Add(c == table.RowidAlias && c >= 0 ? -1 : c);
        }
        if (columns is [-1]) return UpsertAction.RowidConstraint;
        for (int x = 0; x < table.Indexes.Count; x++)
        {
            var index = table.Indexes[x];
            if (!index.Unique || index.Columns.Length != columns.Count) continue;
            if ((index.Where is null) != (clause.TargetWhere is null)) continue;
            bool same = true;
            foreach (int c in index.Columns) same &= columns.Contains(c);
            if (same) return x;
        }
        ThrowHelper.Throw(ResultCode.Error, "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint");
        return 0;
    }

    /// <summary>The first UPSERT clause whose constraint the new row violates, with the conflicting rowid.</summary>
    private static (UpsertAction Action, long Rowid)? FindUpsertConflict(UpsertAction[] upserts, TableWriter writer, TableInfo table,
        SqlValue[] row, long rowid, bool explicitRowid)
    {
        foreach (var action in upserts)
        {
            if ((action.Target is UpsertAction.RowidConstraint or UpsertAction.AnyConstraint) && explicitRowid && writer.RowExists(rowid))
                return (action, rowid);
            if (action.Target >= 0 && writer.FindUniqueConflict(action.Target, row, rowid) is long other) return (action, other);
            if (action.Target == UpsertAction.AnyConstraint)
            {
                for (int x = 0; x < table.Indexes.Count; x++)
                {
                    if (table.Indexes[x].Unique && writer.FindUniqueConflict(x, row, rowid) is long any) return (action, any);
                }
            }
        }
        return null;
    }

    /// <summary>
    /// DO UPDATE of the existing row <paramref name="rowid"/> as an UPDATE would (BEFORE triggers, re-read of
    /// unassigned columns, write with ABORT, AFTER triggers); returns the new row (values then rowid) or null when
    /// WHERE or RAISE(IGNORE) skipped it.
    /// </summary>
    private static SqlValue[]? RunUpsertUpdate(UpsertAction action, TableWriter writer, TableInfo table, long rowid, SqlValue[] excluded)
    {
        var old = writer.ReadRow(rowid);
        if (old is null || action.NewValues(table, old, excluded) is not { } updated) return null;
        var (row, newRowid) = updated;
        var triggers = action.Triggers;
        if (triggers is { HasBefore: true })
        {
            if (!triggers.Fire(TriggerTime.Before, old, WithRowid(row, newRowid))) return null;
            var current = writer.ReadRow(rowid);
            if (current is null) return null;
            for (int c = 0; c < row.Length; c++)
            {
                if (!action.Assigned[c] && c != table.RowidAlias) row[c] = current[c];
            }
        }
        if (!writer.Write(row, newRowid, rowid, ConflictResolution.Abort)) return null;
        var result = WithRowid(row, newRowid);
        if (triggers is { HasAfter: true }) triggers.Fire(TriggerTime.After, old, result);
        return result;
    }
}
