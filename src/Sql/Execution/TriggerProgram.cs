using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

/// <summary>
/// One trigger compiled for one conflict-resolution override: its WHEN clause and body statements, compiled against
/// a pseudo-row frame holding NEW (slots 0..n, rowid last) and OLD (slots n+1..2n+1). Firing it runs the body for
/// one row with SQLite's rules for depth, recursion, changes() and last_insert_rowid(). Owned by one connection.
/// </summary>
internal sealed class TriggerProgram
{
    private readonly Database _database;
    private readonly RunContext _run;

    /// <summary>Trigger levels run on one thread before the next level moves to a fresh stack.</summary>
    private const int StackHopDepth = 10;

    /// <summary>True while the next firing is the first one on a freshly started thread.</summary>
    [ThreadStatic]
    private static bool _onFreshStack;

    /// <summary>Creates an uncompiled program; the compiler fills <see cref="When"/> and <see cref="Body"/>.</summary>
    public TriggerProgram(Database database, TriggerInfo trigger, ConflictResolution conflict, int columnCount, RunContext run)
    {
        _database = database;
        Trigger = trigger;
        Conflict = conflict;
        ColumnCount = columnCount;
        _run = run;
    }

    /// <summary>The trigger.</summary>
    public TriggerInfo Trigger { get; }

    /// <summary>The ON CONFLICT override of the statement that fires it (Default = none).</summary>
    public ConflictResolution Conflict { get; }

    /// <summary>Columns of the table or view (NEW and OLD each take this many slots plus one for the rowid).</summary>
    public int ColumnCount { get; }

    /// <summary>NEW and OLD registers read by the body's compiled expressions.</summary>
    public Frame Frame { get; } = new();

    /// <summary>The WHEN condition, or null.</summary>
    public CompiledExpr? When { get; set; }

    /// <summary>The body statements in order.</summary>
    public Executable[] Body { get; set; } = [];

    /// <summary>
    /// Runs the program for one row. <paramref name="oldRow"/>/<paramref name="newRow"/> hold the column values then
    /// the rowid (null when the event has no such row). Returns false when the body ran RAISE(IGNORE).
    /// </summary>
    public bool Fire(SqlValue[]? oldRow, SqlValue[]? newRow)
    {
        var runner = _database.Triggers;
        if (!runner.Recursive && runner.IsActive(Trigger)) return true; // keeps T3
        if (runner.Depth >= TriggerRunner.MaxDepth) ThrowHelper.Throw(ResultCode.Error, "too many levels of trigger recursion");
        // Each nesting level costs a few KB of stack, and unwinding an error through many levels costs far more:
        // every StackHopDepth levels (or when the stack runs low) the firing continues on a fresh thread, so even
        // SQLite's full depth, and an error raised at its bottom, cannot overflow a small thread stack.
        if ((runner.Depth > 0 && runner.Depth % StackHopDepth == 0 && !_onFreshStack) || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            return FireOnLargeStack(oldRow, newRow);
        _onFreshStack = false;
        int n = ColumnCount;
        var registers = new SqlValue[2 * (n + 1)];
        if (newRow is not null) Array.Copy(newRow, registers, n + 1);
        if (oldRow is not null) Array.Copy(oldRow, 0, registers, n + 1, n + 1);
        var savedRegisters = Frame.Values;
        Frame.Values = registers;
        var context = _database.FunctionContext;
        long savedRowid = _database.LastInsertRowId, savedContextRowid = context.LastInsertRowId;
        long savedChanges = _database.Changes, savedContextChanges = context.Changes;
        runner.Push(this);
        try
        {
            _run.Epoch++;
            if (When is not null && SqlConvert.IsTrue(When.Eval()) != true) return true;
            foreach (var statement in Body)
            {
                _run.Epoch++;
                statement.Open();
                try
                {
                    while (statement.Next()) _run.CheckInterrupt();
                }
                finally
                {
                    statement.Close();
                }
            }
            return true;
        }
        catch (TriggerIgnoreException)
        {
            return false;
        }
        finally
        {
            runner.Pop();
            Frame.Values = savedRegisters;
            _database.LastInsertRowId = savedRowid;
            context.LastInsertRowId = savedContextRowid;
            _database.Changes = savedChanges;
            context.Changes = savedContextChanges;
        }
    }

    /// <summary>Deep trigger recursion: continues on a thread with a fresh large stack so the process never overflows.</summary>
    private bool FireOnLargeStack(SqlValue[]? oldRow, SqlValue[]? newRow)
    {
        bool result = false;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            _onFreshStack = true;
            try { result = Fire(oldRow, newRow); }
            catch (Exception ex) { error = ExceptionDispatchInfo.Capture(ex); }
        }, 16 * 1024 * 1024);
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }
}
