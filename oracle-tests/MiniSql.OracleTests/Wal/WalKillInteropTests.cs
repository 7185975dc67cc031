using MiniSql.OracleTests.Infrastructure;
using Microsoft.Data.Sqlite;
using MiniSql.Sql;
using MiniSql.TestSupport;

namespace MiniSql.OracleTests.Wal;

/// <summary>
/// Format interop after SIGKILL: a writer process (MiniSql or real SQLite, tests/MiniSql.TestWorker) commits ledger
/// transactions in WAL mode without checkpointing, printing "ack i" after each COMMIT, and is killed mid-stream; the
/// other engine then opens the database left with its -wal and -shm, must see every acknowledged transaction (and at
/// most the one in flight), each transaction whole, and integrity_check must be ok.
/// </summary>
public sealed class WalKillInteropTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir;
    private readonly string _path;

    public WalKillInteropTests()
    {
        _dir = Path.Combine(Path.GetTempPath(), "minisql-walkill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _path = Path.Combine(_dir, "ledger.db");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("full", 11)]
    [InlineData("normal", 12)]
    public void MiniSqlWriterKilledBeforeCheckpointIsReadBySqlite(string sync, int seed)
    {
        long target = 120 + new Random(seed).Next(200);
        long acked = RunAndKill("minisql-ledger-writer", target, _path, sync);
        string context = $"MiniSql writer ({sync}, seed {seed}) killed after ack {acked}";
        Assert.True(new FileInfo(_path + "-wal").Length > 100 * 4096, context + ": the WAL is unexpectedly small");
        Assert.True(File.Exists(_path + "-shm"), context + ": no -shm left");

        using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        sqlite.Open();
        Assert.Equal("wal", Scalars.Sqlite(sqlite, "PRAGMA journal_mode")?.ToString());
        Assert.Equal("ok", Scalars.Sqlite(sqlite, "PRAGMA integrity_check")?.ToString());
        CheckLedger(sql => Convert.ToInt64(Scalars.Sqlite(sqlite, sql) ?? -1L), acked, context);
    }

    [Fact]
    public void SqliteWriterKilledWithWalAndShmLeftIsReadByMiniSql()
    {
        long target = 150 + new Random(21).Next(200);
        long acked = RunAndKill("sqlite-ledger-writer", target, _path);
        string context = $"SQLite writer killed after ack {acked}";
        Assert.True(new FileInfo(_path + "-wal").Length > 100 * 4096, context + ": the WAL is unexpectedly small");
        Assert.True(File.Exists(_path + "-shm"), context + ": no -shm left");

        using (var db = Database.Open(_path, new DatabaseOptions { BusyTimeout = 5000 }))
        {
            Assert.Equal("ok", Scalars.MiniSqlText(db, "PRAGMA integrity_check"));
            CheckLedger(sql => Scalars.MiniSqlLong(db, sql), acked, context);
        }
        // Our close checkpointed the WAL into the database file: SQLite agrees on the result.
        using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        sqlite.Open();
        Assert.Equal("ok", Scalars.Sqlite(sqlite, "PRAGMA integrity_check")?.ToString());
        CheckLedger(sql => Convert.ToInt64(Scalars.Sqlite(sqlite, sql) ?? -1L), acked, context + ", after MiniSql's checkpoint");
    }

    /// <summary>Starts the writer, waits for "ack <paramref name="target"/>", SIGKILLs it mid-stream and returns the
    /// last acknowledged transaction (lines written before death included).</summary>
    private static long RunAndKill(string role, long target, params string[] args)
    {
        using var worker = WorkerProcess.Start(role, args);
        worker.WaitFor("ready", Timeout);
        worker.WaitFor("ack " + target, Timeout);
        worker.Kill();
        long acked = 0;
        foreach (string line in worker.Output)
        {
            if (line.StartsWith("ack ", StringComparison.Ordinal))
                acked = Math.Max(acked, long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
            else if (line != "ready")
                Assert.Fail($"{role}: unexpected output '{line}' {worker.StandardError}");
        }
        Assert.True(acked >= target);
        return acked;
    }

    /// <summary>The ledger invariants (see the worker's LedgerWriter): transactions 1..M all present, M is the last
    /// acknowledged one or the one in flight, and every transaction's rows, deletes and updates are whole.</summary>
    private static void CheckLedger(Func<string, long> scalar, long acked, string context)
    {
        long m = scalar("SELECT coalesce(max(txn), 0) FROM log");
        Assert.True(m == acked || m == acked + 1, $"{context}: the database holds transactions up to {m}");
        Assert.True(scalar("SELECT count(*) FROM log") == m, $"{context}: a transaction below {m} is missing");
        string max = m.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string What, string Sql)[] checks =
        [
            ("rows per transaction", "SELECT count(*) FROM log WHERE rows <> (SELECT count(*) FROM t WHERE t.txn = log.txn)"),
            ("expected row counts", $"SELECT count(*) FROM log WHERE rows <> CASE WHEN txn + 5 <= {max} AND (txn + 5) % 7 = 0 THEN 0 ELSE 1 + txn % 3 END"),
            ("rows of unknown transactions", "SELECT count(*) FROM t WHERE txn NOT IN (SELECT txn FROM log)"),
            ("touch counts", $"SELECT count(*) FROM log WHERE touched <> (2 * txn <= {max}) + (2 * txn + 1 <= {max})"),
            ("payload lengths", "SELECT count(*) FROM t WHERE length(payload) <> CASE WHEN txn % 10 = 0 THEN 5000 ELSE 20 + txn % 200 END"),
        ];
        foreach (var (what, sql) in checks)
            Assert.True(scalar(sql) == 0, $"{context}: {what} wrong ({sql})");
        Assert.True(scalar("SELECT count(*) FROM t") > m / 2, $"{context}: too few rows");
    }
}
