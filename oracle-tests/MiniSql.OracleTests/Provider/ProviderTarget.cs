using System.Data.Common;
using Microsoft.Data.Sqlite;
using MiniSql.Data;

namespace MiniSql.OracleTests.Provider;

/// <summary>
/// One ADO.NET provider under test: Microsoft.Data.Sqlite (the oracle) or MiniSql.Data. Scenario bodies use only
/// System.Data.Common plus the few provider-specific calls here, so one body runs against both.
/// </summary>
public abstract class ProviderTarget
{
    /// <summary>Microsoft.Data.Sqlite over real SQLite.</summary>
    public static readonly ProviderTarget Sqlite = new SqliteTarget();

    /// <summary>MiniSql.Data over the MiniSql engine.</summary>
    public static readonly ProviderTarget MiniSql = new MiniSqlTarget();

    /// <summary>"sqlite" or "minisql".</summary>
    public abstract string Name { get; }

    /// <summary>The provider factory.</summary>
    public abstract DbProviderFactory Factory { get; }

    /// <summary>Creates a closed connection.</summary>
    public DbConnection Connection(string connectionString)
    {
        var c = Factory.CreateConnection()!;
        c.ConnectionString = connectionString;
        return c;
    }

    /// <summary>Creates and opens a connection.</summary>
    public DbConnection Open(string connectionString)
    {
        var c = Connection(connectionString);
        c.Open();
        return c;
    }

    /// <summary>The primary and extended result codes of a provider exception, or null for other exceptions.</summary>
    public static (int Code, int Extended)? Codes(Exception ex) => ex switch
    {
        SqliteException s => (s.SqliteErrorCode, s.SqliteExtendedErrorCode),
        MiniSqlException m => (m.SqliteErrorCode, m.SqliteExtendedErrorCode),
        _ => null,
    };

    /// <summary>Empties the provider's connection pool.</summary>
    public abstract void ClearAllPools();

    /// <summary>A parameter with an explicit storage class ("Integer", "Real", "Text", "Blob").</summary>
    public abstract DbParameter Parameter(string name, object? value, string storageClass);

    /// <summary>Begins a transaction with the provider's deferred flag.</summary>
    public abstract DbTransaction BeginTransaction(DbConnection connection, bool deferred);

    /// <summary>Registers a scalar function of one argument.</summary>
    public abstract void CreateFunction<T1, TResult>(DbConnection connection, string name, Func<T1, TResult> function, bool deterministic = false);

    /// <summary>Registers a scalar function of two arguments.</summary>
    public abstract void CreateFunction<T1, T2, TResult>(DbConnection connection, string name, Func<T1, T2, TResult> function, bool deterministic = false);

    /// <summary>Registers a scalar function of no arguments.</summary>
    public abstract void CreateFunction<TResult>(DbConnection connection, string name, Func<TResult> function);

    /// <summary>Registers a variadic scalar function.</summary>
    public abstract void CreateVariadicFunction<TResult>(DbConnection connection, string name, Func<object?[], TResult> function);

    /// <summary>Registers an aggregate of one argument.</summary>
    public abstract void CreateAggregate<T1, TAccumulate>(DbConnection connection, string name, TAccumulate seed, Func<TAccumulate, T1, TAccumulate> func);

    /// <summary>Registers an aggregate of one argument with a result selector.</summary>
    public abstract void CreateAggregate<T1, TAccumulate, TResult>(DbConnection connection, string name, TAccumulate seed, Func<TAccumulate, T1, TAccumulate> func, Func<TAccumulate, TResult> result);

    /// <summary>Registers (or with null removes) a collation.</summary>
    public abstract void CreateCollation(DbConnection connection, string name, Comparison<string>? comparison);

    /// <summary>Registers (or with null removes) a collation with state.</summary>
    public abstract void CreateCollation<T>(DbConnection connection, string name, T state, Func<T, string, string, int>? comparison);

    /// <summary>Copies a database into another (online backup).</summary>
    public abstract void Backup(DbConnection source, DbConnection destination);

    /// <summary>Reads a DateTimeOffset from a reader.</summary>
    public abstract DateTimeOffset GetDateTimeOffset(DbDataReader reader, int ordinal);

    /// <summary>Reads a TimeSpan from a reader.</summary>
    public abstract TimeSpan GetTimeSpan(DbDataReader reader, int ordinal);

    /// <summary>The storage class a parameter would be bound as, by name.</summary>
    public abstract string StorageClassOf(DbParameter parameter);

    /// <summary>
    /// Interrupts the statements running on the command's connection: sqlite3_interrupt for the oracle (whose
    /// SqliteCommand.Cancel does nothing), Cancel() for MiniSql.Data.
    /// </summary>
    public abstract void Interrupt(DbCommand command);

    /// <summary>
    /// Makes <paramref name="token"/> interrupt the command's statements: the oracle needs a registration calling
    /// sqlite3_interrupt (Microsoft.Data.Sqlite checks tokens only before it starts); MiniSql.Data does it itself.
    /// </summary>
    public abstract IDisposable InterruptOn(DbCommand command, CancellationToken token);

    /// <inheritdoc />
    public override string ToString() => Name;

    private sealed class SqliteTarget : ProviderTarget
    {
        public override string Name => "sqlite";

        public override DbProviderFactory Factory => SqliteFactory.Instance;

        public override void ClearAllPools() => SqliteConnection.ClearAllPools();

        public override DbParameter Parameter(string name, object? value, string storageClass) =>
            new SqliteParameter(name, Enum.Parse<SqliteType>(storageClass)) { Value = value };

        public override DbTransaction BeginTransaction(DbConnection connection, bool deferred) =>
            ((SqliteConnection)connection).BeginTransaction(deferred);

        public override void CreateFunction<T1, TResult>(DbConnection connection, string name, Func<T1, TResult> function, bool deterministic = false) =>
            ((SqliteConnection)connection).CreateFunction(name, function, deterministic);

        public override void CreateFunction<T1, T2, TResult>(DbConnection connection, string name, Func<T1, T2, TResult> function, bool deterministic = false) =>
            ((SqliteConnection)connection).CreateFunction(name, function, deterministic);

        public override void CreateFunction<TResult>(DbConnection connection, string name, Func<TResult> function) =>
            ((SqliteConnection)connection).CreateFunction(name, function);

        public override void CreateVariadicFunction<TResult>(DbConnection connection, string name, Func<object?[], TResult> function) =>
            ((SqliteConnection)connection).CreateFunction(name, function);

        public override void CreateAggregate<T1, TAccumulate>(DbConnection connection, string name, TAccumulate seed, Func<TAccumulate, T1, TAccumulate> func) =>
            ((SqliteConnection)connection).CreateAggregate(name, seed, func);

        public override void CreateAggregate<T1, TAccumulate, TResult>(DbConnection connection, string name, TAccumulate seed, Func<TAccumulate, T1, TAccumulate> func, Func<TAccumulate, TResult> result) =>
            ((SqliteConnection)connection).CreateAggregate(name, seed, func, result);

        public override void CreateCollation(DbConnection connection, string name, Comparison<string>? comparison) =>
            ((SqliteConnection)connection).CreateCollation(name, comparison);

        public override void CreateCollation<T>(DbConnection connection, string name, T state, Func<T, string, string, int>? comparison) =>
            ((SqliteConnection)connection).CreateCollation(name, state, comparison);

        public override void Backup(DbConnection source, DbConnection destination) =>
            ((SqliteConnection)source).BackupDatabase((SqliteConnection)destination);

        public override DateTimeOffset GetDateTimeOffset(DbDataReader reader, int ordinal) => ((SqliteDataReader)reader).GetDateTimeOffset(ordinal);

        public override TimeSpan GetTimeSpan(DbDataReader reader, int ordinal) => ((SqliteDataReader)reader).GetTimeSpan(ordinal);

        public override string StorageClassOf(DbParameter parameter) => ((SqliteParameter)parameter).SqliteType.ToString();

        public override void Interrupt(DbCommand command) => SQLitePCL.raw.sqlite3_interrupt(((SqliteConnection)command.Connection!).Handle);

        public override IDisposable InterruptOn(DbCommand command, CancellationToken token)
        {
            var handle = ((SqliteConnection)command.Connection!).Handle;
            return token.Register(() => SQLitePCL.raw.sqlite3_interrupt(handle));
        }
    }

    private sealed class MiniSqlTarget : ProviderTarget
    {
        public override string Name => "minisql";

        public override DbProviderFactory Factory => MiniSqlFactory.Instance;

        public override void ClearAllPools() => MiniSqlConnection.ClearAllPools();

        public override DbParameter Parameter(string name, object? value, string storageClass) =>
            new MiniSqlParameter(name, Enum.Parse<MiniSqlType>(storageClass)) { Value = value };

        public override DbTransaction BeginTransaction(DbConnection connection, bool deferred) =>
            ((MiniSqlConnection)connection).BeginTransaction(deferred);

        public override void CreateFunction<T1, TResult>(DbConnection connection, string name, Func<T1, TResult> function, bool deterministic = false) =>
            ((MiniSqlConnection)connection).CreateFunction(name, function, deterministic);

        public override void CreateFunction<T1, T2, TResult>(DbConnection connection, string name, Func<T1, T2, TResult> function, bool deterministic = false) =>
            ((MiniSqlConnection)connection).CreateFunction(name, function, deterministic);

        public override void CreateFunction<TResult>(DbConnection connection, string name, Func<TResult> function) =>
            ((MiniSqlConnection)connection).CreateFunction(name, function);

        public override void CreateVariadicFunction<TResult>(DbConnection connection, string name, Func<object?[], TResult> function) =>
            ((MiniSqlConnection)connection).CreateFunction(name, function);

        public override void CreateAggregate<T1, TAccumulate>(DbConnection connection, string name, TAccumulate seed, Func<TAccumulate, T1, TAccumulate> func) =>
            ((MiniSqlConnection)connection).CreateAggregate(name, seed, func);

        public override void CreateAggregate<T1, TAccumulate, TResult>(DbConnection connection, string name, TAccumulate seed, Func<TAccumulate, T1, TAccumulate> func, Func<TAccumulate, TResult> result) =>
            ((MiniSqlConnection)connection).CreateAggregate(name, seed, func, result);

        public override void CreateCollation(DbConnection connection, string name, Comparison<string>? comparison) =>
            ((MiniSqlConnection)connection).CreateCollation(name, comparison);

        public override void CreateCollation<T>(DbConnection connection, string name, T state, Func<T, string, string, int>? comparison) =>
            ((MiniSqlConnection)connection).CreateCollation(name, state, comparison);

        public override void Backup(DbConnection source, DbConnection destination) =>
            ((MiniSqlConnection)source).BackupDatabase((MiniSqlConnection)destination);

        public override DateTimeOffset GetDateTimeOffset(DbDataReader reader, int ordinal) => ((MiniSqlDataReader)reader).GetDateTimeOffset(ordinal);

        public override TimeSpan GetTimeSpan(DbDataReader reader, int ordinal) => ((MiniSqlDataReader)reader).GetTimeSpan(ordinal);

        public override string StorageClassOf(DbParameter parameter) => ((MiniSqlParameter)parameter).MiniSqlType.ToString();

        public override void Interrupt(DbCommand command) => command.Cancel();

        public override IDisposable InterruptOn(DbCommand command, CancellationToken token) => new CancellationTokenRegistration();
    }
}
