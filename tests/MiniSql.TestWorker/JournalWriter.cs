using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MiniSql.TestWorker;

/// <summary>
/// Real SQLite in rollback-journal mode (journal_mode=DELETE, synchronous=FULL, 1 KiB pages, a 10-page cache so
/// that dirty pages spill into the database file before COMMIT), committing transactions that a test kills
/// mid-stream; the test then lets MiniSql roll back the hot journal left behind.
/// Transaction i inserts 40 rows (txn = i, a 700-byte payload, v = 0), adds one to v of transaction i-1's rows, and
/// logs i in <c>log</c>; "ack i" follows each COMMIT.
/// Modes: <c>stream</c> commits forever; <c>hold &lt;n&gt;</c> commits n transactions, then runs transaction n+1 up
/// to just before COMMIT (rewriting every row so many pages spill), prints "holding" and waits to be killed.
/// </summary>
internal static class JournalWriter
{
    public const int RowsPerTransaction = 40;
    public const int PayloadBytes = 700;

    public static int Run(string[] args)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = args[0],
            Pooling = false,
            DefaultTimeout = 10,
        }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA page_size=1024; PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; PRAGMA cache_size=10;");
        Execute(connection, "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, txn INTEGER, payload BLOB, v INTEGER);" +
                            "CREATE INDEX IF NOT EXISTS t_txn ON t(txn);" +
                            "CREATE TABLE IF NOT EXISTS log(txn INTEGER PRIMARY KEY, rows INTEGER);");
        Console.WriteLine("ready");
        bool hold = args.Length > 1 && args[1] == "hold";
        long commits = hold ? long.Parse(args[2], CultureInfo.InvariantCulture) : long.MaxValue;
        for (long i = 1; ; i++)
        {
            using var tx = connection.BeginTransaction();
            Step(connection, tx, i);
            if (i > commits)
            {
                Execute(connection, "UPDATE t SET payload = randomblob(" + PayloadBytes + ")", tx);
                Console.WriteLine("holding");
                Thread.Sleep(Timeout.Infinite);
            }
            tx.Commit();
            Console.WriteLine("ack " + i.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Step(SqliteConnection connection, SqliteTransaction tx, long i)
    {
        string n = i.ToString(CultureInfo.InvariantCulture);
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO t(txn, payload, v) VALUES ({n}, randomblob({PayloadBytes}), 0)";
            for (int r = 0; r < RowsPerTransaction; r++) insert.ExecuteNonQuery();
        }
        Execute(connection, $"UPDATE t SET v = v + 1 WHERE txn = {n} - 1", tx);
        Execute(connection, $"INSERT INTO log VALUES ({n}, {RowsPerTransaction})", tx);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
