using System.Collections;
using System.Data;
using System.Data.Common;
using MiniSql.Engine.Records;
using MiniSql.Sql;

namespace MiniSql.Data;

/// <summary>
/// Reads the result sets of a <see cref="MiniSqlCommand"/>. Values are converted as Microsoft.Data.Sqlite converts
/// them; <see cref="GetFieldType"/> follows the storage class of the current row's value, else the declared type.
/// Disposing the reader runs the command's remaining statements. Not thread-safe.
/// </summary>
public sealed partial class MiniSqlDataReader : DbDataReader
{
    private readonly MiniSqlCommand _command;
    private readonly CommandBehavior _behavior;
    private Statement? _statement;
    private int _statementIndex = -1;
    private bool _firstRowPending;
    private bool _hasRows;
    private bool _onRow;
    private bool _done = true;
    private bool _closed;
    private int _recordsAffected = -1;
    private StorageClass?[] _typeCache = [];

    internal MiniSqlDataReader(MiniSqlCommand command, CommandBehavior behavior)
    {
        _command = command;
        _behavior = behavior;
    }

    /// <summary>Nesting depth (always 0).</summary>
    public override int Depth => 0;

    /// <summary>Number of columns of the current result set.</summary>
    public override int FieldCount
    {
        get
        {
            ThrowIfClosed(nameof(FieldCount));
            return _statement?.ColumnCount ?? 0;
        }
    }

    /// <summary>True when the current result set has at least one row.</summary>
    public override bool HasRows
    {
        get
        {
            ThrowIfClosed(nameof(HasRows));
            return _hasRows;
        }
    }

    /// <inheritdoc />
    public override bool IsClosed => _closed;

    /// <summary>Rows changed by the INSERT/UPDATE/DELETE statements run so far; -1 when none ran.</summary>
    public override int RecordsAffected => _recordsAffected;

    /// <inheritdoc />
    public override object this[int ordinal] => GetValue(ordinal);

    /// <inheritdoc />
    public override object this[string name] => GetValue(GetOrdinal(name));

    /// <summary>Moves to the next row.</summary>
    public override bool Read() => ReadCore(CancellationToken.None);

    /// <summary>Moves to the next row (async waits for locks without blocking a thread).</summary>
    /// <remarks>A cancelled token gives a cancelled task (as DbDataReader); one cancelled while the step runs
    /// interrupts it with SQLITE_INTERRUPT.</remarks>
    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<bool>(cancellationToken);
        try
        {
            return ReadCore(cancellationToken) ? TrueTask : FalseTask;
        }
        catch (Exception ex)
        {
            return Task.FromException<bool>(ex);
        }
    }

    private static readonly Task<bool> TrueTask = Task.FromResult(true);
    private static readonly Task<bool> FalseTask = Task.FromResult(false);

    private bool ReadCore(CancellationToken cancellationToken)
    {
        ThrowIfClosed(nameof(Read));
        if (_firstRowPending)
        {
            _firstRowPending = false;
            _onRow = _hasRows;
            return _onRow;
        }
        if (_done || _statement is null)
        {
            _onRow = false;
            return false;
        }
        _statement.CancellationToken = cancellationToken;
        try
        {
            _onRow = _statement.Step();
        }
        catch (MiniSqlException ex)
        {
            _onRow = false;
            _done = true;
            throw ProviderErrors.Wrap(ex);
        }
        if (!_onRow) _done = true;
        return _onRow;
    }

    /// <summary>Moves to the next result set, running statements that return no rows on the way.</summary>
    public override bool NextResult() => NextResultCore(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Moves to the next result set (async waits for locks without blocking a thread).</summary>
    public override Task<bool> NextResultAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<bool>(cancellationToken);
        return NextResultCore(async: true, cancellationToken).AsTask();
    }

    internal async ValueTask<bool> NextResultCore(bool async, CancellationToken cancellationToken)
    {
        ThrowIfClosed(nameof(NextResult));
        FinishStatement();
        while (true)
        {
            var statement = await _command.GetStatementWithRetry(++_statementIndex, async, cancellationToken).ConfigureAwait(false);
            if (statement is null)
            {
                _statement = null;
                _hasRows = false;
                return false;
            }
            _command.Bind(statement);
            bool row = await _command.StepWithRetry(statement, async, cancellationToken).ConfigureAwait(false);
            if (!statement.IsReadOnly)
            {
                long changes = _command.Connection!.Handle.Changes;
                _recordsAffected = _recordsAffected == -1 ? (int)changes : _recordsAffected + (int)changes;
            }
            if (row || statement.ColumnCount != 0)
            {
                _statement = statement;
                _typeCache = new StorageClass?[statement.ColumnCount];
                _hasRows = row;
                _firstRowPending = true;
                _onRow = false;
                _done = !row;
                return true;
            }
            statement.Reset();
        }
    }

    /// <summary>Runs the remaining statements (ExecuteNonQuery and Dispose).</summary>
    internal async ValueTask RunToEnd(bool async, CancellationToken cancellationToken)
    {
        while (await NextResultCore(async, cancellationToken).ConfigureAwait(false))
        {
        }
    }

    private void FinishStatement()
    {
        if (_statement is null) return;
        _statement.Reset();
        _statement.CancellationToken = CancellationToken.None;
        _statement = null;
        _onRow = false;
        _done = true;
        _firstRowPending = false;
    }

    /// <summary>Closes the reader, running the remaining statements; closes the connection with CommandBehavior.CloseConnection.</summary>
    public override void Close() => Dispose(true);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (!disposing || _closed) return;
        try
        {
            if (_command.Connection?.State == ConnectionState.Open) RunToEnd(async: false, CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            FinishStatement();
            _closed = true;
            _command.DataReader = null;
            if ((_behavior & CommandBehavior.CloseConnection) != 0) _command.Connection?.Close();
        }
    }

    private void ThrowIfClosed(string operation)
    {
        if (_closed) throw new InvalidOperationException($"Invalid attempt to call {operation} when reader is closed.");
    }

    /// <summary>True when the statement holds a row: the current one, or the first one stepped before Read (as M.D.S).</summary>
    private bool HasRowData => _onRow || (_firstRowPending && _hasRows);

    private SqlValue Value(int ordinal)
    {
        ThrowIfClosed("GetValue");
        if (_statement is null || !_onRow) throw new InvalidOperationException("No data exists for the row/column.");
        if ((uint)ordinal >= (uint)_statement.ColumnCount) throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, null);
        var v = _statement.Column(ordinal);
        if (!v.IsNull) _typeCache[ordinal] = v.Type;
        return v;
    }

    private SqlValue NonNull(int ordinal)
    {
        var v = Value(ordinal);
        if (v.IsNull) throw new InvalidOperationException($"The data is NULL at ordinal {ordinal}. This method can't be called on NULL values. Check using IsDBNull before calling.");
        return v;
    }

    /// <summary>The column's name.</summary>
    public override string GetName(int ordinal)
    {
        ThrowIfClosed(nameof(GetName));
        if (_statement is null || (uint)ordinal >= (uint)_statement.ColumnCount) throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, null);
        return _statement.ColumnName(ordinal);
    }

    /// <summary>The ordinal of a column by name (exact match first, then case-insensitive).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such column.</exception>
    public override int GetOrdinal(string name)
    {
        ThrowIfClosed(nameof(GetOrdinal));
        int count = _statement?.ColumnCount ?? 0;
        for (int i = 0; i < count; i++)
        {
            if (_statement!.ColumnName(i) == name) return i;
        }
        for (int i = 0; i < count; i++)
        {
            if (string.Equals(_statement!.ColumnName(i), name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        throw new ArgumentOutOfRangeException(nameof(name), name, null);
    }

    /// <summary>The declared type of the column, else the storage class name of the current value.</summary>
    public override string GetDataTypeName(int ordinal)
    {
        ThrowIfClosed(nameof(GetDataTypeName));
        if (_statement is null || (uint)ordinal >= (uint)_statement.ColumnCount) throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, null);
        var declared = _statement.ColumnDeclaredType(ordinal);
        if (declared is not null)
        {
            int paren = declared.IndexOf('(');
            return (paren >= 0 ? declared[..paren] : declared).Trim().ToUpperInvariant();
        }
        var type = HasRowData ? _statement.Column(ordinal).Type : StorageClass.Null;
        return type == StorageClass.Null ? "BLOB" : ValueReader.StorageClassName(type);
    }

    /// <summary>The CLR type of the column: by the current value's storage class, else an earlier row's, else the declared type.</summary>
    public override Type GetFieldType(int ordinal)
    {
        ThrowIfClosed(nameof(GetFieldType));
        if (_statement is null || (uint)ordinal >= (uint)_statement.ColumnCount) throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, null);
        var type = HasRowData ? _statement.Column(ordinal).Type : StorageClass.Null;
        if (type == StorageClass.Null) type = _typeCache[ordinal] ?? ValueReader.AffinityStorageClass(_statement.ColumnDeclaredType(ordinal));
        else _typeCache[ordinal] = type;
        return ValueReader.FieldType(type);
    }

    /// <inheritdoc />
    public override bool IsDBNull(int ordinal) => Value(ordinal).IsNull;

    /// <inheritdoc />
    public override object GetValue(int ordinal) => ValueReader.GetValue(Value(ordinal));

    /// <inheritdoc />
    public override int GetValues(object[] values)
    {
        int n = Math.Min(values.Length, FieldCount);
        for (int i = 0; i < n; i++) values[i] = GetValue(i);
        return n;
    }

    /// <inheritdoc />
    public override bool GetBoolean(int ordinal) => ValueReader.GetBoolean(NonNull(ordinal));

    /// <inheritdoc />
    public override byte GetByte(int ordinal) => checked((byte)ValueReader.GetInt64(NonNull(ordinal)));

    /// <inheritdoc />
    public override char GetChar(int ordinal) => ValueReader.GetChar(NonNull(ordinal));

    /// <inheritdoc />
    public override DateTime GetDateTime(int ordinal) => ValueReader.GetDateTime(NonNull(ordinal));

    /// <summary>Reads a DateTimeOffset (TEXT with offset, or a Julian day number).</summary>
    public DateTimeOffset GetDateTimeOffset(int ordinal) => ValueReader.GetDateTimeOffset(NonNull(ordinal));

    /// <summary>Reads a TimeSpan (TEXT "c" format, or days).</summary>
    public TimeSpan GetTimeSpan(int ordinal) => ValueReader.GetTimeSpan(NonNull(ordinal));

    /// <inheritdoc />
    public override decimal GetDecimal(int ordinal) => ValueReader.GetDecimal(NonNull(ordinal));

    /// <inheritdoc />
    public override double GetDouble(int ordinal) => ValueReader.GetDouble(NonNull(ordinal));

    /// <inheritdoc />
    public override float GetFloat(int ordinal) => (float)ValueReader.GetDouble(NonNull(ordinal));

    /// <inheritdoc />
    public override Guid GetGuid(int ordinal) => ValueReader.GetGuid(NonNull(ordinal));

    /// <inheritdoc />
    public override short GetInt16(int ordinal) => checked((short)ValueReader.GetInt64(NonNull(ordinal)));

    /// <inheritdoc />
    public override int GetInt32(int ordinal) => checked((int)ValueReader.GetInt64(NonNull(ordinal)));

    /// <inheritdoc />
    public override long GetInt64(int ordinal) => ValueReader.GetInt64(NonNull(ordinal));

    /// <inheritdoc />
    public override string GetString(int ordinal) => ValueReader.GetString(NonNull(ordinal));

    /// <inheritdoc />
    public override T GetFieldValue<T>(int ordinal)
    {
        var v = Value(ordinal);
        if (v.IsNull)
        {
            if (typeof(T) == typeof(DBNull) || typeof(T) == typeof(object)) return (T)(object)DBNull.Value;
            throw new InvalidOperationException($"The data is NULL at ordinal {ordinal}. This method can't be called on NULL values. Check using IsDBNull before calling.");
        }
        if (typeof(T) == typeof(DBNull)) return (T)(v.Type == StorageClass.Blob ? ValueReader.GetString(v) : ValueReader.GetValue(v));
        if (typeof(T) == typeof(Stream)) return (T)(object)GetStream(ordinal);
        if (typeof(T) == typeof(TextReader)) return (T)(object)GetTextReader(ordinal);
        return ValueReader.Get<T>(v);
    }

    /// <inheritdoc />
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var v = NonNull(ordinal);
        byte[] bytes = v.Type is StorageClass.Blob or StorageClass.Text ? v.BytesArray ?? [] : ValueReader.GetBlob(v);
        if (buffer is null) return bytes.Length;
        int n = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
        if (n > 0) Array.Copy(bytes, dataOffset, buffer, bufferOffset, n);
        return n;
    }

    /// <inheritdoc />
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        string s = GetString(ordinal);
        if (buffer is null) return s.Length;
        int n = (int)Math.Max(0, Math.Min(length, s.Length - dataOffset));
        if (n > 0) s.CopyTo((int)dataOffset, buffer, bufferOffset, n);
        return n;
    }

    /// <summary>A read-only stream over a BLOB (or the bytes of another value).</summary>
    public override Stream GetStream(int ordinal) => new MemoryStream(ValueReader.GetBlob(NonNull(ordinal)), writable: false);

    /// <summary>A reader over a TEXT value.</summary>
    public override TextReader GetTextReader(int ordinal) =>
        IsDBNull(ordinal) ? new StringReader(string.Empty) : new StringReader(GetString(ordinal));

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);
}
