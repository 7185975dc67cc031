using System.Collections.Immutable;
using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Execution;

// INSERT, UPDATE and DELETE on a view ("CREATE TRIGGER": INSTEAD OF triggers). The view's rows (for UPDATE and
// DELETE, those matching WHERE) are computed first; then, for each row, the INSTEAD OF triggers run with NEW/OLD
// holding the view's columns. Nothing is written by the statement itself, so changes() is 0 afterwards, as in SQLite.
internal sealed partial class QueryCompiler
{
    private TriggerSet InsteadOfTriggers(ViewInfo view, TriggerEvent triggerEvent, IReadOnlyCollection<string>? assigned,
        ConflictResolution conflict, ColumnMeta[] columns)
    {
        var triggers = CompileTriggers(view.Name, triggerEvent, assigned, conflict, columns, -1);
        if (triggers is null || triggers.InsteadOf.Length == 0)
            ThrowHelper.Throw(ResultCode.Error, $"cannot modify {view.Name} because it is a view");
        return triggers;
    }

    private ColumnMeta[] ViewColumns(ViewInfo view)
    {
        var saved = _ctes;
        _ctes = new List<CteEntry>();
        try
        {
            var plan = CompileSelect(view.Query, new Scope(null));
            return RenameColumns(plan.Columns, view.Columns, view.Name);
        }
        finally
        {
            _ctes = saved;
        }
    }

    private static int ViewColumn(ColumnMeta[] columns, string name)
    {
        for (int i = 0; i < columns.Length; i++)
        {
            if (string.Equals(columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    private static void NoViewReturning(ImmutableArray<ResultColumn> returning)
    {
        if (!returning.IsDefaultOrEmpty) ThrowHelper.Throw(ResultCode.Error, "RETURNING on a view is not supported by MiniSql");
    }

    private QueryPlan CompileViewInsert(InsertStatement insert, ViewInfo view)
    {
        NoViewReturning(insert.Returning);
        if (!insert.Upserts.IsDefaultOrEmpty) ThrowHelper.Throw(ResultCode.Error, "cannot UPSERT a view");
        var columns = ViewColumns(view);
        int n = columns.Length;
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
                targets[i] = ViewColumn(columns, insert.Columns[i]);
                if (targets[i] < 0) ThrowHelper.Throw(ResultCode.Error, $"table {view.Name} has no column named {insert.Columns[i]}");
            }
        }
        var triggers = InsteadOfTriggers(view, TriggerEvent.Insert, null, EffectiveConflict(insert.OnConflict), columns);
        var source = CompileInsertSource(insert, view.Name, n, targets.Length);
        var database = _database;
        return new ActionPlan(() =>
        {
            foreach (var supplied in CollectRows(source, targets.Length))
            {
                var row = new SqlValue[n];
                for (int i = 0; i < supplied.Length; i++) row[targets[i]] = supplied[i];
                triggers.Fire(TriggerTime.InsteadOf, null, WithRowid(row, -1));
            }
            Counted(database, 0);
            return null;
        });
    }

    /// <summary>A loop over the rows of a view matching <paramref name="where"/>.</summary>
    private (JoinLoop Loop, Scope Scope, SourceBinding Source) ViewLoop(ViewInfo view, string? alias, Expr? where)
    {
        var scope = new Scope(null);
        var level = AddSource(new TableRef(new QualifiedName(null, view.Name), alias, null), scope);
        foreach (var term in SplitAnd(where))
        {
            if (ContainsAggregate(term)) ThrowHelper.Throw(ResultCode.Error, "misuse of aggregate function " + FirstAggregateName(term) + "()");
            level.Filters.Add(Compile(term, scope));
        }
        return (new JoinLoop([level], new List<CompiledExpr>(), _run), scope, level.Source);
    }

    /// <summary>Runs a view loop to completion, copying out each row's column values.</summary>
    private static List<SqlValue[]> CollectViewRows(JoinLoop loop, Frame frame, int width, SourceBinding source)
    {
        if (frame.Values.Length != width) frame.Values = new SqlValue[width];
        var rows = new List<SqlValue[]>();
        loop.Open();
        try
        {
            while (loop.Next()) rows.Add(frame.Values.AsSpan(source.Offset, source.Columns.Length).ToArray());
        }
        finally
        {
            loop.Close();
        }
        return rows;
    }

    private QueryPlan CompileViewUpdate(UpdateStatement update, ViewInfo view)
    {
        NoViewReturning(update.Returning);
        var (loop, scope, source) = ViewLoop(view, update.Alias, update.Where);
        var columns = source.Columns;
        int n = columns.Length;
        var assignments = new List<(int Column, CompiledExpr Value)>();
        var assignedNames = new List<string>();
        foreach (var set in update.Set)
        {
            assignedNames.AddRange(set.Columns);
            var values = set.Columns.Length > 1 && set.Value is RowValueExpr rv && rv.Items.Length == set.Columns.Length ? rv.Items : [set.Value];
            if (values.Length != set.Columns.Length)
                ThrowHelper.Throw(ResultCode.Error, $"{set.Columns.Length} columns assigned {values.Length} values");
            for (int i = 0; i < set.Columns.Length; i++)
            {
                int c = ViewColumn(columns, set.Columns[i]);
                if (c < 0) ThrowHelper.Throw(ResultCode.Error, "no such column: " + set.Columns[i]);
                assignments.Add((c, Compile(values[i], scope)));
            }
        }
        var triggers = InsteadOfTriggers(view, TriggerEvent.Update, assignedNames, EffectiveConflict(update.OnConflict), columns);
        var frame = scope.Frame;
        int width = scope.Width;
        var database = _database;
        return new ActionPlan(() =>
        {
            foreach (var old in CollectViewRows(loop, frame, width, source))
            {
                if (frame.Values.Length != width) frame.Values = new SqlValue[width];
                Array.Copy(old, 0, frame.Values, source.Offset, n);
                var row = (SqlValue[])old.Clone();
                var computed = new SqlValue[assignments.Count];
                for (int i = 0; i < computed.Length; i++) computed[i] = assignments[i].Value.Eval();
                for (int i = 0; i < computed.Length; i++) row[assignments[i].Column] = computed[i];
                triggers.Fire(TriggerTime.InsteadOf, WithRowid(old, -1), WithRowid(row, -1));
            }
            Counted(database, 0);
            return null;
        });
    }

    private QueryPlan CompileViewDelete(DeleteStatement delete, ViewInfo view)
    {
        NoViewReturning(delete.Returning);
        var (loop, scope, source) = ViewLoop(view, delete.Alias, delete.Where);
        var triggers = InsteadOfTriggers(view, TriggerEvent.Delete, null, ConflictResolution.Default, source.Columns);
        var frame = scope.Frame;
        int width = scope.Width;
        var database = _database;
        return new ActionPlan(() =>
        {
            foreach (var old in CollectViewRows(loop, frame, width, source)) triggers.Fire(TriggerTime.InsteadOf, WithRowid(old, -1), null);
            Counted(database, 0);
            return null;
        });
    }
}
