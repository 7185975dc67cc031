// Database.cs — one connection (SQLite's sqlite3 handle): owns the pager, the b-tree layer, the catalog read
// from sqlite_schema, the function and collation registries, and the transaction state machine.
//
// Transaction states (SQLite's autocommit flag):
//   autocommit: each statement begins a read transaction on its first Step (write transaction when it writes),
//               wrapped in a statement savepoint, and commits (or rolls back) when it ends (EndStatement).
//   explicit:   BEGIN turns autocommit off; statements still get a statement savepoint each; COMMIT/ROLLBACK
//               (or RELEASE of the outermost SAVEPOINT that began the transaction) turn it back on.
// Invariants:
//  D1. The catalog matches the schema cookie of the open read transaction (EnsureSchema runs at the start of
//      every statement); a statement compiled against an older catalog is recompiled before it runs.
//  D2. A failed statement leaves the database as before it (statement savepoint rolled back), except for
//      OR FAIL (changes kept) and OR ROLLBACK (whole transaction rolled back).
using MiniSql.Engine.BTree;
using MiniSql.Engine.Storage;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Execution;
using MiniSql.Sql.Functions;
using MiniSql.Sql.Parsing;
using MiniSql.Vfs;
using SemCollation = MiniSql.Engine.Records.CollatingSequence;

namespace MiniSql.Sql;

/// <summary>
/// A database connection, shaped like SQLite's C API: <see cref="Open"/>, <see cref="Prepare"/>, <see cref="Execute"/>,
/// counters, busy timeout, interrupt, user functions and collations. Owned by one thread at a time.
/// </summary>
public sealed class Database : IDisposable
{
    private readonly IVfs _vfs;
    private readonly Pager _pager;
    private readonly List<(string Name, int Depth, long DeferredViolations)> _savepoints = new();
    private SchemaCatalog? _catalog;
    private bool _explicitTransaction;
    private bool _savepointTransaction;
    private int _activeStatements;
    private int _busyTimeout;
    private volatile bool _interrupt;
    private bool _disposed;

    private Database(IVfs vfs, Pager pager, string path, DatabaseOptions options)
    {
        _vfs = vfs;
        _pager = pager;
        Path = path;
        Tree = new BTree(pager);
        Functions = FunctionRegistry.CreateBuiltIn();
        FunctionContext = new FunctionContext();
        BusyTimeout = options.BusyTimeout;
        _pager.Busy = OnBusy;
    }

    /// <summary>Opens (or creates) a database file, or a private in-memory database for ":memory:" or "".</summary>
    /// <exception cref="MiniSqlException">SQLITE_CANTOPEN, SQLITE_NOTADB, SQLITE_IOERR.</exception>
    public static Database Open(string path, DatabaseOptions? options = null)
    {
        options ??= new DatabaseOptions();
        bool memory = path is "" or ":memory:";
        var vfs = options.Vfs ?? (memory ? new MemoryVfs() : new OsVfs());
        string filePath = memory ? "memory-" + Guid.NewGuid().ToString("N") + ".db" : path;
        var pager = Pager.Open(vfs, filePath, new PagerOptions
        {
            ReadOnly = options.ReadOnly,
            Create = options.Create,
            PageSize = options.PageSize,
            CacheSize = options.CacheSize,
            // An in-memory database keeps its journal in memory (or none): WAL and file journals do not apply.
            JournalMode = !memory ? options.JournalMode : options.JournalMode == JournalMode.Off ? JournalMode.Off : JournalMode.Memory,
            Synchronous = options.Synchronous,
            // Open may already read (a WAL database, or JournalMode = Wal): busy_timeout applies from the start.
            Busy = count => BusyBackoff(count, options.BusyTimeout),
        });
        return new Database(vfs, pager, path, options);
    }

    /// <summary>The path given to <see cref="Open"/>.</summary>
    public string Path { get; }

    /// <summary>sqlite3_last_insert_rowid.</summary>
    public long LastInsertRowId { get; internal set; }

    /// <summary>Rows changed by the last INSERT/UPDATE/DELETE (sqlite3_changes64).</summary>
    public long Changes { get; internal set; }

    /// <summary>Rows changed since open (sqlite3_total_changes64).</summary>
    public long TotalChanges { get; internal set; }

    /// <summary>True when no explicit transaction is open (sqlite3_get_autocommit).</summary>
    public bool IsAutocommit => !_explicitTransaction;

    /// <summary>True when the connection was opened read-only.</summary>
    public bool IsReadOnly => _pager.IsReadOnly;

    /// <summary>Busy timeout in milliseconds (sqlite3_busy_timeout).</summary>
    public int BusyTimeout
    {
        get => _busyTimeout;
        set => _busyTimeout = Math.Max(0, value);
    }

    internal Pager Pager => _pager;

    internal BTree Tree { get; }

    internal FunctionRegistry Functions { get; }

    internal FunctionContext FunctionContext { get; }

    internal bool InterruptRequested => _interrupt;

    internal int SchemaGeneration { get; private set; }

    internal bool ForeignKeys { get; set; }

    /// <summary>PRAGMA defer_foreign_keys: every foreign key is checked at COMMIT only.</summary>
    internal bool DeferForeignKeys { get; set; }

    /// <summary>Outstanding violations of immediate foreign keys in the running statement (ForeignKeyEnforcer).</summary>
    internal long ForeignKeyImmediateViolations { get; set; }

    /// <summary>Outstanding violations of deferred foreign keys in the transaction (checked at COMMIT).</summary>
    internal long ForeignKeyDeferredViolations { get; set; }

    /// <summary>Nesting of ON DELETE/UPDATE actions (bounded like trigger recursion).</summary>
    internal int ForeignKeyCascadeDepth { get; set; }

    /// <summary>True inside BEGIN ... COMMIT (or a SAVEPOINT transaction).</summary>
    internal bool InExplicitTransaction => _explicitTransaction;

    private long _deferredAtStatementStart;

    /// <summary>Compiled trigger programs, the running-trigger stack and PRAGMA recursive_triggers.</summary>
    internal TriggerRunner Triggers { get; } = new();

    /// <summary>The current catalog (loaded on demand).</summary>
    internal SchemaCatalog Catalog
    {
        get
        {
            if (_catalog is null) WithReadTransaction(EnsureSchema);
            return _catalog!;
        }
    }

    /// <summary>Asks running statements to stop with SQLITE_INTERRUPT (sqlite3_interrupt). Thread-safe.</summary>
    public void Interrupt() => _interrupt = true;

    private bool OnBusy(int count) => BusyBackoff(count, _busyTimeout);

    /// <summary>The default busy handler: sleeps and returns true while <paramref name="timeoutMs"/> allows.</summary>
    private static bool BusyBackoff(int count, int timeoutMs)
    {
        // Back-off as sqlite's default busy handler: 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms ...
        int[] delays = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];
        int total = 0;
        for (int i = 0; i < count && i < delays.Length; i++) total += delays[i];
        if (count >= delays.Length) total += (count - delays.Length + 1) * 100;
        int delay = count < delays.Length ? delays[count] : 100;
        if (total + delay > timeoutMs)
        {
            delay = timeoutMs - total;
            if (delay <= 0) return false;
        }
        Thread.Sleep(delay);
        return true;
    }

    /// <summary>
    /// Compiles the first statement of <paramref name="sql"/> at <paramref name="offset"/> (sqlite3_prepare_v2).
    /// Returns null when only whitespace, comments or empty statements remain; <paramref name="tailOffset"/> is where
    /// the next statement starts.
    /// </summary>
    /// <exception cref="MiniSqlException">Syntax errors, unknown tables/columns, and the like.</exception>
    public Statement? Prepare(string sql, int offset, out int tailOffset)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int position = offset;
        while (true)
        {
            var ast = SqlParser.ParseStatement(sql, position, out int end);
            tailOffset = end;
            if (ast is not null) return new Statement(this, sql, ast);
            if (end >= sql.Length || end <= position) return null;
            position = end;
        }
    }

    /// <summary>Compiles a single statement (the text after it is ignored).</summary>
    public Statement? Prepare(string sql) => Prepare(sql, 0, out _);

    /// <summary>Runs every statement of <paramref name="sql"/> to completion, discarding rows (sqlite3_exec).</summary>
    public void Execute(string sql)
    {
        int position = 0;
        while (position < sql.Length)
        {
            using var statement = Prepare(sql, position, out int tail);
            if (statement is null) break;
            while (statement.Step()) { }
            position = tail;
        }
    }

    /// <summary>Registers (or replaces) a scalar function (sqlite3_create_function).</summary>
    public void CreateFunction(string name, int argumentCount, Func<Engine.Records.SqlValue[], Engine.Records.SqlValue> body, bool deterministic = true)
    {
        Functions.Register(new ScalarFunction(name.ToLowerInvariant(), argumentCount, argumentCount, (args, _) => body(args.ToArray()), deterministic));
        SchemaGeneration++;
    }

    /// <summary>Registers (or replaces) an aggregate function with an accumulator factory.</summary>
    public void CreateAggregate(string name, int argumentCount, Func<IAggregate> factory)
    {
        Functions.Register(new AggregateFunction(name.ToLowerInvariant(), argumentCount, argumentCount, _ => factory()));
        SchemaGeneration++;
    }

    /// <summary>
    /// Registers, replaces or (with a null <paramref name="compare"/>) removes a collation comparing UTF-8 bytes
    /// (sqlite3_create_collation). Names match case-insensitively. NOCASE and RTRIM may be redefined or removed
    /// (as in SQLite; <see cref="ResetCollations"/> brings them back); BINARY stays byte-wise, the way SQLite keeps
    /// default comparisons and index keys on memcmp. Statements prepared earlier recompile before they next run, so none keeps an old comparer.
    /// An exception thrown by <paramref name="compare"/> fails the statement comparing with it as SQLITE_ERROR.
    /// </summary>
    /// <exception cref="MiniSqlException">SQLITE_BUSY when an existing collation would change while statements run.</exception>
    public void CreateCollation(string name, Func<ReadOnlySpan<byte>, ReadOnlySpan<byte>, int>? compare)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Equals("BINARY", StringComparison.OrdinalIgnoreCase)) return;
        if (_activeStatements > 0 && Collations.TryGet(name, out _))
            ThrowHelper.Throw(ResultCode.Busy, "unable to delete/modify collation sequence due to active statements");
        if (compare is not null)
        {
            Collations.Register(name, (a, b) =>
            {
                int c;
                try
                {
                    c = compare(a, b);
                }
                catch (Exception ex) when (ex is not MiniSqlException)
                {
                    throw new MiniSqlException(ResultCode.Error, $"collation {name} failed: {ex.Message}", ex);
                }
                return Math.Sign(c);
            });
        }
        else if (!Collations.Unregister(name))
        {
            return;
        }
        SchemaGeneration++;
    }

    /// <summary>
    /// Drops every collation added or changed with <see cref="CreateCollation"/>, leaving the built-ins (a pooled
    /// connection starts the next user's session without the previous one's collations, as in Microsoft.Data.Sqlite).
    /// </summary>
    public void ResetCollations()
    {
        var builtIns = new[] { SemCollation.Binary, SemCollation.NoCase, SemCollation.RTrim };
        bool changed = false;
        foreach (var name in new[] { "BINARY", "NOCASE", "RTRIM" })
        {
            changed |= !Collations.TryGet(name, out var c) || Array.IndexOf(builtIns, c) < 0;
        }
        changed |= Collations.Names.Count > 3;
        if (!changed) return;
        foreach (var name in Collations.Names.ToArray()) Collations.Unregister(name);
        foreach (var c in builtIns) Collations.Register(c);
        SchemaGeneration++;
    }

    /// <summary>The collations of this connection: the built-ins and those added with <see cref="CreateCollation"/>.</summary>
    internal Engine.Records.CollationRegistry Collations { get; } = new();

    internal SemCollation? FindCollation(string name) => Collations.TryGet(name, out var c) ? c : null;

    internal void WithReadTransaction(Action action)
    {
        bool started = false;
        if (!_pager.InReadTransaction)
        {
            _pager.BeginRead();
            started = true;
        }
        try
        {
            action();
        }
        finally
        {
            if (started && !_pager.InWriteTransaction) _pager.EndRead();
        }
    }

    /// <summary>Reloads the catalog when the schema cookie changed (D1). Requires a read transaction.</summary>
    internal void EnsureSchema()
    {
        uint cookie = _pager.PageCount == 0 ? 0 : _pager.SchemaCookie;
        if (_catalog is not null && _catalog.Cookie == cookie) return;
        ReloadSchema(cookie);
    }

    internal void ReloadSchema(uint? cookie = null)
    {
        uint c = cookie ?? (_pager.PageCount == 0 ? 0 : _pager.SchemaCookie);
        var rows = _pager.PageCount == 0 ? new List<SchemaRow>() : SchemaTable.ReadAll(Tree);
        _catalog = SchemaCatalog.Load(rows, c, Collations);
        SchemaGeneration++;
    }

    /// <summary>
    /// <see cref="BeginStatement"/>'s depth for a write statement that runs without a statement savepoint (SQLite's
    /// statement journal): one that cannot fail after its first change except by an I/O-class error, after which its
    /// caller rolls the whole transaction back (as SQLite does for a statement without a statement journal).
    /// </summary>
    internal const int Unjournaled = int.MaxValue;

    /// <summary>
    /// Starts a statement: read (or write) transaction, schema check, statement savepoint. Returns the savepoint depth
    /// (0 = none; <see cref="Unjournaled"/> for a write without a savepoint when <paramref name="journal"/> is false).
    /// </summary>
    internal int BeginStatement(bool write, bool journal = true)
    {
        _interrupt = _activeStatements > 0 && _interrupt;
        if (!_pager.InReadTransaction)
        {
            // A write statement that starts the transaction takes the write lock together with its snapshot, so the
            // busy handler covers both and a commit landing in between just means a fresh snapshot (SQLite's
            // sqlite3BtreeBeginTrans); taking them apart would fail at once with SQLITE_BUSY(_SNAPSHOT).
            if (write && !_pager.IsReadOnly) _pager.BeginWrite();
            else _pager.BeginRead();
        }
        try
        {
            EnsureSchema();
            int depth = 0;
            if (write)
            {
                if (_pager.IsReadOnly) ThrowHelper.Throw(ResultCode.ReadOnly, "attempt to write a readonly database");
                if (!_pager.InWriteTransaction) _pager.BeginWrite();
                depth = journal ? _pager.OpenSavepoint() : Unjournaled;
                if (_activeStatements == 0)
                {
                    ForeignKeyImmediateViolations = 0;
                    _deferredAtStatementStart = ForeignKeyDeferredViolations;
                }
            }
            _activeStatements++;
            return depth;
        }
        catch
        {
            if (!_explicitTransaction && _activeStatements == 0)
            {
                if (_pager.InWriteTransaction) _pager.Rollback();
                _pager.EndRead();
            }
            throw;
        }
    }

    /// <summary>Ends a statement begun with <see cref="BeginStatement"/>, committing in autocommit mode (D2).</summary>
    internal void EndStatement(int depth, bool success, bool keepChanges, bool rollbackTransaction)
    {
        _activeStatements--;
        try
        {
            if (depth == Unjournaled)
            {
                if (_activeStatements == 0) ForeignKeyImmediateViolations = 0;
            }
            else if (depth > 0 && _pager.InWriteTransaction && _pager.SavepointCount >= depth)
            {
                if (!success && !keepChanges)
                {
                    _pager.RollbackToSavepoint(depth);
                    if (_activeStatements == 0) ForeignKeyDeferredViolations = _deferredAtStatementStart;
                }
                if (_activeStatements == 0) ForeignKeyImmediateViolations = 0;
                _pager.ReleaseSavepoint(depth);
            }
            if (rollbackTransaction && _explicitTransaction)
            {
                RollbackTransaction();
                return;
            }
            if (!_explicitTransaction)
            {
                if (_pager.InWriteTransaction && depth > 0)
                {
                    if (success || keepChanges)
                    {
                        try
                        {
                            _pager.Commit();
                        }
                        catch (MiniSqlException ex) when (ex.ResultCode == ResultCode.Busy)
                        {
                            // Autocommit: a commit that cannot get its EXCLUSIVE lock rolls the statement back, so a
                            // statement retried after BUSY starts clean instead of repeating its changes on top.
                            _pager.Rollback();
                            if (_activeStatements == 0 && _pager.InReadTransaction) _pager.EndRead();
                            throw;
                        }
                    }
                    else _pager.Rollback();
                }
                if (_activeStatements == 0 && !_pager.InWriteTransaction) _pager.EndRead();
            }
        }
        finally
        {
            if (_activeStatements == 0) _interrupt = false;
        }
    }

    /// <summary>Opens the statement savepoint that <see cref="BeginStatement"/> skipped (the statement was recompiled and now needs one).</summary>
    internal int JournalStatement(int depth) => depth == Unjournaled ? _pager.OpenSavepoint() : depth;

    internal void BeginTransaction(Parsing.Ast.TransactionKind kind)
    {
        if (_explicitTransaction) ThrowHelper.Throw(ResultCode.Error, "cannot start a transaction within a transaction");
        if (kind != Parsing.Ast.TransactionKind.Deferred)
        {
            // From no transaction BeginWrite takes snapshot and write lock together under the busy handler (as in
            // BeginStatement).
            _pager.BeginWrite(kind == Parsing.Ast.TransactionKind.Exclusive);
            try
            {
                EnsureSchema();
            }
            catch
            {
                if (_activeStatements == 0)
                {
                    _pager.Rollback();
                    _pager.EndRead();
                }
                throw;
            }
        }
        _explicitTransaction = true;
        _savepointTransaction = false;
    }

    internal void CommitTransaction()
    {
        if (!_explicitTransaction) ThrowHelper.Throw(ResultCode.Error, "cannot commit - no transaction is active");
        // Deferred foreign keys still violated: COMMIT fails and the transaction stays open, as in SQLite.
        if (ForeignKeys && ForeignKeyDeferredViolations > 0)
            ThrowHelper.Throw(ResultCode.ConstraintForeignKey, "FOREIGN KEY constraint failed");
        if (_pager.InWriteTransaction) _pager.Commit();
        ForeignKeyDeferredViolations = 0;
        DeferForeignKeys = false;
        _savepoints.Clear();
        _explicitTransaction = false;
        if (_activeStatements == 0 && _pager.InReadTransaction) _pager.EndRead();
    }

    internal void RollbackTransaction()
    {
        if (!_explicitTransaction) ThrowHelper.Throw(ResultCode.Error, "cannot rollback - no transaction is active");
        _pager.Rollback();
        ForeignKeyDeferredViolations = 0;
        DeferForeignKeys = false;
        _savepoints.Clear();
        _explicitTransaction = false;
        if (_activeStatements == 0 && _pager.InReadTransaction) _pager.EndRead();
        _catalog = null;
    }

    internal void Savepoint(string name)
    {
        if (!_explicitTransaction)
        {
            _explicitTransaction = true;
            _savepointTransaction = true;
        }
        if (!_pager.InReadTransaction) _pager.BeginRead();
        EnsureSchema();
        if (!_pager.InWriteTransaction) _pager.BeginWrite();
        int depth = _pager.OpenSavepoint();
        _savepoints.Add((name, depth, ForeignKeyDeferredViolations));
    }

    private int FindSavepoint(string name)
    {
        for (int i = _savepoints.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_savepoints[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        ThrowHelper.Throw(ResultCode.Error, "no such savepoint: " + name);
        return -1;
    }

    internal void Release(string name)
    {
        int i = FindSavepoint(name);
        _pager.ReleaseSavepoint(_savepoints[i].Depth);
        _savepoints.RemoveRange(i, _savepoints.Count - i);
        if (_savepoints.Count == 0 && _savepointTransaction) CommitTransaction();
    }

    internal void RollbackTo(string name)
    {
        int i = FindSavepoint(name);
        _pager.RollbackToSavepoint(_savepoints[i].Depth);
        ForeignKeyDeferredViolations = _savepoints[i].DeferredViolations;
        _savepoints.RemoveRange(i + 1, _savepoints.Count - i - 1);
        _catalog = null;
        EnsureSchema();
    }

    /// <summary>True for a private in-memory database (":memory:" or "").</summary>
    internal bool IsMemory => Path is "" or ":memory:";

    /// <summary>
    /// PRAGMA journal_mode=MODE (OP_JournalMode). Runs outside the statement transaction and returns the mode in effect
    /// afterwards. An in-memory database only switches between MEMORY and OFF; a rollback-mode change is ignored once
    /// the write transaction has changed a page; entering or leaving WAL needs autocommit and no other running
    /// statement, and leaving it needs every other connection closed (SQLITE_BUSY otherwise, without waiting).
    /// </summary>
    /// <exception cref="MiniSqlException">SQLITE_ERROR inside a transaction (WAL changes); SQLITE_BUSY; I/O errors.</exception>
    internal JournalMode ChangeJournalMode(JournalMode mode)
    {
        var old = _pager.JournalMode;
        if (IsMemory)
        {
            if (mode is JournalMode.Memory or JournalMode.Off && !_pager.InWriteTransaction) _pager.JournalMode = mode;
            return _pager.JournalMode;
        }
        if (mode == old) return old;
        if (mode == JournalMode.Wal || old == JournalMode.Wal)
        {
            if (_explicitTransaction || _activeStatements > 0 || _pager.InReadTransaction)
                ThrowHelper.Throw(ResultCode.Error, mode == JournalMode.Wal
                    ? "cannot change into wal mode from within a transaction"
                    : "cannot change out of wal mode from within a transaction");
            _pager.JournalMode = mode;
            return _pager.JournalMode;
        }
        if (_pager.State is PagerState.WriterCacheMod or PagerState.WriterDbMod) return old;
        _pager.JournalMode = mode;
        return _pager.JournalMode;
    }

    /// <summary>PRAGMA wal_checkpoint(MODE): (busy, log, checkpointed); (0, -1, -1) when not in WAL mode.</summary>
    /// <exception cref="MiniSqlException">SQLITE_LOCKED while this connection has a transaction or a running statement.</exception>
    internal Engine.Storage.Wal.CheckpointResult Checkpoint(Engine.Storage.Wal.CheckpointMode mode)
    {
        if (_activeStatements > 0 || _pager.InReadTransaction)
            ThrowHelper.Throw(ResultCode.Locked, "database table is locked");
        return _pager.Checkpoint(mode);
    }

    /// <summary>Closes the connection, rolling back an open transaction.</summary>
    public void Close() => Dispose();

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (_pager.InWriteTransaction) _pager.Rollback();
            if (_pager.InReadTransaction) _pager.EndRead();
        }
        finally
        {
            _pager.Dispose();
        }
    }
}
