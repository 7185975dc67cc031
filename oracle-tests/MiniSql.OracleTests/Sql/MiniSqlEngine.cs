using MiniSql.Engine.Records;
using MiniSql.OracleTests.Infrastructure;
using MiniSql.Sql;

namespace MiniSql.OracleTests.Executor;

/// <summary>MiniSql as an <see cref="ISqlEngine"/>: a fresh in-memory database per instance.</summary>
internal sealed class MiniSqlEngine : ISqlEngine
{
    private readonly Database _database;

    /// <summary>Opens a fresh in-memory database (or the given file).</summary>
    public MiniSqlEngine(string path = ":memory:")
    {
        _database = Database.Open(path);
    }

    /// <inheritdoc />
    public string Name => "minisql";

    /// <summary>The connection, for tests that need more than SQL text.</summary>
    public Database Database => _database;

    private static SqlEngineException Wrap(MiniSqlException e) =>
        new(e.SqliteErrorCode, e.SqliteExtendedErrorCode, e.Message, e);

    /// <summary>Interrupts a statement that runs longer than this (keeps a runaway query from hanging a test run).</summary>
    private const int WatchdogMilliseconds = 10_000;

    private Timer Watchdog() => new(_ => _database.Interrupt(), null, WatchdogMilliseconds, Timeout.Infinite);

    /// <inheritdoc />
    public void Execute(string sql)
    {
        using var watchdog = Watchdog();
        try
        {
            _database.Execute(sql);
        }
        catch (MiniSqlException e)
        {
            throw Wrap(e);
        }
    }

    /// <inheritdoc />
    public QueryResult Query(string sql)
    {
        using var watchdog = Watchdog();
        Statement? statement;
        try
        {
            statement = _database.Prepare(sql, 0, out _);
        }
        catch (MiniSqlException e)
        {
            throw Wrap(e);
        }
        if (statement is null) return new QueryResult(0, []);
        using (statement)
        {
            var rows = new List<SqlValue[]>();
            int n = statement.ColumnCount;
            try
            {
                while (statement.Step())
                {
                    var row = new SqlValue[n];
                    for (int i = 0; i < n; i++) row[i] = statement.Column(i);
                    rows.Add(row);
                }
            }
            catch (MiniSqlException e)
            {
                return new QueryResult(n, rows, Wrap(e));
            }
            return new QueryResult(n, rows);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _database.Dispose();
}
