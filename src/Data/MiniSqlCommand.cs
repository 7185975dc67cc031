using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using MiniSql.Sql;

namespace MiniSql.Data;

/// <summary>
/// A SQL command: one or more statements in <see cref="CommandText"/>, run in order (each prepared from the previous
/// statement's unparsed tail). Prepared statements are cached on the command and reused when it runs again with
/// new parameter values. Not thread-safe, except <see cref="Cancel"/>.
/// </summary>
public sealed class MiniSqlCommand : DbCommand
{
    private const int MaxBusyDelayMilliseconds = 100;

    private readonly List<Statement> _statements = new();
    private string _commandText = string.Empty;
    private MiniSqlConnection? _connection;
    private MiniSqlParameterCollection? _parameters;
    private int? _commandTimeout;
    private int _nextOffset;
    private bool _allPrepared;

    /// <summary>Creates a command with no text or connection.</summary>
    public MiniSqlCommand()
    {
    }

    /// <summary>Creates a command with text.</summary>
    public MiniSqlCommand(string? commandText) => CommandText = commandText;

    /// <summary>Creates a command with text on a connection.</summary>
    public MiniSqlCommand(string? commandText, MiniSqlConnection? connection)
        : this(commandText)
    {
        Connection = connection;
        if (connection is not null) CommandTimeout = connection.DefaultTimeout;
    }

    /// <summary>Creates a command with text on a connection, enlisted in a transaction.</summary>
    public MiniSqlCommand(string? commandText, MiniSqlConnection? connection, MiniSqlTransaction? transaction)
        : this(commandText, connection) => Transaction = transaction;

    /// <summary>The SQL: one or more statements separated by semicolons.</summary>
    /// <exception cref="InvalidOperationException">A reader of this command is open.</exception>
    [AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set
        {
            if (DataReader is not null) throw new InvalidOperationException("An open reader is associated with this command. Close it before changing the CommandText property.");
            value ??= string.Empty;
            if (value != _commandText)
            {
                DisposeStatements();
                _commandText = value;
            }
        }
    }

    /// <summary>Seconds to keep retrying a statement that finds the database locked (0 = no limit). Default 30.</summary>
    public override int CommandTimeout
    {
        get => _commandTimeout ?? _connection?.DefaultTimeout ?? 30;
        set
        {
            if (value < 0) throw new ArgumentOutOfRangeException(nameof(value));
            _commandTimeout = value;
        }
    }

    /// <summary>Only <see cref="CommandType.Text"/> is supported.</summary>
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text) throw new ArgumentException($"The CommandType '{value}' is not supported.");
        }
    }

    /// <summary>The connection the command runs on.</summary>
    /// <exception cref="InvalidOperationException">A reader of this command is open.</exception>
    public new MiniSqlConnection? Connection
    {
        get => _connection;
        set
        {
            if (DataReader is not null) throw new InvalidOperationException("An open reader is associated with this command. Close it before changing the Connection property.");
            if (ReferenceEquals(value, _connection)) return;
            DisposeStatements();
            _connection?.RemoveCommand(this);
            _connection = value;
            _connection?.AddCommand(this);
        }
    }

    /// <inheritdoc />
    protected override DbConnection? DbConnection
    {
        get => Connection;
        set => Connection = (MiniSqlConnection?)value;
    }

    /// <summary>The transaction the command runs in; must be the connection's pending transaction.</summary>
    public new MiniSqlTransaction? Transaction { get; set; }

    /// <inheritdoc />
    protected override DbTransaction? DbTransaction
    {
        get => Transaction;
        set => Transaction = (MiniSqlTransaction?)value;
    }

    /// <summary>The command's parameters.</summary>
    public new MiniSqlParameterCollection Parameters => _parameters ??= new MiniSqlParameterCollection();

    /// <inheritdoc />
    protected override DbParameterCollection DbParameterCollection => Parameters;

    /// <inheritdoc />
    public override bool DesignTimeVisible { get; set; }

    /// <inheritdoc />
    public override UpdateRowSource UpdatedRowSource { get; set; }

    /// <summary>The open reader of this command, if any.</summary>
    internal MiniSqlDataReader? DataReader { get; set; }

    /// <summary>Creates a parameter.</summary>
    public new MiniSqlParameter CreateParameter() => new();

    /// <inheritdoc />
    protected override DbParameter CreateDbParameter() => CreateParameter();

    /// <summary>Compiles every statement of <see cref="CommandText"/> now, so that later executions only bind and run.</summary>
    /// <exception cref="MiniSqlException">A syntax or name-resolution error.</exception>
    public override void Prepare()
    {
        if (_connection?.State != ConnectionState.Open) throw ProviderErrors.RequiresOpenConnection(nameof(Prepare));
        if (string.IsNullOrEmpty(_commandText)) throw new InvalidOperationException("Prepare can only be called when CommandText has been set.");
        for (int i = 0; GetStatement(i) is not null; i++)
        {
        }
    }

    /// <summary>Runs the command and returns a reader over its first result set.</summary>
    public new MiniSqlDataReader ExecuteReader() => ExecuteReader(CommandBehavior.Default);

    /// <summary>Runs the command and returns a reader over its first result set.</summary>
    /// <exception cref="MiniSqlException">Any SQL error; SQLITE_BUSY once <see cref="CommandTimeout"/> expires.</exception>
    /// <exception cref="InvalidOperationException">Missing parameters, closed connection, transaction mismatch.</exception>
    public new MiniSqlDataReader ExecuteReader(CommandBehavior behavior) =>
        ExecuteReaderCore(behavior, async: false, CancellationToken.None, nameof(ExecuteReader)).GetAwaiter().GetResult();

    /// <inheritdoc />
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => ExecuteReader(behavior);

    /// <summary>Runs the command asynchronously; waits for locks without blocking a thread and honours the token.</summary>
    public new Task<MiniSqlDataReader> ExecuteReaderAsync() => ExecuteReaderAsync(CommandBehavior.Default, CancellationToken.None);

    /// <summary>Runs the command asynchronously; waits for locks without blocking a thread and honours the token.</summary>
    public new Task<MiniSqlDataReader> ExecuteReaderAsync(CancellationToken cancellationToken) => ExecuteReaderAsync(CommandBehavior.Default, cancellationToken);

    /// <summary>Runs the command asynchronously; waits for locks without blocking a thread and honours the token.</summary>
    public new Task<MiniSqlDataReader> ExecuteReaderAsync(CommandBehavior behavior) => ExecuteReaderAsync(behavior, CancellationToken.None);

    /// <summary>Runs the command asynchronously; waits for locks without blocking a thread and honours the token.</summary>
    public new async Task<MiniSqlDataReader> ExecuteReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await ExecuteReaderCore(behavior, async: true, cancellationToken, nameof(ExecuteReader)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);

    /// <summary>Runs every statement; returns the rows changed by INSERT/UPDATE/DELETE, or -1 when none ran.</summary>
    public override int ExecuteNonQuery()
    {
        if (_connection?.State != ConnectionState.Open) throw ProviderErrors.RequiresOpenConnection(nameof(ExecuteNonQuery));
        if (string.IsNullOrEmpty(_commandText)) return -1;
        if (DataReader is null && !_executingNonQuery && (_statements.Count == 0 || _allPrepared))
        {
            // One statement (the text's tail is empty once it is prepared): run it without a reader.
            ValidateExecute(nameof(ExecuteNonQuery));
            var first = GetStatementWithRetry(0, async: false, CancellationToken.None).GetAwaiter().GetResult();
            if (first is null) return -1;
            if (_allPrepared && _statements.Count == 1) return ExecuteSingleNonQuery(first);
        }
        using var reader = ExecuteReaderCore(CommandBehavior.Default, async: false, CancellationToken.None, nameof(ExecuteNonQuery)).GetAwaiter().GetResult();
        reader.RunToEnd(async: false, CancellationToken.None).GetAwaiter().GetResult();
        return reader.RecordsAffected;
    }

    /// <inheritdoc />
    /// <remarks>A token cancelled before the call gives a cancelled task (as Microsoft.Data.Sqlite); one cancelled while
    /// a statement runs interrupts it with SQLITE_INTERRUPT.</remarks>
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<int>(cancellationToken) : ExecuteNonQueryCoreAsync(cancellationToken);

    private async Task<int> ExecuteNonQueryCoreAsync(CancellationToken cancellationToken)
    {
        await using var reader = await ExecuteReaderAsync(CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
        await reader.RunToEnd(async: true, cancellationToken).ConfigureAwait(false);
        return reader.RecordsAffected;
    }

    /// <summary>Runs the command and returns the first column of the first row (null when there is no row).</summary>
    public override object? ExecuteScalar()
    {
        using var reader = ExecuteReaderCore(CommandBehavior.Default, async: false, CancellationToken.None, nameof(ExecuteScalar)).GetAwaiter().GetResult();
        return reader.Read() ? reader.GetValue(0) : null;
    }

    /// <inheritdoc />
    /// <remarks>A token cancelled before the call gives a cancelled task (as Microsoft.Data.Sqlite); one cancelled while
    /// a statement runs interrupts it with SQLITE_INTERRUPT.</remarks>
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<object?>(cancellationToken) : ExecuteScalarCoreAsync(cancellationToken);

    private async Task<object?> ExecuteScalarCoreAsync(CancellationToken cancellationToken)
    {
        await using var reader = await ExecuteReaderAsync(CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetValue(0) : null;
    }

    /// <summary>
    /// Interrupts the statements running on the connection (sqlite3_interrupt): they fail with SQLITE_INTERRUPT
    /// "interrupted". Thread-safe. As with sqlite3_interrupt, a call while no statement runs has no effect.
    /// (Microsoft.Data.Sqlite's Cancel does nothing.)
    /// </summary>
    public override void Cancel()
    {
        if (_connection?.State == ConnectionState.Open) _connection.Handle.Interrupt();
    }

    /// <summary>
    /// ExecuteNonQuery of a command whose text is one statement, already prepared: binds, steps once and resets it
    /// directly, as the reader path would (a statement returning rows stops at its first row), without a reader.
    /// </summary>
    private int ExecuteSingleNonQuery(Statement statement)
    {
        _executingNonQuery = true;
        try
        {
            Bind(statement);
            StepWithRetry(statement, async: false, CancellationToken.None).GetAwaiter().GetResult();
            return statement.IsReadOnly ? -1 : (int)_connection!.Handle.Changes;
        }
        finally
        {
            statement.Reset();
            statement.CancellationToken = CancellationToken.None;
            _executingNonQuery = false;
        }
    }

    // True while ExecuteSingleNonQuery runs (it opens no reader, so DataReader cannot tell).
    private bool _executingNonQuery;

    private void ValidateExecute(string method)
    {
        // As Microsoft.Data.Sqlite: every behavior is accepted; only CloseConnection changes anything.
        if (DataReader is not null || _executingNonQuery) throw new InvalidOperationException("An open reader is already associated with this command. Close it before opening a new one.");
        if (_connection?.State != ConnectionState.Open) throw ProviderErrors.RequiresOpenConnection(method);
        if (string.IsNullOrEmpty(_commandText)) throw new InvalidOperationException(method + " can only be called when CommandText has been set.");
        if (!ReferenceEquals(Transaction, _connection.Transaction))
        {
            throw new InvalidOperationException(Transaction is null
                ? "Execute requires the command to have a transaction object when the connection assigned to the command is in a pending local transaction.  The Transaction property of the command has not been initialized."
                : "The transaction object is not associated with the same connection object as this command.");
        }
        if (_connection.Transaction?.ExternalRollback == true) throw new InvalidOperationException("This MiniSqlTransaction has completed; it is no longer usable.");
    }

    private async ValueTask<MiniSqlDataReader> ExecuteReaderCore(CommandBehavior behavior, bool async, CancellationToken cancellationToken, string method)
    {
        ValidateExecute(method);
        var reader = new MiniSqlDataReader(this, behavior);
        DataReader = reader;
        try
        {
            await reader.NextResultCore(async, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
        return reader;
    }

    /// <summary>
    /// <see cref="GetStatement"/> retrying SQLITE_BUSY/SQLITE_LOCKED (preparing reads the schema, which needs a shared
    /// lock) with the same growing delays as <see cref="StepWithRetry"/> until <see cref="CommandTimeout"/> expires,
    /// as Microsoft.Data.Sqlite retries its prepare.
    /// </summary>
    internal ValueTask<Statement?> GetStatementWithRetry(int index, bool async, CancellationToken cancellationToken)
    {
        // Already prepared (every run of a prepared command): no retry loop, no state machine.
        if (index < _statements.Count) return new ValueTask<Statement?>(_statements[index]);
        return GetStatementWithRetryCore(index, async, cancellationToken);
    }

    private async ValueTask<Statement?> GetStatementWithRetryCore(int index, bool async, CancellationToken cancellationToken)
    {
        Stopwatch? timer = null;
        int delay = 1;
        while (true)
        {
            try
            {
                return GetStatement(index);
            }
            catch (MiniSqlException ex) when ((ex.SqliteErrorCode & 0xFF) is (int)ResultCode.Busy or (int)ResultCode.Locked)
            {
                timer ??= Stopwatch.StartNew();
                int timeout = CommandTimeout;
                if (timeout != 0 && timer.ElapsedMilliseconds >= timeout * 1000L) throw;
                if (async) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                else Thread.Sleep(delay);
                delay = Math.Min(delay * 2, MaxBusyDelayMilliseconds);
            }
        }
    }

    /// <summary>The <paramref name="index"/>-th statement of the command text, prepared on first use; null past the end.</summary>
    internal Statement? GetStatement(int index)
    {
        if (index < _statements.Count) return _statements[index];
        if (_allPrepared) return null;
        var db = _connection!.Handle;
        Statement? statement;
        int tail;
        try
        {
            statement = db.Prepare(_commandText, _nextOffset, out tail);
        }
        catch (MiniSqlException ex)
        {
            throw ProviderErrors.Wrap(ex);
        }
        if (statement is null)
        {
            _allPrepared = true;
            return null;
        }
        _statements.Add(statement);
        _nextOffset = tail;
        if (tail >= _commandText.Length) _allPrepared = true;
        return statement;
    }

    /// <summary>Binds the command's parameters to a statement; throws when some statement parameter has no value.</summary>
    internal void Bind(Statement statement)
    {
        int expected = statement.ParameterCount;
        if (expected == 0) return;
        statement.ClearBindings();
        int bound = _parameters?.Bind(statement) ?? 0;
        if (bound == expected) return;
        var missing = new List<string>();
        for (int i = 1; i <= expected; i++)
        {
            string? name = statement.ParameterName(i);
            if (_parameters is { Count: > 0 } && !_parameters.ContainsExact(name)) missing.Add(name ?? string.Empty);
        }
        if (bound < expected) throw new InvalidOperationException("Must add values for the following parameters: " + string.Join(", ", missing));
    }

    /// <summary>
    /// Steps a statement, retrying SQLITE_BUSY/SQLITE_LOCKED with growing delays until <see cref="CommandTimeout"/>
    /// expires; retries only before the statement has returned a row, so no row is seen twice.
    /// </summary>
    internal ValueTask<bool> StepWithRetry(Statement statement, bool async, CancellationToken cancellationToken)
    {
        // First attempt without the retry loop's state machine; only SQLITE_BUSY/LOCKED enters the loop (which
        // steps again after a reset, the same as its own retries).
        statement.CancellationToken = cancellationToken;
        try
        {
            return new ValueTask<bool>(statement.Step());
        }
        catch (MiniSqlException ex) when (ex.ResultCode is ResultCode.Busy or ResultCode.Locked)
        {
            statement.Reset();
        }
        catch (MiniSqlException ex)
        {
            throw ProviderErrors.Wrap(ex);
        }
        return StepWithRetryCore(statement, async, cancellationToken);
    }

    private async ValueTask<bool> StepWithRetryCore(Statement statement, bool async, CancellationToken cancellationToken)
    {
        Stopwatch? timer = null;
        int delay = 1;
        while (true)
        {
            // The token interrupts this step (and only this statement) once cancelled; see Statement.CancellationToken.
            statement.CancellationToken = cancellationToken;
            try
            {
                return statement.Step();
            }
            catch (MiniSqlException ex) when (ex.ResultCode is ResultCode.Busy or ResultCode.Locked)
            {
                timer ??= Stopwatch.StartNew();
                int timeout = CommandTimeout;
                if (timeout != 0 && timer.ElapsedMilliseconds >= timeout * 1000L) throw ProviderErrors.Wrap(ex);
                statement.Reset();
                if (async) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                else Thread.Sleep(delay);
                delay = Math.Min(delay * 2, MaxBusyDelayMilliseconds);
            }
            catch (MiniSqlException ex)
            {
                throw ProviderErrors.Wrap(ex);
            }
        }
    }

    /// <summary>Disposes the cached prepared statements (text or connection changed, connection closed).</summary>
    internal void DisposeStatements()
    {
        foreach (var s in _statements) s.Dispose();
        _statements.Clear();
        _nextOffset = 0;
        _allPrepared = false;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DataReader?.Dispose();
            DisposeStatements();
            _connection?.RemoveCommand(this);
        }
        base.Dispose(disposing);
    }
}
