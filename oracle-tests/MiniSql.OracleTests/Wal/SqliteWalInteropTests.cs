using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using MiniSql.Engine.Storage;
using MiniSql.Engine.Storage.Wal;
using MiniSql.Vfs;

namespace MiniSql.OracleTests.Wal;

/// <summary>
/// Real SQLite (Microsoft.Data.Sqlite) and our WAL classes on the same WAL database. Our OsVfs handles on a file are
/// closed only after every SQLite connection has closed: closing any descriptor of a file drops the classic POSIX locks
/// SQLite (same process) holds on it (see OsVfs remarks).
/// </summary>
public sealed class SqliteWalInteropTests : IDisposable
{
    private readonly string _dir;
    private readonly string _path;

    public SqliteWalInteropTests()
    {
        _dir = Path.Combine(Path.GetTempPath(), "minisql-wal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _path = Path.Combine(_dir, "wal.db");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void OurReadingOfSqlitesShmAgreesWithItsWalFileAndWithOurRecovery()
    {
        IVfsFile? db = null;
        IVfsSharedMemory? shm = null;
        WriteAheadLog? ours = null;
        try
        {
            using (var sqlite = OpenSqlite(_path))
            {
                Exec(sqlite, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t(x INTEGER PRIMARY KEY, y);");
                for (int i = 0; i < 60; i++)
                    Exec(sqlite, $"INSERT INTO t(y) SELECT randomblob(700) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3); UPDATE t SET y = randomblob(100) WHERE x % 7 = {i % 7};");
                Exec(sqlite, "CREATE INDEX ty ON t(y);");

                var model = WalFileModel.Parse(ReadShared(_path + "-wal"));
                Assert.True(model.MaxFrame > 200, $"only {model.MaxFrame} frames");

                db = OsVfs.Instance.Open(_path, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
                shm = db.OpenSharedMemory()!;
                var index = new WalIndex(shm);
                Assert.True(index.TryReadHeader(out var live));
                Assert.Equal(model.MaxFrame, live.MaxFrame);
                Assert.Equal(model.DatabaseSize, live.PageCount);
                Assert.Equal((model.Header.Salt1, model.Header.Salt2), (live.Salt1, live.Salt2));
                Assert.Equal((model.Checksum1, model.Checksum2), (live.FrameChecksum1, live.FrameChecksum2));
                Assert.Equal(model.Header.PageSize, live.PageSize);
                Assert.Equal(model.Header.BigEndianChecksum, live.BigEndianChecksum != 0);
                Assert.Equal(WalIndexHeader.CurrentVersion, live.Version);
                Assert.Equal(0u, index.Backfill);

                for (uint f = 1; f <= model.MaxFrame; f++)
                    Assert.Equal(model.FramePages[(int)f - 1], index.GetPageNumber(f));
                foreach (var (page, frame) in model.LatestFrames())
                    Assert.Equal(frame, index.FindFrame(page, 1, model.MaxFrame));
                Assert.Equal(0u, index.FindFrame(model.DatabaseSize + 1, 1, model.MaxFrame));

                // Our connection on the live files reads SQLite's header as is (no recovery) and finds the same frames.
                ours = WriteAheadLog.Open(OsVfs.Instance, db, _path, shm);
                ours.BeginReadTransaction();
                Assert.Equal(live, ours.Header);
                Assert.True(ours.ReadLockSlot > 0);
                var page1 = new byte[live.PageSize];
                Assert.True(ours.TryReadPage(1, page1));
                Assert.Equal("SQLite format 3\0"u8.ToArray(), page1[..16]);
                ours.EndReadTransaction();

                // Recovery from the WAL file alone rebuilds the same header and the same hash tables, byte for byte.
                var mem = new MemoryVfs(1);
                mem.WriteAllBytes("r.db", []);
                mem.WriteAllBytes("r.db-wal", ReadShared(_path + "-wal"));
                using var rdb = mem.Open("r.db", VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
                using var recovered = WriteAheadLog.Open(mem, rdb, "r.db");
                Assert.True(recovered.BeginReadTransaction());
                var h = recovered.Header;
                Assert.Equal(live with { Change = 0, Checksum1 = 0, Checksum2 = 0 }, h with { Change = 0, Checksum1 = 0, Checksum2 = 0 });
                int regions = WalIndex.Locate(model.MaxFrame).Region + 1;
                for (int r = 0; r < regions; r++)
                {
                    int from = r == 0 ? WalIndex.HeaderSize : 0;
                    Assert.Equal(RegionBytes(shm, r, from), RegionBytes(rdb.OpenSharedMemory()!, r, from, dispose: true, recovered.Index));
                }
                recovered.EndReadTransaction();
            }
        }
        finally
        {
            ours?.Dispose();
            shm?.Dispose();
            db?.Dispose();
        }
    }

    [Fact]
    public void SqliteRecoversAWalWeWrote()
    {
        using (var sqlite = OpenSqlite(_path))
        {
            Exec(sqlite, "PRAGMA journal_mode=WAL; CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT);");
            Exec(sqlite, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 300) INSERT INTO t SELECT i, printf('row %d %s', i, hex(randomblob(40))) FROM c;");
        }
        string copy = Path.Combine(_dir, "copy.db");
        File.Copy(_path, copy);
        string expected;
        using (var sqlite = OpenSqlite(copy))
        {
            Exec(sqlite, "UPDATE t SET y = y || ' changed' WHERE x % 5 = 0; INSERT INTO t(y) SELECT y FROM t WHERE x < 120; DELETE FROM t WHERE x % 11 = 0;");
            expected = Scalar(sqlite, "SELECT count(*) || ':' || sum(length(y)) || ':' || sum(x) FROM t");
        }
        SqliteConnection.ClearAllPools();
        var original = File.ReadAllBytes(_path);
        var changed = File.ReadAllBytes(copy);
        int pageSize = (original[16] << 8) | original[17];
        Assert.Equal(0, changed.Length % pageSize);

        var pages = new List<Page>();
        for (int p = 0; p < changed.Length / pageSize; p++)
        {
            var image = changed.AsSpan(p * pageSize, pageSize);
            if ((p + 1) * pageSize > original.Length || !image.SequenceEqual(original.AsSpan(p * pageSize, pageSize)))
                pages.Add(new Page((uint)p + 1, image.ToArray()));
        }
        Assert.True(pages.Count > 3);
        // One transaction holding every changed page; the database file itself stays as it was.
        using (var db = OsVfs.Instance.Open(_path, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite))
        using (var wal = WriteAheadLog.Open(OsVfs.Instance, db, _path))
        {
            wal.BeginReadTransaction();
            wal.BeginWriteTransaction();
            wal.AppendTransaction(pages, (uint)(changed.Length / pageSize));
            wal.EndReadTransaction();
        }
        File.Delete(_path + "-shm");
        Assert.True(File.Exists(_path + "-wal"));

        using (var sqlite = OpenSqlite(_path))
        {
            Assert.Equal("ok", Scalar(sqlite, "PRAGMA integrity_check"));
            Assert.Equal(expected, Scalar(sqlite, "SELECT count(*) || ':' || sum(length(y)) || ':' || sum(x) FROM t"));
            Assert.Equal($"0|{pages.Count}|{pages.Count}", Row(sqlite, "PRAGMA wal_checkpoint(PASSIVE)"));
        }
        Assert.Equal(changed.AsSpan(0, 16).ToArray(), File.ReadAllBytes(_path).AsSpan(0, 16).ToArray());
    }

    [Fact]
    public void OurCheckpointLeavesPagesASqliteReaderNeeds()
    {
        IVfsFile? db = null;
        WriteAheadLog? ours = null;
        try
        {
            using var writer = OpenSqlite(_path);
            Exec(writer, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t(x INTEGER PRIMARY KEY, y);");
            Exec(writer, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200) INSERT INTO t SELECT i, randomblob(200) FROM c;");

            db = OsVfs.Instance.Open(_path, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
            ours = WriteAheadLog.Open(OsVfs.Instance, db, _path);
            using var reader = OpenSqlite(_path);
            Exec(reader, "BEGIN");
            string snapshot = Scalar(reader, "SELECT count(*) || ':' || sum(length(y)) || ':' || hex(sha1) FROM t, (SELECT group_concat(hex(y)) AS sha1 FROM (SELECT y FROM t ORDER BY x LIMIT 5))");
            Assert.True(ours.Index.TryReadHeader(out var atSnapshot));
            uint readerMark = atSnapshot.MaxFrame;

            Exec(writer, "UPDATE t SET y = randomblob(300) WHERE x % 2 = 0; DELETE FROM t WHERE x > 150;");
            Exec(writer, "INSERT INTO t(y) SELECT randomblob(500) FROM t WHERE x < 40;");
            Assert.True(ours.Index.TryReadHeader(out var latest));
            Assert.True(latest.MaxFrame > readerMark);

            var full = Checkpointer.Run(ours, CheckpointMode.Full, busy: null);
            Assert.Equal(new CheckpointResult(true, (int)latest.MaxFrame, (int)readerMark), full);
            var passive = Checkpointer.Run(ours, CheckpointMode.Passive, busy: null);
            Assert.Equal(new CheckpointResult(false, (int)latest.MaxFrame, (int)readerMark), passive);
            Assert.Equal(snapshot, Scalar(reader, "SELECT count(*) || ':' || sum(length(y)) || ':' || hex(sha1) FROM t, (SELECT group_concat(hex(y)) AS sha1 FROM (SELECT y FROM t ORDER BY x LIMIT 5))"));
            Assert.Equal("ok", Scalar(reader, "PRAGMA integrity_check"));
            Exec(reader, "COMMIT");

            var done = Checkpointer.Run(ours, CheckpointMode.Full, busy: null);
            Assert.Equal(new CheckpointResult(false, (int)latest.MaxFrame, (int)latest.MaxFrame), done);
            Assert.Equal("ok", Scalar(writer, "PRAGMA integrity_check"));
            Assert.Equal("189", Scalar(writer, "SELECT count(*) FROM t"));
            Assert.Equal($"0|{latest.MaxFrame}|{latest.MaxFrame}", Row(writer, "PRAGMA wal_checkpoint(PASSIVE)"));
            // Every frame was copied: the database file was cut to the committed size.
            Assert.Equal((long)latest.PageCount * latest.PageSize, new FileInfo(_path).Length);
        }
        finally
        {
            ours?.Dispose();
            db?.Dispose();
        }
    }

    private static SqliteConnection OpenSqlite(string path)
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

    private static string Row(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        var values = new string[r.FieldCount];
        for (int i = 0; i < values.Length; i++)
            values[i] = Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
        return string.Join('|', values);
    }

    // Reads a file SQLite has open without a handle that could drop its locks: SQLite holds none on the -wal file.
    private static byte[] ReadShared(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new byte[s.Length];
        s.ReadExactly(bytes);
        return bytes;
    }

    private static byte[] RegionBytes(IVfsSharedMemory shm, int region, int from, bool dispose = false, WalIndex? keepAlive = null)
    {
        try
        {
            IntPtr p = shm.MapRegion(region, WalIndex.RegionSize, extend: false);
            Assert.NotEqual(IntPtr.Zero, p);
            var bytes = new byte[WalIndex.RegionSize - from];
            Marshal.Copy(p + from, bytes, 0, bytes.Length);
            GC.KeepAlive(keepAlive);
            return bytes;
        }
        finally
        {
            if (dispose)
                shm.Dispose();
        }
    }
}
