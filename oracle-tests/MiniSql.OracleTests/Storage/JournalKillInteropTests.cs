using MiniSql.OracleTests.Infrastructure;
using Microsoft.Data.Sqlite;
using MiniSql.Sql;
using MiniSql.TestSupport;

namespace MiniSql.OracleTests.Storage;

/// <summary>
/// A real SQLite process in rollback-journal mode is SIGKILLed in the middle of a transaction whose dirty pages have
/// already spilled into the database file (tests/MiniSql.TestWorker, role sqlite-journal-writer). The hot journal it
/// leaves behind is rolled back by MiniSql on open: every acknowledged transaction is there (and at most the one in
/// flight, if it reached its commit point), each transaction whole, integrity_check ok in MiniSql and in SQLite.
/// </summary>
public sealed class JournalKillInteropTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const int Rows = 40;
    private const int Payload = 700;
    private readonly string _dir;
    private readonly string _path;

    public JournalKillInteropTests()
    {
        _dir = Path.Combine(Path.GetTempPath(), "minisql-journalkill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _path = Path.Combine(_dir, "ledger.db");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void SqliteKilledHoldingASpilledTransactionIsRolledBackByMiniSql()
    {
        const long committed = 25;
        using (var worker = WorkerProcess.Start("sqlite-journal-writer", _path, "hold", committed.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            worker.WaitFor("holding", Timeout);
            worker.Kill();
        }
        Assert.True(File.Exists(_path + "-journal"), "no hot journal was left behind");
        Assert.True(new FileInfo(_path + "-journal").Length > 20 * 1024, "the journal is unexpectedly small");

        using (var db = Database.Open(_path, new DatabaseOptions { BusyTimeout = 5000 }))
        {
            Assert.Equal("ok", Scalars.MiniSqlText(db, "PRAGMA integrity_check"));
            CheckLedger(sql => Scalars.MiniSqlLong(db, sql), committed, exact: true, "MiniSql after rolling back SQLite's hot journal");
        }
        Assert.False(File.Exists(_path + "-journal"), "the hot journal was not removed");
        using var sqlite = OpenSqlite();
        Assert.Equal("ok", Scalars.Sqlite(sqlite, "PRAGMA integrity_check")?.ToString());
        CheckLedger(sql => Convert.ToInt64(Scalars.Sqlite(sqlite, sql) ?? -1L), committed, exact: true, "SQLite after MiniSql's rollback");
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public void SqliteKilledWhileCommittingIsRecoveredByMiniSql(int seed)
    {
        long target = 20 + new Random(seed).Next(40);
        long acked = 0;
        using (var worker = WorkerProcess.Start("sqlite-journal-writer", _path, "stream"))
        {
            worker.WaitFor("ready", Timeout);
            worker.WaitFor("ack " + target, Timeout);
            worker.Kill();
            foreach (string line in worker.Output)
            {
                if (line.StartsWith("ack ", StringComparison.Ordinal))
                    acked = Math.Max(acked, long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
                else if (line != "ready")
                    Assert.Fail($"unexpected worker output '{line}' {worker.StandardError}");
            }
        }
        string context = $"seed {seed}: SQLite killed after ack {acked} (journal left: {File.Exists(_path + "-journal")})";
        using (var db = Database.Open(_path, new DatabaseOptions { BusyTimeout = 5000 }))
        {
            Assert.Equal("ok", Scalars.MiniSqlText(db, "PRAGMA integrity_check"));
            CheckLedger(sql => Scalars.MiniSqlLong(db, sql), acked, exact: false, context);
        }
        using var sqlite = OpenSqlite();
        Assert.Equal("ok", Scalars.Sqlite(sqlite, "PRAGMA integrity_check")?.ToString());
        CheckLedger(sql => Convert.ToInt64(Scalars.Sqlite(sqlite, sql) ?? -1L), acked, exact: false, context + ", read by SQLite");
    }

    /// <summary>Transactions 1..M are all there, whole, and nothing else: M is the last acknowledged one, or (when
    /// not <paramref name="exact"/>) the one in flight if it reached its commit point.</summary>
    private static void CheckLedger(Func<string, long> scalar, long acked, bool exact, string context)
    {
        long m = scalar("SELECT coalesce(max(txn), 0) FROM log");
        Assert.True(m == acked || (!exact && m == acked + 1), $"{context}: the database holds transactions up to {m}");
        string max = m.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string What, string Sql, long Expected)[] checks =
        [
            ("logged transactions", "SELECT count(*) FROM log", m),
            ("rows", "SELECT count(*) FROM t", m * Rows),
            ("rows per transaction", $"SELECT count(*) FROM (SELECT txn FROM t GROUP BY txn HAVING count(*) <> {Rows})", 0),
            ("rows of unlogged transactions", "SELECT count(*) FROM t WHERE txn NOT IN (SELECT txn FROM log)", 0),
            ("touches", $"SELECT count(*) FROM t WHERE v <> (txn < {max})", 0),
            ("payload bytes", "SELECT coalesce(sum(length(payload)), 0) FROM t", m * Rows * Payload),
            ("index entries", "SELECT count(*) FROM t INDEXED BY t_txn WHERE txn > 0", m * Rows),
        ];
        foreach (var (what, sql, expected) in checks)
            Assert.True(scalar(sql) == expected, $"{context}: {what} wrong ({sql} = {scalar(sql)}, expected {expected})");
    }

    private SqliteConnection OpenSqlite()
    {
        var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        sqlite.Open();
        return sqlite;
    }
}
