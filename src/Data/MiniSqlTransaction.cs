using System.Data;
using System.Data.Common;

namespace MiniSql.Data;

/// <summary>
/// A transaction on a <see cref="MiniSqlConnection"/>: thin <c>BEGIN</c>/<c>COMMIT</c>/<c>ROLLBACK</c> and savepoints
/// issued on the connection, as Microsoft.Data.Sqlite does. Disposing an uncompleted transaction rolls it back.
/// </summary>
public sealed class MiniSqlTransaction : DbTransaction
{
    private MiniSqlConnection? _connection;
    private readonly IsolationLevel _isolationLevel;
    private bool _completed;

    internal MiniSqlTransaction(MiniSqlConnection connection, IsolationLevel isolationLevel, bool deferred)
    {
        if ((isolationLevel == IsolationLevel.ReadUncommitted && (!deferred || !IsSharedCache(connection)))
            || isolationLevel is IsolationLevel.ReadCommitted or IsolationLevel.RepeatableRead)
        {
            isolationLevel = IsolationLevel.Serializable;
        }
        if (isolationLevel is not (IsolationLevel.ReadUncommitted or IsolationLevel.Serializable or IsolationLevel.Unspecified))
        {
            throw new ArgumentException($"The IsolationLevel '{isolationLevel}' is not supported.");
        }
        _connection = connection;
        _isolationLevel = isolationLevel;
        connection.ExecuteNonQuery(isolationLevel == IsolationLevel.ReadUncommitted || deferred ? "BEGIN;" : "BEGIN IMMEDIATE;");
    }

    private static bool IsSharedCache(MiniSqlConnection connection) =>
        new MiniSqlConnectionStringBuilder(connection.ConnectionString).Cache == MiniSqlCacheMode.Shared;

    /// <summary>The connection, or null once the transaction has completed.</summary>
    public new MiniSqlConnection? Connection => _connection;

    /// <inheritdoc />
    protected override DbConnection? DbConnection => _connection;

    /// <inheritdoc />
    public override IsolationLevel IsolationLevel
    {
        get => _isolationLevel == IsolationLevel.Unspecified ? IsolationLevel.Serializable : _isolationLevel;
    }

    /// <summary>True when savepoints are supported (always).</summary>
    public override bool SupportsSavepoints => true;

    /// <summary>True when the transaction was ended by SQL (ROLLBACK) rather than by this object.</summary>
    internal bool ExternalRollback =>
        !_completed && _connection is { State: ConnectionState.Open } c && c.Handle.IsAutocommit;

    /// <summary>Commits the transaction.</summary>
    /// <exception cref="InvalidOperationException">The transaction has completed.</exception>
    /// <exception cref="MiniSqlException">SQLITE_BUSY and other commit errors.</exception>
    public override void Commit()
    {
        if (_completed || _connection is null || _connection.State != ConnectionState.Open || ExternalRollback) throw Completed();
        _connection.ExecuteNonQuery("COMMIT;");
        Complete();
    }

    /// <summary>Rolls the transaction back.</summary>
    /// <exception cref="InvalidOperationException">The transaction has completed.</exception>
    public override void Rollback()
    {
        if (_completed || _connection is null || _connection.State != ConnectionState.Open) throw Completed();
        RollbackInternal();
    }

    /// <summary>Creates a savepoint (<c>SAVEPOINT "name"</c>).</summary>
    public override void Save(string savepointName)
    {
        ArgumentNullException.ThrowIfNull(savepointName);
        if (_completed || _connection is null || _connection.State != ConnectionState.Open) throw Completed();
        _connection.ExecuteNonQuery("SAVEPOINT \"" + savepointName.Replace("\"", "\"\"") + "\";");
    }

    /// <summary>Rolls back to a savepoint (<c>ROLLBACK TO SAVEPOINT "name"</c>).</summary>
    public override void Rollback(string savepointName)
    {
        ArgumentNullException.ThrowIfNull(savepointName);
        if (_completed || _connection is null || _connection.State != ConnectionState.Open) throw Completed();
        _connection.ExecuteNonQuery("ROLLBACK TO SAVEPOINT \"" + savepointName.Replace("\"", "\"\"") + "\";");
    }

    /// <summary>Releases a savepoint (<c>RELEASE SAVEPOINT "name"</c>).</summary>
    public override void Release(string savepointName)
    {
        ArgumentNullException.ThrowIfNull(savepointName);
        if (_completed || _connection is null || _connection.State != ConnectionState.Open) throw Completed();
        _connection.ExecuteNonQuery("RELEASE SAVEPOINT \"" + savepointName.Replace("\"", "\"\"") + "\";");
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_completed && _connection is { State: ConnectionState.Open }) RollbackInternal();
        base.Dispose(disposing);
    }

    private void RollbackInternal()
    {
        try
        {
            if (!_connection!.Handle.IsAutocommit) _connection.ExecuteNonQuery("ROLLBACK;");
        }
        finally
        {
            Complete();
        }
    }

    private void Complete()
    {
        if (_connection is not null) _connection.Transaction = null;
        _connection = null;
        _completed = true;
    }

    private static InvalidOperationException Completed() => new("This MiniSqlTransaction has completed; it is no longer usable.");
}
