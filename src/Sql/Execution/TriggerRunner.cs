// TriggerRunner.cs — per-connection trigger state ("CREATE TRIGGER", "PRAGMA recursive_triggers", "Limits in
// SQLite": SQLITE_MAX_TRIGGER_DEPTH).
//
// Invariants:
//  T1. A compiled program is reused only with the catalog it was compiled against (the cache is dropped when the
//      connection's catalog object changes, i.e. after every schema reload).
//  T2. The active stack holds exactly the programs whose bodies are running, innermost last; its length is the
//      trigger depth checked against MaxDepth.
//  T3. With recursive_triggers off, a trigger already on the active stack does not fire again.
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Execution;

/// <summary>Compiled trigger programs and the stack of running ones for one connection. Owned by one connection; not thread-safe.</summary>
internal sealed class TriggerRunner
{
    /// <summary>SQLITE_MAX_TRIGGER_DEPTH: nesting depth at which a firing fails with "too many levels of trigger recursion".</summary>
    public const int MaxDepth = 1000;

    private readonly Dictionary<(string Name, ConflictResolution Conflict), TriggerProgram> _programs = new();
    private readonly List<TriggerProgram> _active = new();
    private SchemaCatalog? _catalog;

    /// <summary>PRAGMA recursive_triggers (default off).</summary>
    public bool Recursive { get; set; }

    /// <summary>Number of trigger programs running (0 outside triggers).</summary>
    public int Depth => _active.Count;

    /// <summary>Finds a compiled program for <paramref name="catalog"/>, or null (keeps T1).</summary>
    public TriggerProgram? Find(SchemaCatalog catalog, string name, ConflictResolution conflict)
    {
        if (!ReferenceEquals(catalog, _catalog))
        {
            _programs.Clear();
            _catalog = catalog;
        }
        return _programs.GetValueOrDefault((name.ToLowerInvariant(), conflict));
    }

    /// <summary>Caches a program (before its body is compiled, so a trigger whose body fires itself finds it).</summary>
    public void Add(TriggerProgram program) =>
        _programs[(program.Trigger.Name.ToLowerInvariant(), program.Conflict)] = program;

    /// <summary>Forgets a program whose body failed to compile.</summary>
    public void Remove(TriggerProgram program) =>
        _programs.Remove((program.Trigger.Name.ToLowerInvariant(), program.Conflict));

    /// <summary>True when a program of trigger <paramref name="trigger"/> is running (T3).</summary>
    public bool IsActive(TriggerInfo trigger)
    {
        foreach (var p in _active)
        {
            if (string.Equals(p.Trigger.Name, trigger.Name, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>Marks a program as running.</summary>
    public void Push(TriggerProgram program) => _active.Add(program);

    /// <summary>Marks the innermost program as finished.</summary>
    public void Pop() => _active.RemoveAt(_active.Count - 1);
}
