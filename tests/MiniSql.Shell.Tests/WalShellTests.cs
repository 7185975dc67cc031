using Microsoft.Data.Sqlite;

namespace MiniSql.Shell.Tests;

/// <summary>
/// .wal and .checkpoint run live in the minisql process on a WAL database: alone, and beside a real SQLite reader in
/// this process whose snapshot keeps the checkpoint from finishing. Checkpoint numbers are what sqlite3 prints for
/// PRAGMA wal_checkpoint in the same situation.
/// </summary>
public sealed class WalShellTests
{
    [Fact]
    public void Wal_and_checkpoint_report_the_live_wal()
    {
        using var dir = TestShell.CreateTempDir();
        string db = dir.File("wal.db");
        var (stdout, stderr, exit) = MinisqlProcess.Run(
            "PRAGMA journal_mode=WAL;\nPRAGMA wal_autocheckpoint=0;\nCREATE TABLE t(x);\nINSERT INTO t VALUES(1);\nINSERT INTO t VALUES(2);\n" +
            ".wal\n.checkpoint\nINSERT INTO t VALUES(3);\n.checkpoint TRUNCATE\n.wal\n.headers on\n.mode box\n.checkpoint restart\nSELECT count(*) AS n FROM t;\n", db);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal(
            "wal\n0\n" +
            $"wal file: {db}-wal\nwal size: 16512 bytes\npage size: 4096\nframes in file: 4\ncheckpoint sequence: 0\n" +
            "valid frames (mxFrame): 4\nlast checkpoint backfilled: 0 frames\nread marks: 0 4 unused unused unused\n" +
            "0|4|4\n" +
            "0|0|0\n" +
            $"wal file: {db}-wal (empty)\nvalid frames (mxFrame): 0\nlast checkpoint backfilled: 0 frames\nread marks: 0 0 unused unused unused\n" +
            "0|0|0\n" +
            "┌───┐\n│ n │\n├───┤\n│ 3 │\n└───┘\n",
            stdout);

        // The last connection checkpointed and deleted the WAL; SQLite reads the file.
        Assert.False(File.Exists(db + "-wal"));
        using var sqlite = new SqliteConnection($"Data Source={db};Pooling=False");
        sqlite.Open();
        using var command = sqlite.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM t) || ' ' || (SELECT journal_mode FROM pragma_journal_mode) || ' ' || (SELECT integrity_check FROM pragma_integrity_check)";
        Assert.Equal("3 wal ok", command.ExecuteScalar());
    }

    [Fact]
    public void Checkpoint_beside_a_sqlite_reader_reports_busy_and_keeps_its_snapshot()
    {
        using var dir = TestShell.CreateTempDir();
        string db = dir.File("reader.db");
        using var sqlite = new SqliteConnection($"Data Source={db};Pooling=False");
        sqlite.Open();
        string Scalar(string sql)
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
        }
        Assert.Equal("wal", Scalar("PRAGMA journal_mode=WAL"));
        Scalar("CREATE TABLE t(x); INSERT INTO t VALUES(1); INSERT INTO t VALUES(2);");
        using (var transaction = sqlite.BeginTransaction(deferred: true))
        {
            Assert.Equal("2", Scalar("SELECT count(*) FROM t")); // snapshot at frame 4

            var (stdout, stderr, exit) = MinisqlProcess.Run("INSERT INTO t VALUES(3);\n.checkpoint full\n.checkpoint\nSELECT count(*) FROM t;\n.wal\n", db);
            Assert.Equal("", stderr);
            Assert.Equal(0, exit);
            Assert.StartsWith("1|5|4\n0|5|4\n3\n", stdout);
            Assert.Contains("valid frames (mxFrame): 5\nlast checkpoint backfilled: 4 frames\n", stdout);
            // SQLite's reader holds a read mark at its snapshot (frame 4).
            string marks = stdout.Split('\n').Single(l => l.StartsWith("read marks: ", StringComparison.Ordinal));
            Assert.Contains("4", marks["read marks: ".Length..].Split(' '));

            Assert.Equal("2", Scalar("SELECT count(*) FROM t"));
            transaction.Commit();
        }

        var (after, _, afterExit) = MinisqlProcess.Run(".checkpoint TRUNCATE\n.wal\n", db);
        Assert.Equal(0, afterExit);
        Assert.StartsWith("0|0|0\n", after);
        Assert.Equal("3", Scalar("SELECT count(*) FROM t"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public void Wal_on_a_rollback_database_says_so()
    {
        using var dir = TestShell.CreateTempDir();
        string db = dir.File("plain.db");
        var (stdout, stderr, exit) = MinisqlProcess.Run("CREATE TABLE t(x);\n.wal\n.checkpoint\n", db);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("database is not in WAL mode (journal_mode=delete); use PRAGMA journal_mode=WAL\n0|-1|-1\n", stdout);
    }
}
