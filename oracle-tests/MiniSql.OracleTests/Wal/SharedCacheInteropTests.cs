using MiniSql.Engine.Storage;
using MiniSql.Sql;

namespace MiniSql.OracleTests.Wal;

/// <summary>
/// The process-wide shared page cache beside real SQLite: two MiniSql connections on one file share committed page
/// images while a SQLite connection (standing in for another process) writes, checkpoints in every mode and restarts
/// the WAL. Every MiniSql read must equal what SQLite reads at that moment, or, inside a MiniSql read transaction,
/// what was current when it began. MiniSql sessions open first and close last (see WalSqlInteropTests).
/// </summary>
public sealed class SharedCacheInteropTests : IDisposable
{
    private const string Query = "SELECT count(*), total(x), group_concat(substr(y, 1, 4), '') FROM t";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "minisql-sharedcache-" + Guid.NewGuid().ToString("N"));

    public SharedCacheInteropTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("WAL", 1)]
    [InlineData("WAL", 2)]
    [InlineData("DELETE", 1)]
    public void MiniSqlReadersNeverSeeStalePagesWhileSqliteWrites(string journalMode, int seed)
    {
        string path = Path.Combine(_dir, $"s{seed}.db");
        using (var create = new SqliteWalSession(path))
        {
            Assert.DoesNotContain("error", create.Run($"PRAGMA journal_mode={journalMode}; PRAGMA wal_autocheckpoint=0; "
                + "CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT);"
                + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
                + "INSERT INTO t SELECT i, printf('%04d', i) || hex(randomblob(60)) FROM n;"));
        }
        bool wal = journalMode == "WAL";
        var random = new Random(seed);
        // Disposed in reverse order: SQLite first, MiniSql last.
        var fast = new DatabaseOptions { Synchronous = SynchronousMode.Off };
        using var m1 = new MiniSqlWalSession(path, busyTimeout: 2000, fast);
        using var m2 = new MiniSqlWalSession(path, busyTimeout: 2000, fast);
        using var sqlite = new SqliteWalSession(path, busyTimeout: 2000);
        sqlite.Run("PRAGMA synchronous=OFF");
        string? m2Snapshot = null; // what m2's open read transaction must keep seeing
        int checks = 0;
        for (int step = 0; step < 400; step++)
        {
            int op = random.Next(100);
            if (op < 30)
            {
                int k = random.Next(2, 9), r = random.Next(k);
                string change = random.Next(4) switch
                {
                    0 => $"INSERT INTO t(y) VALUES (printf('%04d', {step}) || hex(randomblob({random.Next(10, 300)})))",
                    1 => $"DELETE FROM t WHERE x % {k * 7} = {r}",
                    _ => $"UPDATE t SET y = printf('%04d', {step}) || substr(y, 5) WHERE x % {k} = {r}",
                };
                if (m2Snapshot is not null && !wal)
                    continue; // a rollback-mode reader blocks every writer
                var writer = random.Next(5) == 0 ? (IWalSession)m1 : sqlite;
                Assert.DoesNotContain("error", writer.Run(change));
            }
            else if (op < 40 && wal)
            {
                // Only PASSIVE while m2 holds a snapshot: the other modes would wait out the busy timeout.
                string mode = m2Snapshot is not null ? "PASSIVE" : new[] { "PASSIVE", "FULL", "RESTART", "TRUNCATE" }[random.Next(4)];
                Assert.DoesNotContain("error", sqlite.Run($"PRAGMA wal_checkpoint({mode})"));
            }
            else if (op < 70)
            {
                var reader = random.Next(2) == 0 ? m1 : m2;
                string expected = reader == m2 && m2Snapshot is not null ? m2Snapshot : sqlite.Run(Query);
                Assert.Equal(expected, reader.Run(Query));
                checks++;
            }
            else if (op < 80 && wal && m2Snapshot is null)
            {
                Assert.Equal("", m2.Run("BEGIN"));
                m2Snapshot = m2.Run(Query);
                Assert.Equal(sqlite.Run(Query), m2Snapshot);
            }
            else if (op < 90 && m2Snapshot is not null)
            {
                Assert.Equal(m2Snapshot, m2.Run(Query));
                Assert.Equal("", m2.Run("COMMIT"));
                m2Snapshot = null;
            }
        }
        if (m2Snapshot is not null)
            m2.Run("COMMIT");
        string final = sqlite.Run(Query);
        Assert.Equal(final, m1.Run(Query));
        Assert.Equal(final, m2.Run(Query));
        Assert.Equal("ok\n", m1.Run("PRAGMA integrity_check"));
        Assert.True(checks > 50);
    }
}
