using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using MiniSql.Engine.Storage;
using MiniSql.Sql;
using MiniSql.Sql.Functions;

namespace MiniSql.Data;

/// <summary>
/// A connection to a MiniSql database file (or an in-memory database), a drop-in for Microsoft.Data.Sqlite's
/// <c>SqliteConnection</c>. Not thread-safe: use one connection per thread.
/// </summary>
public sealed partial class MiniSqlConnection : DbConnection
{
    private readonly List<WeakReference<MiniSqlCommand>> _commands = new();
    private string _connectionString = string.Empty;
    private MiniSqlConnectionStringBuilder _options = new();
    private ConnectionState _state = ConnectionState.Closed;
    private Database? _database;
    private string? _sharedMemoryName;
    private long _poolGeneration;
    private bool _pooled;

    /// <summary>Creates a closed connection with no connection string.</summary>
    public MiniSqlConnection()
    {
    }

    /// <summary>Creates a closed connection.</summary>
    /// <param name="connectionString">For example <c>Data Source=app.db</c>; see <see cref="MiniSqlConnectionStringBuilder"/>.</param>
    public MiniSqlConnection(string? connectionString) => ConnectionString = connectionString;

    /// <inheritdoc />
    [AllowNull]
    public override string ConnectionString
    {
        get => _connectionString;
        set
        {
            if (_state != ConnectionState.Closed) throw new InvalidOperationException("ConnectionString cannot be set when the connection is open.");
            _connectionString = value ?? string.Empty;
            _options = new MiniSqlConnectionStringBuilder(_connectionString);
        }
    }

    /// <summary>Always "main".</summary>
    public override string Database => "main";

    /// <summary>The database file's full path when open, otherwise the <c>Data Source</c>.</summary>
    public override string DataSource
    {
        get
        {
            if (_database is null || _sharedMemoryName is not null || IsPrivateMemory) return _state == ConnectionState.Open ? string.Empty : _options.DataSource;
            return System.IO.Path.GetFullPath(_options.DataSource);
        }
    }

    /// <summary>The SQLite version MiniSql follows.</summary>
    public override string ServerVersion => FunctionRegistry.SqliteVersion;

    /// <inheritdoc />
    public override ConnectionState State => _state;

    /// <summary>The default <see cref="MiniSqlCommand.CommandTimeout"/> in seconds (<c>Default Timeout</c>, default 30).</summary>
    public int DefaultTimeout { get; set; } = 30;

    /// <summary>The transaction begun with <see cref="BeginTransaction(IsolationLevel, bool)"/>, if still pending.</summary>
    internal MiniSqlTransaction? Transaction { get; set; }

    /// <summary>The engine connection (open connections only).</summary>
    internal Database Handle => _database ?? throw new InvalidOperationException("The connection is not open.");

    private bool IsPrivateMemory =>
        (_options.Mode == MiniSqlOpenMode.Memory || _options.DataSource is "" or ":memory:") && _options.Cache != MiniSqlCacheMode.Shared;

    /// <inheritdoc />
    protected override DbProviderFactory DbProviderFactory => MiniSqlFactory.Instance;

    /// <summary>Opens the connection (taking a pooled engine connection when possible).</summary>
    /// <exception cref="MiniSqlException">SQLITE_CANTOPEN, SQLITE_NOTADB and other open errors.</exception>
    /// <exception cref="InvalidOperationException">A password was given (MiniSql does not encrypt).</exception>
    public override void Open()
    {
        if (_state == ConnectionState.Open) return;
        if (_options.Password.Length != 0)
        {
            throw new InvalidOperationException("You specified a password in the connection string, but MiniSql doesn't support encryption.");
        }
        DefaultTimeout = _options.DefaultTimeout;
        bool memory = _options.Mode == MiniSqlOpenMode.Memory || _options.DataSource is "" or ":memory:";
        try
        {
            if (memory && _options.Cache == MiniSqlCacheMode.Shared)
            {
                _sharedMemoryName = _options.DataSource;
                var vfs = SharedMemoryDatabases.Acquire(_sharedMemoryName);
                try
                {
                    _database = Sql.Database.Open(SharedMemoryDatabases.FileName(_sharedMemoryName), CreateOptions(vfs) with { JournalMode = JournalMode.Memory });
                }
                catch
                {
                    SharedMemoryDatabases.Release(_sharedMemoryName);
                    _sharedMemoryName = null;
                    throw;
                }
            }
            else if (memory)
            {
                _database = Sql.Database.Open(":memory:", CreateOptions(null));
            }
            else
            {
                _pooled = _options.Pooling;
                if (_pooled)
                {
                    _poolGeneration = MiniSqlConnectionPool.Generation(_connectionString);
                    _database = MiniSqlConnectionPool.Rent(_connectionString);
                    if (_database is not null) ApplyOpenPragmas();
                }
                if (_database is null)
                {
                    if (_options.Mode != MiniSqlOpenMode.ReadWriteCreate && !File.Exists(_options.DataSource))
                    {
                        throw ProviderErrors.Create(ResultCode.CantOpen, "unable to open database file");
                    }
                    _database = Sql.Database.Open(_options.DataSource, CreateOptions(null));
                    ApplyOpenPragmas();
                }
            }
            if (memory) ApplyOpenPragmas();
        }
        catch (MiniSqlException ex)
        {
            CloseDatabase(returnToPool: false);
            throw ProviderErrors.Wrap(ex);
        }
        catch
        {
            CloseDatabase(returnToPool: false);
            throw;
        }
        RegisterFunctionsOnOpen();
        SetState(ConnectionState.Open);
    }

    private DatabaseOptions CreateOptions(MiniSql.Vfs.IVfs? vfs)
    {
        JournalMode journal = JournalMode.Delete;
        if (_options.JournalMode != MiniSqlJournalMode.Delete &&
            !Enum.TryParse(_options.JournalMode.ToString(), ignoreCase: true, out journal))
        {
            throw ProviderErrors.Create(ResultCode.Error, "journal mode " + _options.JournalMode + " is not supported by MiniSql yet");
        }
        return new DatabaseOptions
        {
            ReadOnly = _options.Mode == MiniSqlOpenMode.ReadOnly,
            Create = _options.Mode is MiniSqlOpenMode.ReadWriteCreate or MiniSqlOpenMode.Memory,
            Vfs = vfs,
            JournalMode = journal,
            Synchronous = (SynchronousMode)(int)_options.Synchronous,
        };
    }

    private void ApplyOpenPragmas()
    {
        // Run on every open, pooled or not, as Microsoft.Data.Sqlite does. e_sqlite3 (its SQLite build) enables
        // foreign keys by default; so does MiniSql.Data.
        ExecuteWithRetry(_options.ForeignKeys != false ? "PRAGMA foreign_keys = 1;" : "PRAGMA foreign_keys = 0;");
        if (_options.RecursiveTriggers) ExecuteWithRetry("PRAGMA recursive_triggers = 1;");
    }

    /// <summary>
    /// Runs an open pragma, retrying SQLITE_BUSY/LOCKED (preparing reads the schema under a shared lock, which a
    /// committing writer can hold for a moment) with growing delays until <see cref="DefaultTimeout"/>, as commands do.
    /// </summary>
    private void ExecuteWithRetry(string sql)
    {
        System.Diagnostics.Stopwatch? timer = null;
        int delay = 1;
        while (true)
        {
            try
            {
                _database!.Execute(sql);
                return;
            }
            catch (MiniSqlException ex) when ((ex.SqliteErrorCode & 0xFF) is (int)ResultCode.Busy or (int)ResultCode.Locked)
            {
                timer ??= System.Diagnostics.Stopwatch.StartNew();
                if (DefaultTimeout != 0 && timer.ElapsedMilliseconds >= DefaultTimeout * 1000L) throw;
                Thread.Sleep(delay);
                delay = Math.Min(delay * 2, 100);
            }
        }
    }

    /// <summary>Closes the connection: rolls back a pending transaction and returns the engine connection to the pool.</summary>
    public override void Close()
    {
        if (_state == ConnectionState.Closed) return;
        Transaction?.Dispose();
        for (int i = _commands.Count - 1; i >= 0; i--)
        {
            if (_commands[i].TryGetTarget(out var command)) command.DisposeStatements();
        }
        _commands.Clear();
        CloseDatabase(returnToPool: true);
        SetState(ConnectionState.Closed);
    }

    private void CloseDatabase(bool returnToPool)
    {
        var db = _database;
        _database = null;
        if (db is not null)
        {
            if (returnToPool && _pooled)
            {
                try
                {
                    if (!db.IsAutocommit) db.Execute("ROLLBACK;");
                    db.ResetCollations();
                    MiniSqlConnectionPool.Return(_connectionString, _poolGeneration, db);
                }
                catch (MiniSqlException)
                {
                    db.Dispose();
                }
            }
            else
            {
                db.Dispose();
            }
        }
        if (_sharedMemoryName is not null)
        {
            SharedMemoryDatabases.Release(_sharedMemoryName);
            _sharedMemoryName = null;
        }
        _pooled = false;
    }

    private void SetState(ConnectionState state)
    {
        var old = _state;
        _state = state;
        if (old != state) OnStateChange(new StateChangeEventArgs(old, state));
    }

    /// <summary>Creates a command on this connection (enlisted in the pending transaction, if any).</summary>
    public new MiniSqlCommand CreateCommand() => new() { Connection = this, Transaction = Transaction, CommandTimeout = DefaultTimeout };

    /// <inheritdoc />
    protected override DbCommand CreateDbCommand() => CreateCommand();

    internal void AddCommand(MiniSqlCommand command) => _commands.Add(new WeakReference<MiniSqlCommand>(command));

    internal void RemoveCommand(MiniSqlCommand command)
    {
        for (int i = _commands.Count - 1; i >= 0; i--)
        {
            if (!_commands[i].TryGetTarget(out var c) || ReferenceEquals(c, command)) _commands.RemoveAt(i);
        }
    }

    /// <summary>Begins a transaction with <c>BEGIN IMMEDIATE</c> (serializable).</summary>
    public new MiniSqlTransaction BeginTransaction() => BeginTransaction(IsolationLevel.Unspecified, deferred: false);

    /// <summary>Begins a transaction; <paramref name="deferred"/> uses <c>BEGIN</c> (locks taken on first use).</summary>
    public MiniSqlTransaction BeginTransaction(bool deferred) => BeginTransaction(IsolationLevel.Unspecified, deferred);

    /// <summary>Begins a transaction at an isolation level (ReadUncommitted implies deferred).</summary>
    public new MiniSqlTransaction BeginTransaction(IsolationLevel isolationLevel) =>
        BeginTransaction(isolationLevel, deferred: isolationLevel == IsolationLevel.ReadUncommitted);

    /// <summary>Begins a transaction.</summary>
    /// <exception cref="InvalidOperationException">The connection is closed or already has a transaction.</exception>
    /// <exception cref="ArgumentException">An isolation level SQLite cannot provide.</exception>
    public MiniSqlTransaction BeginTransaction(IsolationLevel isolationLevel, bool deferred)
    {
        if (_state != ConnectionState.Open) throw ProviderErrors.RequiresOpenConnection("BeginTransaction");
        if (Transaction is not null) throw new InvalidOperationException("MiniSqlConnection does not support nested transactions.");
        return Transaction = new MiniSqlTransaction(this, isolationLevel, deferred);
    }

    /// <inheritdoc />
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => BeginTransaction(isolationLevel);

    /// <summary>Not supported: a connection has one database.</summary>
    public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

    /// <summary>Runs SQL on the connection outside any command (transactions use it).</summary>
    internal int ExecuteNonQuery(string sql)
    {
        using var command = CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    /// <summary>Closes idle pooled connections opened with this connection's connection string.</summary>
    public static void ClearPool(MiniSqlConnection connection) => MiniSqlConnectionPool.Clear(connection.ConnectionString);

    /// <summary>Closes every idle pooled connection.</summary>
    public static void ClearAllPools() => MiniSqlConnectionPool.ClearAll();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }
}
