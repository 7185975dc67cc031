namespace MiniSql.Vfs.Tests;

/// <summary>
/// Behaviour specific to <see cref="OsVfs"/> on Linux: OFD locks against classic POSIX locks (this process and a
/// .NET worker child, tests/MiniSql.TestWorker), real SQLite in another process, the -shm dead-man switch, error mapping.
/// </summary>
public sealed class OsVfsTests : IDisposable
{
    private const long PendingByte = 0x40000000;
    private const long ReservedByte = PendingByte + 1;
    private const long SharedFirst = PendingByte + 2;
    private const VfsOpenFlags CreateRw = VfsOpenFlags.ReadWrite | VfsOpenFlags.Create;

    private readonly TempDirectory _dir = new();
    private readonly OsVfs _vfs = OsVfs.Instance;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ClassicPosixLockInThisProcessConflictsWithOfdLocks()
    {
        Assert.True(OperatingSystem.IsLinux(), "OsVfs cross-process locking is Linux-only");
        Assert.True(_vfs.UsesOfdLocks);
        string path = _dir.File("p.db");
        using var f = _vfs.Open(path, VfsFileKind.MainDb, CreateRw);
        using var raw = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        int fd = (int)raw.DangerousGetHandle();

        // Classic write lock on RESERVED (as real SQLite takes it) -> our RESERVED is busy, CheckReservedLock sees it.
        Assert.Equal(0, LibC.Lock(fd, LibC.FSetLk, LibC.FWrLck, ReservedByte, 1, out _));
        Assert.True(f.TryLock(LockLevel.Shared));
        Assert.True(f.CheckReservedLock());
        Assert.False(f.TryLock(LockLevel.Reserved));
        Assert.Equal(LockLevel.Shared, f.Lock);
        Assert.Equal(0, LibC.Lock(fd, LibC.FSetLk, LibC.FUnLck, ReservedByte, 1, out _));
        Assert.False(f.CheckReservedLock());
        Assert.True(f.TryLock(LockLevel.Reserved));

        // Our SHARED read lock blocks a classic write lock on the SHARED range (SQLite's EXCLUSIVE).
        int errno = LibC.Lock(fd, LibC.FSetLk, LibC.FWrLck, SharedFirst, 510, out _);
        Assert.True(errno is LibC.EAgain or LibC.EAcces, $"errno {errno}");
        // Our EXCLUSIVE blocks a classic read lock on the PENDING byte (SQLite's way to SHARED).
        Assert.True(f.TryLock(LockLevel.Exclusive));
        errno = LibC.Lock(fd, LibC.FSetLk, LibC.FRdLck, PendingByte, 1, out _);
        Assert.True(errno is LibC.EAgain or LibC.EAcces, $"errno {errno}");
        f.Unlock(LockLevel.None);
        Assert.Equal(0, LibC.Lock(fd, LibC.FSetLk, LibC.FWrLck, SharedFirst, 510, out _));
        Assert.False(f.TryLock(LockLevel.Shared));
        Assert.Equal(0, LibC.Lock(fd, LibC.FSetLk, LibC.FUnLck, 0, 0, out _));
        Assert.True(f.TryLock(LockLevel.Shared));
    }

    [Fact]
    public void ChildProcessLockOnReservedByteMakesReservedBusy()
    {
        string path = _dir.File("c.db");
        using var f = _vfs.Open(path, VfsFileKind.MainDb, CreateRw);
        using var py = new LockServerProcess();
        py.Ok($"open a {path}");
        py.Ok($"lock a w {ReservedByte} 1");
        Assert.True(f.TryLock(LockLevel.Shared));
        Assert.True(f.CheckReservedLock());
        Assert.False(f.TryLock(LockLevel.Reserved));
        py.Ok($"unlock a {ReservedByte} 1");
        Assert.True(f.TryLock(LockLevel.Reserved));
        // Now the child cannot take RESERVED, nor the SHARED range for writing once we are EXCLUSIVE.
        Assert.StartsWith("err", py.Send($"lock a w {ReservedByte} 1"));
        Assert.True(f.TryLock(LockLevel.Exclusive));
        Assert.StartsWith("err", py.Send($"lock a r {PendingByte} 1"));
        f.Unlock(LockLevel.None);
        py.Ok($"lock a r {PendingByte} 1");
    }

    [Fact]
    public void RealSqliteInAnotherProcessAndMiniSqlExcludeEachOther()
    {
        string path = _dir.File("s.db");
        using var py = new LockServerProcess();
        py.Ok($"sqlopen {path}");
        py.Ok("sql CREATE TABLE t(x)");
        py.Ok("sql BEGIN IMMEDIATE");
        using var f = _vfs.Open(path, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
        Assert.True(f.TryLock(LockLevel.Shared));
        Assert.True(f.CheckReservedLock());
        Assert.False(f.TryLock(LockLevel.Reserved));
        Assert.False(f.TryLock(LockLevel.Exclusive));
        Assert.Equal(LockLevel.Pending, f.Lock);
        Assert.Equal("err database is locked", py.Send("sql COMMIT")); // SQLite's COMMIT needs EXCLUSIVE; we read
        f.Unlock(LockLevel.None);
        py.Ok("sql COMMIT");
        Assert.True(f.TryLock(LockLevel.Shared));
        Assert.True(f.TryLock(LockLevel.Reserved));
        Assert.Equal("err database is locked", py.Send("sql BEGIN IMMEDIATE"));
        py.Ok("sql SELECT * FROM t"); // readers still allowed under RESERVED
        Assert.True(f.TryLock(LockLevel.Exclusive));
        Assert.Equal("err database is locked", py.Send("sql SELECT * FROM t"));
        f.Unlock(LockLevel.Shared);
        py.Ok("sql SELECT * FROM t");
        f.Unlock(LockLevel.None);
        py.Ok("sql INSERT INTO t VALUES(1)");
        py.Ok("sqlclose");
    }

    [Fact]
    public void ChildProcessShmSlotLockExcludesOurs()
    {
        string path = _dir.File("w.db");
        using var f = _vfs.Open(path, VfsFileKind.MainDb, CreateRw);
        using var shm = f.OpenSharedMemory()!;
        using var py = new LockServerProcess();
        py.Ok($"open s {path}-shm");
        py.Ok("lock s r 123 1"); // READ(0) shared
        Assert.True(shm.Lock(3, 1, ShmLockFlags.Lock | ShmLockFlags.Shared));
        Assert.False(shm.Lock(3, 1, ShmLockFlags.Lock | ShmLockFlags.Exclusive));
        Assert.True(shm.Lock(0, 1, ShmLockFlags.Lock | ShmLockFlags.Exclusive)); // WAL_WRITE_LOCK
        Assert.StartsWith("err", py.Send("lock s w 120 1"));
        Assert.StartsWith("err", py.Send("lock s w 128 1")); // our DMS read lock
        shm.Unmap(delete: false);
        py.Ok("lock s w 120 1");
        py.Ok("lock s w 128 1");
    }

    [Fact]
    public unsafe void RealSqliteWalIndexIsSharedWithUs()
    {
        string path = _dir.File("wal.db");
        using var py = new LockServerProcess();
        py.Ok($"sqlopen {path}");
        py.Ok("sql PRAGMA journal_mode=WAL");
        py.Ok("sql CREATE TABLE t(x)");
        py.Ok("sql INSERT INTO t VALUES(1)");
        Assert.True(File.Exists(path + "-shm"));

        using var f = _vfs.Open(path, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
        using var shm = f.OpenSharedMemory()!; // SQLite holds the DMS lock: content is live, not truncated
        IntPtr p = shm.MapRegion(0, 32768, extend: false);
        Assert.NotEqual(IntPtr.Zero, p);
        Assert.Equal(3007000u, *(uint*)p); // wal-index header iVersion (native byte order)
        Assert.NotEqual(0u, *(uint*)((byte*)p + 16)); // mxFrame: the INSERT is in the WAL

        // Our exclusive WAL_WRITE_LOCK makes SQLite's writer busy; readers go on.
        Assert.True(shm.Lock(0, 1, ShmLockFlags.Lock | ShmLockFlags.Exclusive));
        Assert.Equal("err database is locked", py.Send("sql INSERT INTO t VALUES(2)"));
        py.Ok("sql SELECT * FROM t");
        Assert.True(shm.Lock(0, 1, ShmLockFlags.Unlock | ShmLockFlags.Exclusive));
        py.Ok("sql INSERT INTO t VALUES(2)");
        shm.Unmap(delete: false);
        py.Ok("sqlclose");
    }

    [Fact]
    public unsafe void FirstShmUserTruncatesStaleContentLaterUsersKeepIt()
    {
        string path = _dir.File("d.db");
        File.WriteAllBytes(path + "-shm", Enumerable.Repeat((byte)0xAB, 65536).ToArray());
        using var f = _vfs.Open(path, VfsFileKind.MainDb, CreateRw);
        var a = f.OpenSharedMemory()!;
        Assert.Equal(0, new FileInfo(path + "-shm").Length);
        Assert.Equal(IntPtr.Zero, a.MapRegion(0, 32768, extend: false));
        IntPtr p = a.MapRegion(0, 32768, extend: true);
        Assert.Equal(0, ((byte*)p)[5]);
        ((byte*)p)[5] = 17;
        Assert.Equal(32768, new FileInfo(path + "-shm").Length);

        using var g = _vfs.Open(path, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
        var b = g.OpenSharedMemory()!;
        IntPtr q = b.MapRegion(0, 32768, extend: false);
        Assert.NotEqual(IntPtr.Zero, q);
        Assert.Equal(17, ((byte*)q)[5]);
        b.Unmap(delete: false);
        a.Unmap(delete: true);
        Assert.False(File.Exists(path + "-shm"));
    }

    [Fact]
    public void WriteToFullDeviceIsSqliteFull()
    {
        using var f = _vfs.Open("/dev/full", VfsFileKind.TempDb, VfsOpenFlags.ReadWrite);
        var e = Assert.Throws<MiniSqlException>(() => f.Write(new byte[4096], 0));
        Assert.Equal(ResultCode.Full, e.ResultCode);
        Assert.Equal("database or disk is full", e.Message);
    }

    [Fact]
    public void OpeningADirectoryIsCantOpen()
    {
        var e = Assert.Throws<MiniSqlException>(() => _vfs.Open(_dir.Path, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite));
        Assert.Equal(ResultCode.CantOpen, e.ResultCode);
        Assert.Equal("unable to open database file", e.Message);
    }

    [Fact]
    public void SyncsAndDirectorySyncSucceedAndDataIsOnDisk()
    {
        string path = _dir.File("y.db");
        using (var f = _vfs.Open(path, VfsFileKind.MainDb, CreateRw))
        {
            f.Write([1, 2, 3, 4], 0);
            f.Sync(VfsSyncFlags.Normal);
            f.Sync(VfsSyncFlags.Full | VfsSyncFlags.DataOnly);
            Assert.Equal(4096, f.SectorSize);
            Assert.Equal(DeviceCharacteristics.PowersafeOverwrite, f.Characteristics);
        }
        _vfs.SyncDirectory(path);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, File.ReadAllBytes(path));
        Assert.Equal(path, _vfs.FullPath(path));
    }

    [Fact]
    public void ReadOnlyOpenCannotCreateOrWrite()
    {
        string path = _dir.File("r.db");
        Assert.Throws<MiniSqlException>(() => _vfs.Open(path, VfsFileKind.MainDb, VfsOpenFlags.ReadOnly | VfsOpenFlags.Create));
        File.WriteAllBytes(path, [9]);
        using var f = _vfs.Open(path, VfsFileKind.MainDb, VfsOpenFlags.ReadOnly);
        Assert.Equal(ResultCode.ReadOnly, Assert.Throws<MiniSqlException>(() => f.Write([1], 0)).ResultCode);
        Assert.True(f.TryLock(LockLevel.Shared));
    }
}
