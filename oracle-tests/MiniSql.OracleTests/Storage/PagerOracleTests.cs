using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using MiniSql.Engine.Storage;
using MiniSql.Vfs;
using SQLitePCL;

namespace MiniSql.OracleTests.Storage;

/// <summary>
/// The pager against real SQLite (Microsoft.Data.Sqlite) on real files through <see cref="OsVfs"/>: files we write
/// pass SQLite's integrity_check, hot journals SQLite leaves behind are rolled back by us, and the two exclude each
/// other with SQLite's file locks. SQLite connections use Pooling=False so Dispose really closes the file.
/// </summary>
public sealed class PagerOracleTests : IDisposable
{
    private const int SqliteBusy = 5;
    private readonly string _dir;

    public PagerOracleTests()
    {
        _dir = Path.Combine(Path.GetTempPath(), "minisql-pager-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string DbPath(string name = "test.db") => Path.Combine(_dir, name);

    private static SqliteConnection OpenSqlite(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Theory]
    [InlineData(512, JournalMode.Delete)]
    [InlineData(4096, JournalMode.Truncate)]
    [InlineData(65536, JournalMode.Persist)]
    public void Database_written_by_our_pager_passes_sqlite_integrity_check(int pageSize, JournalMode mode)
    {
        string path = DbPath();
        using (var pager = Pager.Open(OsVfs.Instance, path, new PagerOptions { PageSize = pageSize, JournalMode = mode }))
        {
            pager.BeginWrite();
            pager.UserVersion = 42;
            pager.ApplicationId = 0x4D696E69;
            pager.Commit();

            // Four more pages on the freelist: page 2 is a trunk listing leaves 3, 4 and 5 (fileformat2: 1.5).
            pager.BeginWrite();
            var trunk = pager.AllocatePage();
            BinaryPrimitives.WriteUInt32BigEndian(trunk.Data.AsSpan(0), 0);
            BinaryPrimitives.WriteUInt32BigEndian(trunk.Data.AsSpan(4), 3);
            for (uint i = 0; i < 3; i++)
            {
                var leaf = pager.AllocatePage();
                BinaryPrimitives.WriteUInt32BigEndian(trunk.Data.AsSpan(8 + 4 * (int)i), leaf.Number);
                pager.Release(leaf);
            }
            pager.Release(trunk);
            pager.FreelistTrunk = 2;
            pager.FreelistCount = 4;
            pager.Commit();
        }

        long sqlitePageCount, sqliteFreelistCount, sqliteSchemaCookie;
        using (var sqlite = OpenSqlite(path))
        {
            Assert.Equal("ok", Scalar(sqlite, "PRAGMA integrity_check"));
            Assert.Equal(42L, Scalar(sqlite, "PRAGMA user_version"));
            Assert.Equal(0x4D696E69L, Scalar(sqlite, "PRAGMA application_id"));
            Assert.Equal(5L, Scalar(sqlite, "PRAGMA page_count"));
            Assert.Equal(4L, Scalar(sqlite, "PRAGMA freelist_count"));
            Assert.Equal((long)pageSize, Scalar(sqlite, "PRAGMA page_size"));
            // SQLite writes to our file (reusing the free pages); we read its commit back below.
            Scalar(sqlite, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2)");
            Assert.Equal("ok", Scalar(sqlite, "PRAGMA integrity_check"));
            sqlitePageCount = (long)Scalar(sqlite, "PRAGMA page_count")!;
            sqliteFreelistCount = (long)Scalar(sqlite, "PRAGMA freelist_count")!;
            sqliteSchemaCookie = (long)Scalar(sqlite, "PRAGMA schema_version")!;
        }

        using var reader = Pager.Open(OsVfs.Instance, path);
        reader.BeginRead();
        Assert.Equal((uint)sqlitePageCount, reader.PageCount);
        Assert.Equal(42, reader.UserVersion);
        Assert.Equal((uint)sqliteFreelistCount, reader.FreelistCount);
        Assert.Equal((uint)sqliteSchemaCookie, reader.SchemaCookie);
        Assert.True(reader.ChangeCounter > 2);
        reader.EndRead();
    }

    [Fact]
    public void Hot_journal_left_by_real_sqlite_is_rolled_back()
    {
        string live = DbPath("live.db");
        string copyDir = Path.Combine(_dir, "crash");
        Directory.CreateDirectory(copyDir);
        string copy = Path.Combine(copyDir, "live.db");
        const int rowsBefore = 50;

        using (var sqlite = OpenSqlite(live))
        {
            Scalar(sqlite, "PRAGMA page_size=1024; PRAGMA journal_mode=DELETE; CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
            for (int i = 0; i < rowsBefore; i++)
                Scalar(sqlite, $"INSERT INTO t(v) VALUES (randomblob(300))");
            byte[] before = File.ReadAllBytes(live);

            // A tiny cache forces SQLite to spill dirty pages to the database file mid-transaction, after syncing
            // the journal; every spill starts a new journal segment.
            Scalar(sqlite, "PRAGMA cache_size=1; BEGIN");
            using (var insert = sqlite.CreateCommand())
            {
                insert.CommandText = "INSERT INTO t(v) VALUES (randomblob(700))";
                for (int i = 0; i < 400; i++)
                    insert.ExecuteNonQuery();
            }
            Scalar(sqlite, "UPDATE t SET v = randomblob(200) WHERE id <= 20");
            // What a crash right now would leave behind.
            File.Copy(live, copy);
            File.Copy(live + "-journal", copy + "-journal");
            Assert.NotEqual(before, File.ReadAllBytes(copy));
            Scalar(sqlite, "ROLLBACK");
        }
        // The journal really has several segments (one per spill), each header at a sector boundary.
        byte[] journal = File.ReadAllBytes(copy + "-journal");
        byte[] magic = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];
        int headers = 0;
        for (int offset = 0; offset + 8 <= journal.Length; offset += 512)
            headers += journal.AsSpan(offset, 8).SequenceEqual(magic) ? 1 : 0;
        Assert.True(headers >= 2, $"journal has {headers} segment headers");
        Assert.NotEqual(0u, BinaryPrimitives.ReadUInt32BigEndian(journal.AsSpan(8)));

        using (var pager = Pager.Open(OsVfs.Instance, copy))
        {
            pager.BeginRead();
            Assert.Equal(1024, pager.PageSize);
            pager.EndRead();
        }
        Assert.False(File.Exists(copy + "-journal"));

        using var check = OpenSqlite(copy);
        Assert.Equal("ok", Scalar(check, "PRAGMA integrity_check"));
        Assert.Equal((long)rowsBefore, Scalar(check, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void Our_reserved_lock_makes_sqlite_busy_and_sqlite_write_transaction_makes_us_busy()
    {
        string path = DbPath();
        using var sqlite = OpenSqlite(path);
        Assert.Equal(0, raw.sqlite3_busy_timeout(sqlite.Handle, 0));
        Assert.Equal(0, raw.sqlite3_exec(sqlite.Handle, "CREATE TABLE t(x); INSERT INTO t VALUES (1)"));

        var retries = new List<int>();
        var pager = Pager.Open(OsVfs.Instance, path, new PagerOptions { Busy = r => { retries.Add(r); return r < 2; } });
        pager.BeginWrite();
        Assert.Equal(LockLevel.Reserved, pager.LockLevel);
        Assert.Equal(SqliteBusy, raw.sqlite3_exec(sqlite.Handle, "BEGIN IMMEDIATE"));
        Assert.Equal(0, raw.sqlite3_exec(sqlite.Handle, "SELECT * FROM t")); // readers coexist with RESERVED
        pager.UserVersion = 9;
        pager.Commit();
        Assert.Equal(LockLevel.None, pager.LockLevel);
        Assert.Equal(9L, Scalar(sqlite, "PRAGMA user_version"));

        Assert.Equal(0, raw.sqlite3_exec(sqlite.Handle, "BEGIN IMMEDIATE; INSERT INTO t VALUES (2)"));
        var ex = Assert.Throws<MiniSqlException>(() => pager.BeginWrite());
        Assert.Equal(ResultCode.Busy, ex.ResultCode);
        Assert.Equal([0, 1, 2], retries);
        Assert.Equal(LockLevel.None, pager.LockLevel);
        Assert.Equal(0, raw.sqlite3_exec(sqlite.Handle, "COMMIT"));

        pager.BeginWrite();
        Assert.Equal(2L, Scalar(sqlite, "SELECT count(*) FROM t"));
        pager.Rollback();
        // Close our descriptor only while SQLite holds no lock (closing drops the process's POSIX locks).
        pager.Dispose();
    }
}
