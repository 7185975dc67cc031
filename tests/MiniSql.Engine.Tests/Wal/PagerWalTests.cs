using MiniSql.Engine.Storage;
using MiniSql.Engine.Storage.Wal;
using MiniSql.Vfs;

namespace MiniSql.Engine.Tests.Wal;

public sealed class PagerWalTests
{
    private const string Db = "p.db";
    private readonly MemoryVfs _vfs = new(21);

    private Pager Open() => Pager.Open(_vfs, Db, new PagerOptions { PageSize = 1024 });

    private static Pager WalPager(MemoryVfs vfs)
    {
        var p = Pager.Open(vfs, Db, new PagerOptions { PageSize = 1024 });
        p.JournalMode = JournalMode.Wal;
        return p;
    }

    private static void WritePage(Pager pager, uint number, byte tag)
    {
        pager.BeginWrite();
        var page = number <= pager.PageCount ? pager.GetPage(number) : pager.AllocatePage();
        pager.MarkWritable(page);
        page.Data[500] = tag;
        pager.Release(page);
        pager.Commit();
    }

    private static byte ReadTag(Pager pager, uint number)
    {
        pager.BeginRead();
        var page = pager.GetPage(number);
        byte tag = page.Data[500];
        pager.Release(page);
        pager.EndRead();
        return tag;
    }

    [Fact]
    public void EnteringWalModeSetsHeaderAndCommitsGoToTheWal()
    {
        using var a = WalPager(_vfs);
        Assert.True(a.IsWalMode);
        Assert.Equal(JournalMode.Wal, a.JournalMode);
        var db = _vfs.ReadAllBytes(Db);
        Assert.Equal(2, db[18]);
        Assert.Equal(2, db[19]);
        WritePage(a, 2, 7);
        Assert.Equal(db.Length, _vfs.ReadAllBytes(Db).Length); // the database file is untouched (P8)
        Assert.True(_vfs.ReadAllBytes(Db + "-wal").Length > 32);
        Assert.False(_vfs.Exists(Db + "-journal"));

        using var b = Open();
        Assert.Equal(7, ReadTag(b, 2));
        Assert.True(b.IsWalMode);
        Assert.Equal(2u, b.PageCount);
    }

    [Fact]
    public void ReaderSnapshotIsIsolatedAndStaleWriterGetsBusySnapshot()
    {
        using var a = WalPager(_vfs);
        WritePage(a, 2, 1);
        using var b = Open();
        b.BeginRead();
        var p = b.GetPage(2);
        Assert.Equal(1, p.Data[500]);
        b.Release(p);
        WritePage(a, 2, 2); // a writer proceeds while b reads
        p = b.GetPage(2);
        Assert.Equal(1, p.Data[500]);
        b.Release(p);
        var ex = Assert.Throws<MiniSqlException>(() => b.BeginWrite());
        Assert.Equal(ResultCode.BusySnapshot, ex.ExtendedResultCode);
        b.EndRead();
        Assert.Equal(2, ReadTag(b, 2));
    }

    [Fact]
    public void RollbackInWalModeLeavesNothing()
    {
        using var a = WalPager(_vfs);
        WritePage(a, 2, 1);
        long walSize = _vfs.ReadAllBytes(Db + "-wal").Length;
        a.BeginWrite();
        var p = a.GetPage(2);
        a.MarkWritable(p);
        p.Data[500] = 9;
        a.Release(p);
        a.AllocatePage().Data[0] = 1;
        a.Rollback();
        Assert.Equal(walSize, _vfs.ReadAllBytes(Db + "-wal").Length);
        Assert.Equal(1, ReadTag(a, 2));
        Assert.Equal(2u, a.PageCount);
    }

    [Fact]
    public void LastCloseCheckpointsAndDeletesTheWal()
    {
        var a = WalPager(_vfs);
        var b = Open();
        WritePage(a, 2, 5);
        WritePage(a, 3, 6);
        Assert.Equal(5, ReadTag(b, 2));
        a.Dispose(); // b still holds SHARED: the WAL stays
        Assert.True(_vfs.Exists(Db + "-wal"));
        b.Dispose();
        Assert.False(_vfs.Exists(Db + "-wal"));
        var db = _vfs.ReadAllBytes(Db);
        Assert.Equal(3 * 1024, db.Length);
        Assert.Equal(5, db[1024 + 500]);
        Assert.Equal(6, db[2048 + 500]);
        using var c = Open();
        Assert.Equal(6, ReadTag(c, 3));
        Assert.True(c.IsWalMode); // header still says WAL
    }

    [Fact]
    public void CheckpointAndAutoCheckpoint()
    {
        using var a = WalPager(_vfs);
        a.WalAutoCheckpoint = 0;
        WritePage(a, 2, 1);
        WritePage(a, 2, 2);
        // Page 1 is a frame only when the database grew (its size field changed), as in SQLite: 2 + 1 frames.
        Assert.Equal(new CheckpointResult(false, 3, 3), a.Checkpoint(CheckpointMode.Passive));
        Assert.Equal(2, _vfs.ReadAllBytes(Db)[1024 + 500]);
        a.WalAutoCheckpoint = 2;
        WritePage(a, 2, 3); // restarts the WAL: 1 frame
        Assert.Equal(2, _vfs.ReadAllBytes(Db)[1024 + 500]);
        WritePage(a, 2, 4); // 2 frames: auto-checkpoint
        Assert.Equal(4, _vfs.ReadAllBytes(Db)[1024 + 500]);
        a.BeginRead();
        Assert.Throws<MiniSqlException>(() => a.Checkpoint(CheckpointMode.Passive));
        a.EndRead();
    }

    [Fact]
    public void LeavingWalModeCheckpointsAndRestoresRollbackHeader()
    {
        using var a = WalPager(_vfs);
        WritePage(a, 2, 8);
        a.JournalMode = JournalMode.Delete;
        Assert.False(a.IsWalMode);
        Assert.False(_vfs.Exists(Db + "-wal"));
        var db = _vfs.ReadAllBytes(Db);
        Assert.Equal(1, db[18]);
        Assert.Equal(1, db[19]);
        Assert.Equal(8, db[1024 + 500]);
        WritePage(a, 2, 9);
        Assert.Equal(9, _vfs.ReadAllBytes(Db)[1024 + 500]);
    }

    [Fact]
    public void LeavingWalModeIsBusyWhileAnotherConnectionUsesIt()
    {
        using var a = WalPager(_vfs);
        using var b = Open();
        WritePage(a, 2, 1);
        Assert.Equal(1, ReadTag(b, 2));
        var ex = Assert.Throws<MiniSqlException>(() => a.JournalMode = JournalMode.Delete);
        Assert.Equal(ResultCode.Busy, ex.ResultCode);
        Assert.True(a.IsWalMode);
        WritePage(a, 2, 2);
        Assert.Equal(2, ReadTag(b, 2));
    }
}
