using System.Text;
using Microsoft.Data.Sqlite;
using MiniSql.Sql;

namespace MiniSql.OracleTests.Wal;

/// <summary>
/// Live interop at the SQL level (issue 4): real SQLite and MiniSql connections on one WAL database in this process
/// (our OFD locks and SQLite's POSIX locks exclude each other). A reader keeps its snapshot while the other engine
/// writes and checkpoints, and the checkpoint reports what SQLite reports in the same situation; two writers exclude
/// each other with SQLITE_BUSY and lose nothing. Our connection is opened first and closed last: closing any
/// descriptor of a file drops SQLite's POSIX locks on it (see OsVfs remarks).
/// </summary>
public sealed class WalSqlInteropTests : IDisposable
{
    private const string Snapshot = "SELECT count(*), group_concat(y, '') FROM t";
    private readonly string _dir;

    public WalSqlInteropTests()
    {
        _dir = Path.Combine(Path.GetTempPath(), "minisql-walsql-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Steps =
    [
        "W:PRAGMA journal_mode=WAL",
        "W:PRAGMA wal_autocheckpoint=0",
        "R:PRAGMA wal_autocheckpoint=0",
        "W:CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT)",
        "W:" + string.Concat(Enumerable.Range(0, 10).Select(i => $"INSERT INTO t(y) VALUES('{(char)('a' + i)}');")),
        "R:BEGIN",
        "R:" + Snapshot,
        "W:" + string.Concat(Enumerable.Range(0, 10).Select(i => $"INSERT INTO t(y) VALUES('{(char)('k' + i)}');")) + "UPDATE t SET y = upper(y) WHERE x <= 5;",
        "W:" + Snapshot,
        "W:PRAGMA wal_checkpoint",
        "W:PRAGMA wal_checkpoint(FULL)",
        "W:PRAGMA wal_checkpoint(RESTART)",
        "W:PRAGMA wal_checkpoint(TRUNCATE)",
        "R:" + Snapshot,
        "R:PRAGMA integrity_check",
        "R:INSERT INTO t(y) VALUES('stale')",
        "W:PRAGMA journal_mode=DELETE",
        "R:COMMIT",
        "R:" + Snapshot,
        "W:PRAGMA wal_checkpoint(FULL)",
        "R:BEGIN",
        "R:SELECT count(*) FROM t",
        "W:INSERT INTO t(y) VALUES('v'); DELETE FROM t WHERE x = 2;",
        "W:PRAGMA wal_checkpoint(TRUNCATE)",
        "R:" + Snapshot,
        "R:COMMIT",
        "W:PRAGMA wal_checkpoint(TRUNCATE)",
        "R:INSERT INTO t(y) VALUES('w')",
        "R:PRAGMA wal_checkpoint",
        "W:" + Snapshot,
        "W:PRAGMA integrity_check",
    ];

    [Fact]
    public void ReaderKeepsItsSnapshotWhileTheOtherEngineWritesAndCheckpoints()
    {
        string reference = Scenario("ss.db", ourWriter: false, ourReader: false);
        string ourWriter = Scenario("ms.db", ourWriter: true, ourReader: false);
        string ourReader = Scenario("sm.db", ourWriter: false, ourReader: true);
        string oursOnly = Scenario("mm.db", ourWriter: true, ourReader: true);

        // The reference is SQLite alone; the numbers below are what it reported.
        Assert.Contains("W> PRAGMA wal_checkpoint\n0|23|12\n", reference);
        Assert.Contains("W> PRAGMA wal_checkpoint(FULL)\n1|23|12\n", reference);
        Assert.Contains("R> " + Snapshot + "\n10|abcdefghij\n", reference);
        Assert.Contains("R> INSERT INTO t(y) VALUES('stale')\nerror 5: database is locked\n", reference);
        Assert.Equal(reference, ourWriter);
        Assert.Equal(reference, ourReader);
        Assert.Equal(reference, oursOnly);
    }

    /// <summary>Runs <see cref="Steps"/> with a writer W and a reader R; MiniSql sessions open first and close last.</summary>
    private string Scenario(string name, bool ourWriter, bool ourReader)
    {
        string path = Path.Combine(_dir, name);
        IWalSession Open(bool ours) => ours ? new MiniSqlWalSession(path) : new SqliteWalSession(path);
        var sessions = new IWalSession[2];
        if (ourReader && !ourWriter)
        {
            sessions[1] = Open(ourReader);
            sessions[0] = Open(ourWriter);
        }
        else
        {
            sessions[0] = Open(ourWriter);
            sessions[1] = Open(ourReader);
        }
        var sb = new StringBuilder();
        try
        {
            foreach (var step in Steps)
            {
                var session = step[0] == 'W' ? sessions[0] : sessions[1];
                sb.Append(step[0]).Append("> ").Append(step[2..]).Append('\n').Append(session.Run(step[2..]));
            }
        }
        finally
        {
            foreach (var s in sessions.OrderBy(s => s.Name == "minisql" ? 1 : 0))
                s.Dispose();
        }
        return sb.ToString();
    }

    [Fact]
    public void WritersOfBothEnginesExcludeEachOtherWithBusy()
    {
        string path = Path.Combine(_dir, "busy.db");
        using var ours = new MiniSqlWalSession(path);
        using (var sqlite = new SqliteWalSession(path))
        {
            Assert.Equal("wal\n", ours.Run("PRAGMA journal_mode=WAL"));
            Assert.Equal("", ours.Run("CREATE TABLE t(x INTEGER PRIMARY KEY, who TEXT)"));

            // Ours holds the write lock: SQLite's writes are BUSY (primary code 5), its reads go on.
            Assert.Equal("", ours.Run("BEGIN IMMEDIATE; INSERT INTO t(who) VALUES('minisql')"));
            Assert.Equal("error 5: database is locked\n", sqlite.Run("INSERT INTO t(who) VALUES('sqlite')"));
            Assert.Equal("error 5: database is locked\n", sqlite.Run("BEGIN IMMEDIATE"));
            Assert.Equal("0\n", sqlite.Run("SELECT count(*) FROM t"));
            using (var provider = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                provider.Open();
                using var command = provider.CreateCommand();
                command.CommandText = "INSERT INTO t(who) VALUES('provider')";
                command.CommandTimeout = 1;
                var e = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
                Assert.Equal(5, e.SqliteErrorCode);
            }
            Assert.Equal("", ours.Run("COMMIT"));

            // SQLite holds it: ours are BUSY as MiniSqlException with ResultCode.Busy.
            Assert.Equal("", sqlite.Run("BEGIN IMMEDIATE; INSERT INTO t(who) VALUES('sqlite')"));
            var busy = Assert.Throws<MiniSqlException>(() => ours.Database.Execute("INSERT INTO t(who) VALUES('minisql')"));
            Assert.Equal(ResultCode.Busy, busy.ResultCode);
            Assert.Equal("error 5: database is locked\n", ours.Run("BEGIN IMMEDIATE"));
            Assert.Equal("1\n", ours.Run("SELECT count(*) FROM t"));
            Assert.Equal("", sqlite.Run("COMMIT"));
            Assert.Equal("minisql\nsqlite\n", ours.Run("SELECT who FROM t ORDER BY x"));
        }
    }

    [Fact]
    public async Task ConcurrentWritersOfBothEnginesLoseNothing()
    {
        const int PerWriter = 150;
        string path = Path.Combine(_dir, "race.db");
        using var ours = new MiniSqlWalSession(path, busyTimeout: 20_000);
        var sqlite = new SqliteWalSession(path, busyTimeout: 20_000);
        try
        {
            Assert.Equal("wal\n", ours.Run("PRAGMA journal_mode=WAL"));
            Assert.Equal("", ours.Run("CREATE TABLE t(x INTEGER PRIMARY KEY, who TEXT, n INTEGER)"));

            static int Write(IWalSession session, string who)
            {
                int acknowledged = 0;
                for (int i = 0; i < PerWriter; i++)
                {
                    string sql = i % 3 == 0
                        ? $"BEGIN IMMEDIATE; INSERT INTO t(who, n) VALUES('{who}', {i}); INSERT INTO t(who, n) VALUES('{who}', -{i}); COMMIT"
                        : $"INSERT INTO t(who, n) VALUES('{who}', {i})";
                    string result = session.Run(sql);
                    if (result.Length != 0)
                        throw new InvalidOperationException($"{who} #{i}: {result}");
                    acknowledged += i % 3 == 0 ? 2 : 1;
                    if (i % 25 == 24 && session.Run("PRAGMA wal_checkpoint").StartsWith("error", StringComparison.Ordinal))
                        throw new InvalidOperationException($"{who} checkpoint #{i} failed");
                }
                return acknowledged;
            }

            var theirs = Task.Factory.StartNew(() => Write(sqlite, "sqlite"), TaskCreationOptions.LongRunning);
            var mine = Task.Factory.StartNew(() => Write(ours, "minisql"), TaskCreationOptions.LongRunning);
            var counts = await Task.WhenAll(theirs, mine).WaitAsync(TimeSpan.FromSeconds(90));
            int expected = counts[0] + counts[1];
            Assert.Equal(2 * (PerWriter + PerWriter / 3), expected);

            Assert.Equal($"{expected}\n", sqlite.Run("SELECT count(*) FROM t"));
            Assert.Equal($"{expected}\n", ours.Run("SELECT count(*) FROM t"));
            Assert.Equal("minisql|200\nsqlite|200\n", ours.Run("SELECT who, count(*) FROM t GROUP BY who ORDER BY who"));
            Assert.Equal("ok\n", sqlite.Run("PRAGMA integrity_check"));
            Assert.Equal("ok\n", ours.Run("PRAGMA integrity_check"));
            Assert.Equal("0\n", ours.Run("SELECT count(*) FROM (SELECT who, abs(n) FROM t GROUP BY who, abs(n) HAVING count(*) <> (CASE WHEN abs(n) % 3 = 0 AND n <> 0 THEN 2 WHEN n = 0 THEN 2 ELSE 1 END))"));
        }
        finally
        {
            sqlite.Dispose();
        }
    }
}
