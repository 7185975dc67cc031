using System.Globalization;
using Microsoft.Data.Sqlite;
using MiniSql.Engine.Storage;
using MiniSql.Sql;

namespace MiniSql.TestWorker;

/// <summary>
/// The ledger workload for kill tests: transaction i inserts 1 + i % 3 rows of t tagged i (every tenth with a
/// 5,000-byte payload, so overflow pages are written), bumps log.touched of transaction i / 2, every seventh deletes
/// the rows of transaction i - 5, and records (i, rows) in log; "ack i" is printed once COMMIT has returned. The
/// writer never checkpoints and runs until it is killed. The tests check the invariants.
/// </summary>
internal static class LedgerWriter
{
    /// <summary>Schema, created by the first writer.</summary>
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, txn INTEGER NOT NULL, payload TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS t_txn ON t(txn);
        CREATE TABLE IF NOT EXISTS log(txn INTEGER PRIMARY KEY, rows INTEGER NOT NULL, touched INTEGER NOT NULL);
        """;

    /// <summary>The statements of transaction <paramref name="i"/> (without BEGIN/COMMIT).</summary>
    public static IEnumerable<string> Transaction(long i)
    {
        long rows = 1 + i % 3;
        int length = i % 10 == 0 ? 5000 : 20 + (int)(i % 200);
        string payload = new((char)('a' + i % 26), length);
        for (long r = 0; r < rows; r++)
            yield return string.Create(CultureInfo.InvariantCulture, $"INSERT INTO t(txn, payload) VALUES ({i}, '{payload}')");
        if (i >= 2)
            yield return string.Create(CultureInfo.InvariantCulture, $"UPDATE log SET touched = touched + 1 WHERE txn = {i / 2}");
        if (i % 7 == 0 && i > 5)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"DELETE FROM t WHERE txn = {i - 5}");
            yield return string.Create(CultureInfo.InvariantCulture, $"UPDATE log SET rows = 0 WHERE txn = {i - 5}");
        }
        yield return string.Create(CultureInfo.InvariantCulture, $"INSERT INTO log(txn, rows, touched) VALUES ({i}, {rows}, 0)");
    }

    /// <summary>minisql-ledger-writer &lt;db&gt; &lt;full|normal&gt;: MiniSql in WAL mode, no checkpoints.</summary>
    public static int RunMiniSql(string[] args)
    {
        var sync = args[1] == "normal" ? SynchronousMode.Normal : SynchronousMode.Full;
        using var db = Database.Open(args[0], new DatabaseOptions
        {
            JournalMode = JournalMode.Wal,
            Synchronous = sync,
            BusyTimeout = 10_000,
        });
        WalControl.SetAutoCheckpoint(db, 0);
        db.Execute(Schema);
        Console.WriteLine("ready");
        for (long i = 1; ; i++)
        {
            db.Execute("BEGIN");
            foreach (string sql in Transaction(i))
                db.Execute(sql);
            db.Execute("COMMIT");
            Console.WriteLine("ack " + i.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>sqlite-ledger-writer &lt;db&gt;: real SQLite in WAL mode, synchronous=FULL, no checkpoints.</summary>
    public static int RunSqlite(string[] args)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = args[0],
            Pooling = false,
            DefaultTimeout = 10,
        }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0;");
        Execute(connection, Schema);
        Console.WriteLine("ready");
        for (long i = 1; ; i++)
        {
            using (var tx = connection.BeginTransaction())
            {
                foreach (string sql in Transaction(i))
                {
                    using var command = connection.CreateCommand();
                    command.Transaction = tx;
                    command.CommandText = sql;
                    command.ExecuteNonQuery();
                }
                tx.Commit();
            }
            Console.WriteLine("ack " + i.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
