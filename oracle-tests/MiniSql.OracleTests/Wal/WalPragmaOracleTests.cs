using System.Text;
using MiniSql.Sql;

namespace MiniSql.OracleTests.Wal;

/// <summary>
/// The WAL pragmas (journal_mode, wal_checkpoint, wal_autocheckpoint, journal_size_limit) run as the same step
/// sequence on real SQLite and on MiniSql, each on its own file: every answer (rows, or result code and message)
/// must match. Pseudo-steps starting with '#' look at the files instead (header bytes 18/19, WAL and journal sizes).
/// Afterwards each side opens the other's file: integrity_check is ok and the contents agree.
/// </summary>
public sealed class WalPragmaOracleTests : IDisposable
{
    private readonly string _dir;

    public WalPragmaOracleTests()
    {
        _dir = Path.Combine(Path.GetTempPath(), "minisql-walpragma-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Insert10 =
        "INSERT INTO t(y) VALUES('a'); INSERT INTO t(y) VALUES('b'); INSERT INTO t(y) VALUES('c'); INSERT INTO t(y) VALUES('d');" +
        "INSERT INTO t(y) VALUES('e'); INSERT INTO t(y) VALUES('f'); INSERT INTO t(y) VALUES('g'); INSERT INTO t(y) VALUES('h');" +
        "INSERT INTO t(y) VALUES('i'); INSERT INTO t(y) VALUES('j');";

    private const string Digest = "SELECT count(*), total(x), group_concat(y, '') FROM t";

    [Fact]
    public void JournalModeTransitionsAnswerAsSqlite()
    {
        Diff(1, Digest,
            "PRAGMA journal_mode",
            "PRAGMA journal_mode=WAL",
            "#header",
            "PRAGMA journal_mode",
            "CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT)",
            Insert10,
            "#exists-wal",
            "PRAGMA main.journal_mode",
            "PRAGMA MAIN.journal_mode = wal",
            "PRAGMA journal_mode=bogus",
            "PRAGMA journal_mode=1",
            "PRAGMA nosuch.journal_mode",
            "PRAGMA nosuch.journal_mode=delete",
            "PRAGMA journal_mode=DELETE",
            "#header",
            "#exists-wal",
            "PRAGMA journal_mode=truncate",
            "INSERT INTO t(y) VALUES('k')",
            "PRAGMA journal_mode=persist",
            "INSERT INTO t(y) VALUES('l')",
            "#journal-size",
            "PRAGMA journal_mode=memory",
            "#exists-journal",
            "INSERT INTO t(y) VALUES('m')",
            "PRAGMA journal_mode=off",
            "INSERT INTO t(y) VALUES('n')",
            "PRAGMA main.journal_mode='wal'",
            "#header",
            "INSERT INTO t(y) VALUES('o')",
            "PRAGMA journal_mode=wal",
            "PRAGMA journal_mode",
            "PRAGMA journal_mode=persist",
            "#header",
            "#exists-wal",
            "PRAGMA journal_mode=WAL",
            "INSERT INTO t(y) VALUES('p')",
            Digest);
    }

    [Fact]
    public void JournalModeInsideTransactionsAnswersAsSqlite()
    {
        string transcript = Diff(1, Digest,
            "CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT)",
            "BEGIN",
            "PRAGMA journal_mode=WAL",
            "ROLLBACK",
            "BEGIN IMMEDIATE",
            "PRAGMA journal_mode=WAL",
            "COMMIT",
            "BEGIN",
            "PRAGMA journal_mode=truncate",
            "INSERT INTO t(y) VALUES('a')",
            "PRAGMA journal_mode=persist",
            "PRAGMA journal_mode",
            "ROLLBACK",
            "PRAGMA journal_mode",
            "BEGIN IMMEDIATE",
            "PRAGMA journal_mode=delete",
            "COMMIT",
            "PRAGMA journal_mode",
            "PRAGMA journal_mode=WAL",
            "#header",
            "BEGIN",
            "PRAGMA journal_mode=wal",
            "PRAGMA journal_mode=delete",
            "PRAGMA wal_checkpoint",
            "SELECT count(*) FROM t",
            "PRAGMA journal_mode=delete",
            "PRAGMA wal_checkpoint",
            "PRAGMA wal_checkpoint(FULL)",
            "COMMIT",
            "BEGIN IMMEDIATE",
            "PRAGMA journal_mode=memory",
            "INSERT INTO t(y) VALUES('b')",
            "COMMIT",
            "PRAGMA journal_mode",
            Digest);
        Assert.Contains("0> PRAGMA journal_mode=WAL\nerror 1: cannot change into wal mode from within a transaction\n", transcript);
        Assert.Contains("0> PRAGMA wal_checkpoint\nerror 6: database table is locked\n", transcript);
    }

    [Fact]
    public void EnteringAndLeavingWalBesideOtherConnectionsAnswersAsSqlite()
    {
        string transcript = Diff(2, Digest,
            "0:CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT)",
            "1:BEGIN",
            "1:SELECT count(*) FROM t",
            "0:PRAGMA journal_mode=WAL",
            "0:PRAGMA journal_mode",
            "#header",
            "1:COMMIT",
            "0:PRAGMA journal_mode=WAL",
            "1:INSERT INTO t(y) VALUES('a')",
            "1:PRAGMA journal_mode",
            "0:PRAGMA journal_mode=DELETE",
            "0:PRAGMA journal_mode",
            "0:INSERT INTO t(y) VALUES('b')",
            "1:PRAGMA journal_mode=DELETE",
            Digest);
        Assert.Contains("0> PRAGMA journal_mode=WAL\nerror 5: database is locked\n", transcript);
    }

    [Fact]
    public void CheckpointTriplesAfterCommitsMatchSqlite()
    {
        Diff(1, Digest,
            "PRAGMA wal_checkpoint",
            "PRAGMA wal_checkpoint(TRUNCATE)",
            "PRAGMA journal_mode=WAL",
            "PRAGMA wal_checkpoint",
            "PRAGMA wal_autocheckpoint=0",
            "CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT)",
            Insert10,
            "PRAGMA wal_checkpoint",
            "PRAGMA wal_checkpoint",
            "#wal-size",
            Insert10,
            "#wal-size",
            "PRAGMA wal_checkpoint(passive)",
            Insert10,
            "PRAGMA wal_checkpoint=FULL",
            "INSERT INTO t(y) VALUES('x')",
            "PRAGMA wal_checkpoint('RESTART')",
            "PRAGMA main.wal_checkpoint(bogus)",
            "INSERT INTO t(y) VALUES('y')",
            "PRAGMA wal_checkpoint",
            "PRAGMA wal_checkpoint(TRUNCATE)",
            "#wal-size",
            "PRAGMA wal_checkpoint(TRUNCATE)",
            "PRAGMA wal_checkpoint",
            "CREATE INDEX ty ON t(y)",
            Insert10,
            "PRAGMA wal_checkpoint(RESTART)",
            "PRAGMA nosuch.wal_checkpoint",
            Digest);
    }

    [Fact]
    public void CheckpointWithAnOpenReaderMatchesSqlite()
    {
        string transcript = Diff(3, Digest,
            "0:PRAGMA journal_mode=WAL",
            "0:PRAGMA wal_autocheckpoint=0",
            "1:PRAGMA wal_autocheckpoint=0",
            "0:CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT)",
            "0:" + Insert10,
            "1:BEGIN",
            "1:SELECT count(*) FROM t",
            "0:" + Insert10,
            "0:PRAGMA wal_checkpoint",
            "0:PRAGMA wal_checkpoint(FULL)",
            "0:PRAGMA wal_checkpoint(RESTART)",
            "0:PRAGMA wal_checkpoint(TRUNCATE)",
            "1:SELECT count(*) FROM t",
            "0:PRAGMA journal_mode=DELETE",
            "1:COMMIT",
            "0:PRAGMA wal_checkpoint(FULL)",
            "0:PRAGMA wal_checkpoint",
            // A reader that starts on a fully checkpointed WAL reads the database file alone (read mark 0): the next
            // writer restarts the WAL and checkpoints cannot copy anything while that reader stays.
            "2:BEGIN",
            "2:SELECT count(*) FROM t",
            "0:INSERT INTO t(y) VALUES('r1')",
            "0:INSERT INTO t(y) VALUES('r2')",
            "0:PRAGMA wal_checkpoint(PASSIVE)",
            "0:PRAGMA wal_checkpoint(RESTART)",
            "2:SELECT count(*) FROM t",
            "1:SELECT count(*) FROM t",
            "2:COMMIT",
            "0:PRAGMA wal_checkpoint(RESTART)",
            "0:INSERT INTO t(y) VALUES('r3')",
            "0:PRAGMA wal_checkpoint",
            "0:PRAGMA journal_mode=DELETE",
            "1:PRAGMA journal_mode=DELETE",
            "2:PRAGMA journal_mode",
            Digest);
        Assert.Contains("0> PRAGMA wal_checkpoint(FULL)\n1|22|12\n", transcript);
        Assert.Contains("0> PRAGMA wal_checkpoint(PASSIVE)\n0|2|0\n", transcript);
        Assert.Contains("0> PRAGMA journal_mode=DELETE\nerror 5: database is locked\n", transcript);
    }

    [Fact]
    public void AutoCheckpointAndJournalSizeLimitMatchSqlite()
    {
        Diff(1, Digest,
            "PRAGMA wal_autocheckpoint",
            "PRAGMA wal_autocheckpoint=5",
            "PRAGMA wal_autocheckpoint",
            "PRAGMA journal_size_limit",
            "PRAGMA journal_mode=WAL",
            "CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT)",
            Insert10,
            "PRAGMA wal_checkpoint(PASSIVE)",
            "#wal-size",
            Insert10,
            "#wal-size",
            "PRAGMA journal_size_limit=3000",
            "PRAGMA journal_size_limit",
            "PRAGMA wal_autocheckpoint=0",
            Insert10,
            "#wal-size",
            "PRAGMA wal_checkpoint",
            "INSERT INTO t(y) VALUES('z')",
            "#wal-size",
            "PRAGMA wal_checkpoint",
            "PRAGMA wal_autocheckpoint=-3",
            "PRAGMA wal_autocheckpoint",
            "PRAGMA journal_size_limit=-5",
            "PRAGMA journal_size_limit",
            "PRAGMA journal_size_limit=0",
            "PRAGMA journal_mode=persist",
            "INSERT INTO t(y) VALUES('p')",
            "#journal-size",
            "PRAGMA journal_size_limit=-1",
            "INSERT INTO t(y) VALUES('q')",
            "#journal-size",
            "PRAGMA journal_size_limit=100",
            "INSERT INTO t(y) VALUES('r')",
            "#journal-size",
            "PRAGMA journal_size_limit=2000000",
            "INSERT INTO t(y) VALUES('s')",
            "#journal-size",
            Digest);
    }

    [Fact]
    public void EmptyDatabaseEntersWalLikeSqlite()
    {
        Diff(1, "SELECT count(*) FROM sqlite_schema",
            "PRAGMA journal_mode=wal",
            "#header",
            "#db-size",
            "PRAGMA page_count",
            "PRAGMA wal_checkpoint",
            "PRAGMA journal_mode=delete",
            "#db-size",
            "#header");

        // Entering WAL and closing without a write leaves no -wal or -shm behind, as with SQLite.
        foreach (var (name, open) in new (string, Func<string, IWalSession>)[] { ("s.db", p => new SqliteWalSession(p)), ("m.db", p => new MiniSqlWalSession(p)) })
        {
            string path = Path.Combine(_dir, name);
            using (var session = open(path))
                Assert.Equal("wal\n", session.Run("PRAGMA journal_mode=WAL"));
            Assert.Equal((false, false), (File.Exists(path + "-wal"), File.Exists(path + "-shm")));
        }
    }

    [Fact]
    public void InMemoryDatabaseKeepsMemoryJournal()
    {
        var transcripts = new List<string>();
        foreach (var session in new IWalSession[] { new SqliteWalSession(":memory:"), new MiniSqlWalSession(":memory:") })
        {
            using (session)
            {
                var sb = new StringBuilder();
                foreach (var sql in new[]
                {
                    "PRAGMA journal_mode", "PRAGMA journal_mode=wal", "PRAGMA journal_mode=delete", "PRAGMA journal_mode=off",
                    "PRAGMA journal_mode=persist", "PRAGMA journal_mode=memory", "PRAGMA journal_mode=TRUNCATE",
                    "PRAGMA wal_checkpoint", "PRAGMA wal_checkpoint(TRUNCATE)", "CREATE TABLE t(x)", "INSERT INTO t VALUES(1)",
                    "PRAGMA journal_mode=wal", "SELECT count(*) FROM t",
                })
                    sb.Append("> ").Append(sql).Append('\n').Append(session.Run(sql));
                transcripts.Add(sb.ToString());
            }
        }
        Assert.Equal(transcripts[0], transcripts[1]);
        Assert.Contains("> PRAGMA journal_mode=wal\nmemory\n", transcripts[1]);
    }

    [Fact]
    public void JournalModeWalAtOpenAndCrossOpen()
    {
        string path = Path.Combine(_dir, "open.db");
        using (var ours = new MiniSqlWalSession(path, options: new DatabaseOptions { JournalMode = Engine.Storage.JournalMode.Wal }))
        {
            Assert.Equal("wal\n", ours.Run("PRAGMA journal_mode"));
            Assert.Equal("0\n", ours.Run("PRAGMA wal_autocheckpoint=0; CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT);" + Insert10));
            Assert.Equal("0|12|12\n", ours.Run("PRAGMA wal_checkpoint"));
        }
        Assert.Equal((2, 2), Header(path));
        Assert.False(File.Exists(path + "-wal"));
        using var sqlite = new SqliteWalSession(path);
        Assert.Equal("wal\n", sqlite.Run("PRAGMA journal_mode"));
        Assert.Equal("ok\n", sqlite.Run("PRAGMA integrity_check"));
        Assert.Equal("10|55|abcdefghij\n", sqlite.Run(Digest));
    }

    [Fact]
    public void ProviderJournalModeKeywordOpensInWal()
    {
        string path = Path.Combine(_dir, "provider.db");
        var builder = new MiniSql.Data.MiniSqlConnectionStringBuilder { ConnectionString = $"Data Source={path};Journal Mode=WAL;Pooling=False" };
        Assert.Equal(MiniSql.Data.MiniSqlJournalMode.Wal, builder.JournalMode);
        using (var connection = new MiniSql.Data.MiniSqlConnection(builder.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", command.ExecuteScalar());
            command.CommandText = "PRAGMA wal_autocheckpoint=0; CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT); " + Insert10;
            command.ExecuteNonQuery();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal(("busy", "log", "checkpointed"), (reader.GetName(0), reader.GetName(1), reader.GetName(2)));
            Assert.Equal((0L, 12L, 12L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
        }
        Assert.Equal((2, 2), Header(path));
        using var sqlite = new SqliteWalSession(path);
        Assert.Equal("wal\n", sqlite.Run("PRAGMA journal_mode"));
        Assert.Equal("ok\n", sqlite.Run("PRAGMA integrity_check"));
        Assert.Equal("10|55|abcdefghij\n", sqlite.Run(Digest));
    }

    /// <summary>
    /// Runs <paramref name="steps"/> ("N:sql" runs on connection N, default 0) on SQLite and on MiniSql and compares
    /// the transcripts; then cross-opens the files and compares <paramref name="digest"/>.
    /// </summary>
    private string Diff(int connections, string digest, params string[] steps)
    {
        string sqlitePath = Path.Combine(_dir, "sqlite.db"), ourPath = Path.Combine(_dir, "minisql.db");
        string sqliteTranscript = Transcript(sqlitePath, connections, steps, p => new SqliteWalSession(p));
        string ourTranscript = Transcript(ourPath, connections, steps, p => new MiniSqlWalSession(p));
        Assert.Equal(sqliteTranscript, ourTranscript);

        // Each side reads the other's file (WAL left over or not) and agrees on its contents.
        using (var ours = new MiniSqlWalSession(sqlitePath))
        using (var theirs = new SqliteWalSession(sqlitePath))
        {
            Assert.Equal("ok\n", ours.Run("PRAGMA integrity_check"));
            Assert.Equal(theirs.Run(digest), ours.Run(digest));
        }
        using (var ours = new MiniSqlWalSession(ourPath))
        using (var theirs = new SqliteWalSession(ourPath))
        {
            Assert.Equal("ok\n", theirs.Run("PRAGMA integrity_check"));
            Assert.Equal(ours.Run(digest), theirs.Run(digest));
        }
        return ourTranscript;
    }

    private static string Transcript(string path, int connections, string[] steps, Func<string, IWalSession> open)
    {
        var sessions = new List<IWalSession>();
        var sb = new StringBuilder();
        try
        {
            for (int i = 0; i < connections; i++)
                sessions.Add(open(path));
            foreach (var step in steps)
            {
                int connection = 0;
                string sql = step;
                if (step.Length > 2 && char.IsDigit(step[0]) && step[1] == ':')
                {
                    connection = step[0] - '0';
                    sql = step[2..];
                }
                sb.Append(connection).Append("> ").Append(sql).Append('\n');
                sb.Append(sql.StartsWith('#') ? Inspect(path, sql) : sessions[connection].Run(sql));
            }
        }
        finally
        {
            for (int i = sessions.Count - 1; i >= 0; i--)
                sessions[i].Dispose();
        }
        return sb.ToString();
    }

    private static string Inspect(string path, string what) => what switch
    {
        "#header" => Header(path).ToString() + "\n",
        "#db-size" => Size(path) + "\n",
        "#wal-size" => Size(path + "-wal") + "\n",
        // A rollback journal's header is padded to the sector size, which differs between the engines (SQLite 512,
        // MiniSql 4096): only the sizes journal_size_limit sets are compared exactly.
        "#journal-size" => (File.Exists(path + "-journal") && new FileInfo(path + "-journal").Length > 4096 ? "full" : Size(path + "-journal")) + "\n",
        "#exists-wal" => File.Exists(path + "-wal") + "\n",
        "#exists-journal" => File.Exists(path + "-journal") + "\n",
        _ => throw new ArgumentException(what),
    };

    private static string Size(string path) => File.Exists(path) ? new FileInfo(path).Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";

    /// <summary>Header bytes 18/19 (file format write/read version: 1 rollback, 2 WAL).</summary>
    private static (int Write, int Read) Header(string path)
    {
        // FileInfo/File.ReadAllBytes would close a descriptor of the file; that is harmless here because the tests
        // read headers only while SQLite holds no POSIX lock on the database file (autocommit, no open statement).
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var b = new byte[20];
        f.ReadExactly(b);
        return (b[18], b[19]);
    }
}
