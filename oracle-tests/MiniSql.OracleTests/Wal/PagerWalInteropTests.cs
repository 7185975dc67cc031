using Microsoft.Data.Sqlite;
using MiniSql.Engine.Storage;
using MiniSql.Vfs;

namespace MiniSql.OracleTests.Wal;

/// <summary>
/// Our pager in WAL mode and real SQLite share one live database: SQLite reads our commits through our wal-index,
/// we read SQLite's, and our close-time checkpoint leaves a database SQLite accepts. Our handles are closed after
/// SQLite's connections (see OsVfs remarks on POSIX locks).
/// </summary>
public sealed class PagerWalInteropTests : IDisposable
{
    private const string Digest = "SELECT count(*) || ':' || sum(length(y)) || ':' || sum(x) FROM t";
    private readonly string _dir;
    private readonly string _path;

    public PagerWalInteropTests()
    {
        _dir = Path.Combine(Path.GetTempPath(), "minisql-pwal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _path = Path.Combine(_dir, "p.db");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SqliteAndOurPagerShareALiveWalDatabase()
    {
        using (var sqlite = Open(_path))
        {
            Exec(sqlite, "PRAGMA journal_mode=WAL; CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT);");
            Exec(sqlite, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200) INSERT INTO t SELECT i, printf('v%d-%s', i, hex(randomblob(30))) FROM c;");
        }
        string copy = Path.Combine(_dir, "copy.db");
        File.Copy(_path, copy);
        string expected;
        using (var sqlite = Open(copy))
        {
            Exec(sqlite, "UPDATE t SET y = y || '+' WHERE x % 3 = 0; INSERT INTO t(y) SELECT y FROM t WHERE x < 150;");
            expected = Scalar(sqlite, Digest);
        }
        var original = File.ReadAllBytes(_path);
        var changed = File.ReadAllBytes(copy);
        int pageSize = (original[16] << 8) | original[17];
        Assert.True(changed.Length > original.Length);

        using var pager = Pager.Open(OsVfs.Instance, _path);
        pager.BeginWrite();
        Assert.True(pager.IsWalMode);
        uint total = (uint)(changed.Length / pageSize);
        for (uint n = 1; n <= total; n++)
        {
            var image = changed.AsSpan((int)(n - 1) * pageSize, pageSize);
            if (n <= pager.PageCount && image.SequenceEqual(original.AsSpan((int)(n - 1) * pageSize, pageSize)))
                continue;
            var page = n <= pager.PageCount ? pager.GetPage(n) : pager.AllocatePage();
            Assert.Equal(n, page.Number);
            pager.MarkWritable(page);
            image.CopyTo(page.Data);
            pager.Release(page);
        }
        pager.Commit();
        Assert.Equal(original.Length, new FileInfo(_path).Length); // only the WAL changed

        using (var sqlite = Open(_path))
        {
            // SQLite attaches to our live wal-index (we hold the -shm) and reads our frames.
            Assert.Equal(expected, Scalar(sqlite, Digest));
            Assert.Equal("ok", Scalar(sqlite, "PRAGMA integrity_check"));
            Exec(sqlite, "INSERT INTO t(y) VALUES ('from sqlite');");
            string pageCount = Scalar(sqlite, "PRAGMA page_count");

            pager.BeginRead(); // our snapshot now includes SQLite's commit
            Assert.Equal(pageCount, pager.PageCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            pager.EndRead();
            expected = Scalar(sqlite, Digest);
        }
        Assert.True(File.Exists(_path + "-wal")); // SQLite could not checkpoint-and-delete: we hold SHARED
        pager.Dispose(); // the last connection: checkpoint and delete
        Assert.False(File.Exists(_path + "-wal"));

        using (var sqlite = Open(_path))
        {
            Assert.Equal("ok", Scalar(sqlite, "PRAGMA integrity_check"));
            Assert.Equal(expected, Scalar(sqlite, Digest));
            Assert.Equal("wal", Scalar(sqlite, "PRAGMA journal_mode"));
        }
    }

    [Fact]
    public void NewDatabaseCreatedInWalModeByUsIsReadBySqliteWhileWeHoldIt()
    {
        using var pager = Pager.Open(OsVfs.Instance, _path, new PagerOptions { JournalMode = JournalMode.Wal, PageSize = 1024 });
        Assert.True(pager.IsWalMode);
        pager.BeginWrite();
        pager.UserVersion = 42;
        pager.Commit();
        using (var sqlite = Open(_path))
        {
            Assert.Equal("wal", Scalar(sqlite, "PRAGMA journal_mode"));
            Assert.Equal("42", Scalar(sqlite, "PRAGMA user_version"));
            Assert.Equal("1024", Scalar(sqlite, "PRAGMA page_size"));
            Assert.Equal("ok", Scalar(sqlite, "PRAGMA integrity_check"));
            Exec(sqlite, "CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT); INSERT INTO t(y) VALUES ('a'), ('b');");
        }
        pager.BeginRead();
        Assert.Equal(42, pager.UserVersion);
        Assert.True(pager.PageCount >= 2); // SQLite's CREATE TABLE, seen through the WAL
        pager.EndRead();
        pager.JournalMode = JournalMode.Delete; // checkpoint, delete the WAL, back to rollback mode
        Assert.False(File.Exists(_path + "-wal"));
        pager.Dispose();
        using (var sqlite = Open(_path))
        {
            Assert.Equal("delete", Scalar(sqlite, "PRAGMA journal_mode"));
            Assert.Equal("2", Scalar(sqlite, "SELECT count(*) FROM t"));
            Assert.Equal("ok", Scalar(sqlite, "PRAGMA integrity_check"));
        }
    }

    private static SqliteConnection Open(string path)
    {
        var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        return c;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
