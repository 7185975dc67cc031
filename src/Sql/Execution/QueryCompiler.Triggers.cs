using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

// Trigger compilation ("CREATE TRIGGER"): which triggers a statement fires, their programs (WHEN + body compiled
// against NEW/OLD registers), NEW./OLD. column references and RAISE().
internal sealed partial class QueryCompiler
{
    /// <summary>The trigger whose body is being compiled; null outside trigger bodies.</summary>
    private TriggerTarget? _trigger;

    /// <summary>
    /// The conflict resolution a statement uses: inside a trigger body, the OR clause of the statement that fired
    /// the trigger wins over the body statement's own ("CREATE TRIGGER": the outer ON CONFLICT policy is used instead).
    /// </summary>
    private ConflictResolution EffectiveConflict(ConflictResolution own) =>
        _trigger is { Conflict: not ConflictResolution.Default } t ? t.Conflict : own;

    /// <summary>
    /// The triggers on <paramref name="target"/> (a table or view) for <paramref name="triggerEvent"/>, compiled with
    /// the firing statement's <paramref name="conflict"/>; <paramref name="assigned"/> names the columns an UPDATE
    /// sets (for UPDATE OF). Null when no trigger applies.
    /// </summary>
    private TriggerSet? CompileTriggers(string target, TriggerEvent triggerEvent, IReadOnlyCollection<string>? assigned,
        ConflictResolution conflict, ColumnMeta[] columns, int rowidAlias)
    {
        if (_catalog.Triggers.Count == 0) return null;
        var matching = new List<TriggerInfo>();
        foreach (var trigger in _catalog.Triggers.Values)
        {
            var definition = trigger.Definition;
            if (definition.Event != triggerEvent || !string.Equals(trigger.Table, target, StringComparison.OrdinalIgnoreCase)) continue;
            if (triggerEvent == TriggerEvent.Update && !definition.UpdateOf.IsDefaultOrEmpty && !UpdatesAny(definition.UpdateOf, assigned)) continue;
            matching.Add(trigger);
        }
        if (matching.Count == 0) return null;
        matching.Reverse();
        var before = new List<TriggerProgram>();
        var after = new List<TriggerProgram>();
        var insteadOf = new List<TriggerProgram>();
        foreach (var trigger in matching)
        {
            var program = TriggerProgramFor(trigger, conflict, columns, rowidAlias);
            (trigger.Definition.Time switch { TriggerTime.Before => before, TriggerTime.After => after, _ => insteadOf }).Add(program);
        }
        return new TriggerSet(before.ToArray(), after.ToArray(), insteadOf.ToArray());
    }

    private static bool UpdatesAny(System.Collections.Immutable.ImmutableArray<string> updateOf, IReadOnlyCollection<string>? assigned)
    {
        if (assigned is null) return false;
        foreach (var column in updateOf)
        {
            foreach (var a in assigned)
            {
                if (string.Equals(a, column, StringComparison.OrdinalIgnoreCase)) return true;
            }
        }
        return false;
    }

    private TriggerProgram TriggerProgramFor(TriggerInfo trigger, ConflictResolution conflict, ColumnMeta[] columns, int rowidAlias)
    {
        var runner = _database.Triggers;
        var program = runner.Find(_catalog, trigger.Name, conflict);
        if (program is not null) return program;
        var run = new RunContext(_database, 0) { Sql = trigger.Sql };
        program = new TriggerProgram(_database, trigger, conflict, columns.Length, run);
        runner.Add(program);
        try
        {
            var definition = trigger.Definition;
            var compiler = new QueryCompiler(_database, run)
            {
                _trigger = new TriggerTarget(program.Frame, columns, rowidAlias,
                    definition.Event != TriggerEvent.Delete, definition.Event != TriggerEvent.Insert, conflict),
            };
            if (definition.When is not null) program.When = compiler.Compile(definition.When, new Scope(null));
            var body = new Executable[definition.Body.Length];
            for (int i = 0; i < body.Length; i++)
            {
                compiler._ctes = new List<CteEntry>();
                body[i] = compiler.CompileStatement(definition.Body[i]);
            }
            program.Body = body;
            return program;
        }
        catch
        {
            runner.Remove(program);
            throw;
        }
    }

    /// <summary>Resolves <c>NEW.column</c> / <c>OLD.column</c> (and their rowid) inside a trigger body; null when it is neither.</summary>
    private CompiledExpr? TriggerColumn(ColumnRef cr)
    {
        if (_trigger is not { } t || cr.Table is null || cr.Schema is not null) return null;
        bool isNew = string.Equals(cr.Table, "new", StringComparison.OrdinalIgnoreCase);
        bool isOld = string.Equals(cr.Table, "old", StringComparison.OrdinalIgnoreCase);
        if (!(isNew && t.HasNew) && !(isOld && t.HasOld)) return null;
        int n = t.Columns.Length;
        int column = -1;
        for (int i = 0; i < n; i++)
        {
            if (string.Equals(t.Columns[i].Name, cr.Column, StringComparison.OrdinalIgnoreCase)) { column = i; break; }
        }
        if (column < 0 && !IsRowidWord(cr.Column)) return null;
        // The INTEGER PRIMARY KEY column is the rowid register, as in SQLite (-1 in BEFORE INSERT without one).
        int slot = (isNew ? 0 : n + 1) + (column < 0 || column == t.RowidAlias ? n : column);
        var meta = column >= 0 ? t.Columns[column] : null;
        var frame = t.Frame;
        var collation = meta is null ? null : meta.Collation is null ? MiniSql.Engine.Records.CollatingSequence.Binary : ResolveCollation(meta.Collation);
        return new CompiledExpr(() => frame.Values[slot], meta?.Affinity ?? Affinity.Integer) { Collation = collation };
    }

    private static bool IsRowidWord(string name) =>
        name.Equals("rowid", StringComparison.OrdinalIgnoreCase) || name.Equals("oid", StringComparison.OrdinalIgnoreCase)
        || name.Equals("_rowid_", StringComparison.OrdinalIgnoreCase);

    /// <summary>RAISE(IGNORE | ROLLBACK, msg | ABORT, msg | FAIL, msg) inside a trigger body.</summary>
    private CompiledExpr CompileRaise(RaiseExpr raise, Scope scope)
    {
        if (raise.Kind == RaiseKind.Ignore) return new CompiledExpr(() => throw new TriggerIgnoreException());
        var message = raise.Message is null ? null : Compile(raise.Message, scope);
        var resolution = raise.Kind switch
        {
            RaiseKind.Rollback => ConflictResolution.Rollback,
            RaiseKind.Fail => ConflictResolution.Fail,
            _ => ConflictResolution.Abort,
        };
        return new CompiledExpr(() =>
        {
            var value = message is null ? SqlValue.Null : message.Eval();
            string text = value.IsNull ? "" : SqlConvert.ToText(value).AsString;
            throw new ConstraintException(ResultCode.ConstraintTrigger, text, resolution);
        });
    }

    /// <summary>CREATE TRIGGER checks SQLite makes when the statement is prepared; returns <paramref name="plan"/>.</summary>
    private QueryPlan ValidateTrigger(CreateTriggerStatement trigger, QueryPlan plan)
    {
        bool isView = _catalog.Views.ContainsKey(trigger.Table);
        if (!isView && _catalog.FindTable(trigger.Table) is null) ThrowHelper.Throw(ResultCode.Error, "no such table: main." + trigger.Table);
        if (_catalog.Triggers.ContainsKey(trigger.Name.Name))
        {
            if (trigger.IfNotExists) return new ActionPlan(() => null);
            ThrowHelper.Throw(ResultCode.Error, $"trigger {trigger.Name.Name} already exists");
        }
        if (trigger.Table.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
            ThrowHelper.Throw(ResultCode.Error, "cannot create trigger on system table");
        if (isView && trigger.Time != TriggerTime.InsteadOf)
            ThrowHelper.Throw(ResultCode.Error, $"cannot create {(trigger.Time == TriggerTime.Before ? "BEFORE" : "AFTER")} trigger on view: {trigger.Table}");
        if (!isView && trigger.Time == TriggerTime.InsteadOf)
            ThrowHelper.Throw(ResultCode.Error, "cannot create INSTEAD OF trigger on table: " + trigger.Table);
        if (trigger.Parameters.Length > 0) ThrowHelper.Throw(ResultCode.Error, "trigger cannot use variables");
        foreach (var step in trigger.Body)
        {
            var (target, returning) = step switch
            {
                InsertStatement i => (i.Table, i.Returning),
                UpdateStatement u => (u.Table, u.Returning),
                DeleteStatement d => (d.Table, d.Returning),
                _ => (null, default),
            };
            if (target?.Schema is not null)
                ThrowHelper.Throw(ResultCode.Error, "qualified table names are not allowed on INSERT, UPDATE, and DELETE statements within triggers");
            if (!returning.IsDefaultOrEmpty) ThrowHelper.Throw(ResultCode.Error, "cannot use RETURNING in a trigger");
        }
        return plan;
    }
}
