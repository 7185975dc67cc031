using MiniSql.Engine.Records;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Execution;

/// <summary>
/// The triggers one statement fires on its target for its event, grouped by time, newest first (SQLite fires
/// triggers of the same time in reverse order of creation).
/// </summary>
internal sealed class TriggerSet
{
    /// <summary>Creates a set.</summary>
    public TriggerSet(TriggerProgram[] before, TriggerProgram[] after, TriggerProgram[] insteadOf)
    {
        Before = before;
        After = after;
        InsteadOf = insteadOf;
    }

    /// <summary>BEFORE triggers.</summary>
    public TriggerProgram[] Before { get; }

    /// <summary>AFTER triggers.</summary>
    public TriggerProgram[] After { get; }

    /// <summary>INSTEAD OF triggers (views only).</summary>
    public TriggerProgram[] InsteadOf { get; }

    /// <summary>True when there are BEFORE triggers.</summary>
    public bool HasBefore => Before.Length > 0;

    /// <summary>True when there are AFTER triggers.</summary>
    public bool HasAfter => After.Length > 0;

    /// <summary>
    /// Fires the triggers of <paramref name="time"/> for one row (values then rowid); false when one of them ran
    /// RAISE(IGNORE), which also skips the remaining triggers for the row.
    /// </summary>
    public bool Fire(TriggerTime time, SqlValue[]? oldRow, SqlValue[]? newRow)
    {
        var programs = time switch { TriggerTime.Before => Before, TriggerTime.After => After, _ => InsteadOf };
        foreach (var p in programs)
        {
            if (!p.Fire(oldRow, newRow)) return false;
        }
        return true;
    }
}
