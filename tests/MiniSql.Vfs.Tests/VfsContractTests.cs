namespace MiniSql.Vfs.Tests;

/// <summary>The behaviour every <see cref="IVfs"/> must show; run against each implementation.</summary>
public abstract class VfsContractTests : IDisposable
{
    private const VfsOpenFlags CreateRw = VfsOpenFlags.ReadWrite | VfsOpenFlags.Create;
    private readonly List<IDisposable> _open = [];

    protected abstract IVfs Vfs { get; }

    /// <summary>A path for a file named <paramref name="name"/> in this test's private folder.</summary>
    protected abstract string PathFor(string name);

    public virtual void Dispose()
    {
        for (int i = _open.Count - 1; i >= 0; i--)
            _open[i].Dispose();
        GC.SuppressFinalize(this);
    }

    protected IVfsFile OpenFile(string name, VfsOpenFlags flags = CreateRw)
    {
        var f = Vfs.Open(PathFor(name), VfsFileKind.MainDb, flags);
        _open.Add(f);
        return f;
    }

    protected IVfsSharedMemory OpenShm(IVfsFile file)
    {
        var shm = file.OpenSharedMemory();
        Assert.NotNull(shm);
        _open.Add(shm);
        return shm;
    }

    [Fact]
    public void NewFileIsEmptyAndExists()
    {
        Assert.False(Vfs.Exists(PathFor("a.db")));
        var f = OpenFile("a.db");
        Assert.True(Vfs.Exists(PathFor("a.db")));
        Assert.Equal(0, f.Size);
        Assert.True(f.SectorSize >= 512);
        Assert.Equal(LockLevel.None, f.Lock);
    }

    [Fact]
    public void OpenMissingWithoutCreateIsCantOpen()
    {
        var e = Assert.Throws<MiniSqlException>(() => Vfs.Open(PathFor("missing.db"), VfsFileKind.MainDb, VfsOpenFlags.ReadWrite));
        Assert.Equal(ResultCode.CantOpen, e.ResultCode);
        Assert.Equal("unable to open database file", e.Message);
    }

    [Fact]
    public void ExclusiveCreateOfExistingFileIsCantOpen()
    {
        OpenFile("a.db");
        var e = Assert.Throws<MiniSqlException>(() =>
            Vfs.Open(PathFor("a.db"), VfsFileKind.MainDb, CreateRw | VfsOpenFlags.Exclusive));
        Assert.Equal(ResultCode.CantOpen, e.ResultCode);
    }

    [Fact]
    public void WriteThenReadRoundTrips()
    {
        var f = OpenFile("a.db");
        byte[] data = Pattern(1000, 7);
        f.Write(data, 100);
        Assert.Equal(1100, f.Size);
        var back = new byte[1000];
        Assert.Equal(1000, f.Read(back, 100));
        Assert.Equal(data, back);
        var gap = new byte[100];
        Assert.Equal(100, f.Read(gap, 0));
        AssertZero(gap);
    }

    [Fact]
    public void ShortReadZeroFillsAndReportsExistingBytes()
    {
        var f = OpenFile("a.db");
        f.Write(Pattern(10, 1), 0);
        var buf = Enumerable.Repeat((byte)0xEE, 16).ToArray();
        Assert.Equal(6, f.Read(buf, 4));
        Assert.Equal(Pattern(10, 1)[4..], buf[..6]);
        AssertZero(buf[6..]);
        Assert.Equal(0, f.Read(buf, 100));
        AssertZero(buf);
    }

    [Fact]
    public void TruncateShrinksAndExtendsWithZeros()
    {
        var f = OpenFile("a.db");
        f.Write(Pattern(4096, 3), 0);
        f.Truncate(1000);
        Assert.Equal(1000, f.Size);
        f.Truncate(3000);
        Assert.Equal(3000, f.Size);
        var buf = new byte[2000];
        Assert.Equal(2000, f.Read(buf, 1000));
        AssertZero(buf);
    }

    [Fact]
    public void WritesAreSharedBetweenHandlesAndSurviveReopen()
    {
        var a = OpenFile("a.db");
        var b = OpenFile("a.db");
        a.Write(Pattern(512, 9), 0);
        a.Sync(VfsSyncFlags.Normal);
        a.Sync(VfsSyncFlags.Full | VfsSyncFlags.DataOnly);
        var buf = new byte[512];
        Assert.Equal(512, b.Read(buf, 0));
        Assert.Equal(Pattern(512, 9), buf);
        a.Dispose();
        b.Dispose();
        var c = OpenFile("a.db", VfsOpenFlags.ReadWrite);
        Assert.Equal(512, c.Size);
    }

    [Fact]
    public void DeleteRemovesFileAndMissingDeleteIsNoEnt()
    {
        var f = OpenFile("a.db");
        f.Write([1, 2, 3], 0);
        f.Dispose();
        Vfs.Delete(PathFor("a.db"), syncDirectory: true);
        Assert.False(Vfs.Exists(PathFor("a.db")));
        var e = Assert.Throws<MiniSqlException>(() => Vfs.Delete(PathFor("a.db"), syncDirectory: false));
        Assert.Equal(ResultCode.IoErrDeleteNoEnt, e.ExtendedResultCode);
    }

    [Fact]
    public void DeleteOnCloseRemovesTheFile()
    {
        var f = OpenFile("tmp", CreateRw | VfsOpenFlags.DeleteOnClose);
        f.Write([1], 0);
        Assert.True(Vfs.Exists(PathFor("tmp")));
        f.Dispose();
        Assert.False(Vfs.Exists(PathFor("tmp")));
    }

    [Fact]
    public void ZeroLengthFileExists()
    {
        OpenFile("empty").Dispose();
        Assert.True(Vfs.Exists(PathFor("empty")));
    }

    [Fact]
    public void FullPathIsStable()
    {
        Assert.Equal(Vfs.FullPath(PathFor("a.db")), Vfs.FullPath(Vfs.FullPath(PathFor("a.db"))));
    }

    [Fact]
    public void RandomnessFillsBuffer()
    {
        var buf = new byte[64];
        Vfs.Randomness(buf);
        Assert.Contains(buf, b => b != 0);
    }

    // ---- database locks ----

    [Fact]
    public void ManySharedLocksCoexist()
    {
        var a = OpenFile("a.db");
        var b = OpenFile("a.db");
        Assert.True(a.TryLock(LockLevel.Shared));
        Assert.True(b.TryLock(LockLevel.Shared));
        Assert.Equal(LockLevel.Shared, a.Lock);
        Assert.Equal(LockLevel.Shared, b.Lock);
    }

    [Fact]
    public void ReservedCoexistsWithSharedButNotWithReserved()
    {
        var a = OpenFile("a.db");
        var b = OpenFile("a.db");
        Assert.True(a.TryLock(LockLevel.Shared));
        Assert.True(b.TryLock(LockLevel.Shared));
        Assert.False(b.CheckReservedLock());
        Assert.True(a.TryLock(LockLevel.Reserved));
        Assert.Equal(LockLevel.Reserved, a.Lock);
        Assert.True(a.CheckReservedLock());
        Assert.True(b.CheckReservedLock());
        Assert.False(b.TryLock(LockLevel.Reserved));
        Assert.Equal(LockLevel.Shared, b.Lock);
        var c = OpenFile("a.db");
        Assert.True(c.TryLock(LockLevel.Shared)); // new readers still allowed under RESERVED
    }

    [Fact]
    public void PendingBlocksNewSharedAndExclusiveWaitsForReaders()
    {
        var a = OpenFile("a.db");
        var b = OpenFile("a.db");
        var c = OpenFile("a.db");
        Assert.True(a.TryLock(LockLevel.Shared));
        Assert.True(b.TryLock(LockLevel.Shared));
        Assert.True(a.TryLock(LockLevel.Reserved));
        Assert.False(a.TryLock(LockLevel.Exclusive)); // b still reads
        Assert.Equal(LockLevel.Pending, a.Lock);      // PENDING kept
        Assert.False(c.TryLock(LockLevel.Shared));    // PENDING blocks new readers
        Assert.Equal(LockLevel.None, c.Lock);
        Assert.True(b.CheckReservedLock());
        b.Unlock(LockLevel.None);
        Assert.True(a.TryLock(LockLevel.Exclusive));
        Assert.Equal(LockLevel.Exclusive, a.Lock);
    }

    [Fact]
    public void ExclusiveExcludesEveryone()
    {
        var a = OpenFile("a.db");
        var b = OpenFile("a.db");
        Assert.True(a.TryLock(LockLevel.Shared));
        Assert.True(a.TryLock(LockLevel.Reserved));
        Assert.True(a.TryLock(LockLevel.Exclusive));
        Assert.False(b.TryLock(LockLevel.Shared));
        Assert.True(b.CheckReservedLock());
        Assert.Equal(LockLevel.None, b.Lock);
    }

    [Fact]
    public void SharedStraightToExclusiveFailsWhileOtherHoldsReserved()
    {
        var a = OpenFile("a.db");
        var b = OpenFile("a.db");
        Assert.True(a.TryLock(LockLevel.Shared));
        Assert.True(b.TryLock(LockLevel.Shared));
        Assert.True(b.TryLock(LockLevel.Reserved));
        Assert.False(a.TryLock(LockLevel.Exclusive));
        Assert.Equal(LockLevel.Pending, a.Lock);
        // b cannot get EXCLUSIVE either while a reads; both back off.
        Assert.False(b.TryLock(LockLevel.Exclusive));
        a.Unlock(LockLevel.None);
        Assert.True(b.TryLock(LockLevel.Exclusive));
    }

    [Fact]
    public void UnlockDowngradesToSharedThenNone()
    {
        var a = OpenFile("a.db");
        var b = OpenFile("a.db");
        Assert.True(a.TryLock(LockLevel.Shared));
        Assert.True(a.TryLock(LockLevel.Reserved));
        Assert.True(a.TryLock(LockLevel.Exclusive));
        a.Unlock(LockLevel.Shared);
        Assert.Equal(LockLevel.Shared, a.Lock);
        Assert.False(b.CheckReservedLock());
        Assert.True(b.TryLock(LockLevel.Shared));
        Assert.True(b.TryLock(LockLevel.Reserved)); // a's RESERVED was released
        Assert.False(b.TryLock(LockLevel.Exclusive)); // a still holds SHARED
        a.Unlock(LockLevel.None);
        Assert.Equal(LockLevel.None, a.Lock);
        Assert.True(b.TryLock(LockLevel.Exclusive));
    }

    [Fact]
    public void ClosingAHandleReleasesItsLocks()
    {
        var a = OpenFile("a.db");
        var b = OpenFile("a.db");
        Assert.True(a.TryLock(LockLevel.Shared));
        Assert.True(a.TryLock(LockLevel.Exclusive));
        a.Dispose();
        Assert.True(b.TryLock(LockLevel.Shared));
        Assert.True(b.TryLock(LockLevel.Exclusive));
    }

    [Fact]
    public void LocksOnDifferentFilesAreIndependent()
    {
        var a = OpenFile("a.db");
        var b = OpenFile("b.db");
        Assert.True(a.TryLock(LockLevel.Shared));
        Assert.True(a.TryLock(LockLevel.Exclusive));
        Assert.True(b.TryLock(LockLevel.Shared));
        Assert.True(b.TryLock(LockLevel.Exclusive));
    }

    [Fact]
    public void ReservedWithoutSharedIsMisuse()
    {
        var a = OpenFile("a.db");
        var e = Assert.Throws<MiniSqlException>(() => a.TryLock(LockLevel.Reserved));
        Assert.Equal(ResultCode.Misuse, e.ResultCode);
    }

    // ---- shared memory ----

    private const int RegionSize = 32768;

    [Fact]
    public unsafe void ShmRegionsAreZeroedAndSharedBetweenHandles()
    {
        var a = OpenFile("w.db");
        var b = OpenFile("w.db");
        var sa = OpenShm(a);
        var sb = OpenShm(b);
        Assert.Equal(IntPtr.Zero, sa.MapRegion(0, RegionSize, extend: false));
        IntPtr pa = sa.MapRegion(1, RegionSize, extend: true);
        Assert.NotEqual(IntPtr.Zero, pa);
        var span = new Span<byte>((void*)pa, RegionSize);
        Assert.True(span.IndexOfAnyExcept((byte)0) < 0);
        span[0] = 42;
        span[RegionSize - 1] = 43;
        sa.Barrier();
        IntPtr pb = sb.MapRegion(1, RegionSize, extend: false);
        Assert.NotEqual(IntPtr.Zero, pb);
        Assert.Equal(42, ((byte*)pb)[0]);
        Assert.Equal(43, ((byte*)pb)[RegionSize - 1]);
        ((byte*)pb)[100] = 7;
        sb.Barrier();
        Assert.Equal(7, ((byte*)pa)[100]);
        Assert.NotEqual(IntPtr.Zero, sb.MapRegion(0, RegionSize, extend: false)); // earlier regions exist too
        Assert.Equal(pa, sa.MapRegion(1, RegionSize, extend: false));            // pointer stable
    }

    [Fact]
    public void ShmSharedLocksCoexistExclusiveNeedsNoOtherHolder()
    {
        var a = OpenFile("w.db");
        var b = OpenFile("w.db");
        var sa = OpenShm(a);
        var sb = OpenShm(b);
        var lockShared = ShmLockFlags.Lock | ShmLockFlags.Shared;
        var lockExcl = ShmLockFlags.Lock | ShmLockFlags.Exclusive;
        Assert.True(sa.Lock(3, 1, lockShared));
        Assert.True(sb.Lock(3, 1, lockShared));
        Assert.False(sb.Lock(3, 1, lockExcl));
        Assert.False(sa.Lock(3, 1, lockExcl));
        Assert.True(sa.Lock(3, 1, ShmLockFlags.Unlock | ShmLockFlags.Shared));
        Assert.True(sb.Lock(3, 1, lockExcl));  // upgrade once alone
        Assert.False(sa.Lock(3, 1, lockShared));
        // a handle may mix: shared on 4, exclusive on 0..1
        Assert.True(sa.Lock(0, 2, lockExcl));
        Assert.True(sa.Lock(4, 1, lockShared));
        Assert.False(sb.Lock(0, 1, lockShared));
        Assert.False(sb.Lock(1, 3, lockExcl)); // all or nothing: 1 is held by a
        Assert.True(sb.Lock(2, 1, lockExcl));  // so 2 was not taken above
        Assert.True(sb.Lock(4, 1, lockShared));
        Assert.True(sa.Lock(0, 2, ShmLockFlags.Unlock | ShmLockFlags.Exclusive));
        Assert.True(sb.Lock(0, 1, lockExcl));
    }

    [Fact]
    public void ShmUnmapReleasesLocks()
    {
        var a = OpenFile("w.db");
        var b = OpenFile("w.db");
        var sa = OpenShm(a);
        var sb = OpenShm(b);
        Assert.True(sa.Lock(0, 8, ShmLockFlags.Lock | ShmLockFlags.Exclusive));
        Assert.False(sb.Lock(7, 1, ShmLockFlags.Lock | ShmLockFlags.Shared));
        sa.Unmap(delete: false);
        Assert.True(sb.Lock(0, 8, ShmLockFlags.Lock | ShmLockFlags.Exclusive));
    }

    [Fact]
    public unsafe void ShmContentLivesWhileAttachedAndIsResetForTheFirstNewUser()
    {
        var a = OpenFile("w.db");
        var sa = OpenShm(a);
        var sb = OpenShm(a);
        IntPtr p = sa.MapRegion(0, RegionSize, extend: true);
        ((byte*)p)[10] = 99;
        sa.Unmap(delete: false);
        var sc = OpenShm(a); // sb is still attached: content is live
        IntPtr q = sc.MapRegion(0, RegionSize, extend: false);
        Assert.NotEqual(IntPtr.Zero, q);
        Assert.Equal(99, ((byte*)q)[10]);
        sb.Unmap(delete: false);
        sc.Unmap(delete: false);
        var sd = OpenShm(a); // nobody attached: stale content is discarded (SQLite's dead-man switch)
        Assert.Equal(IntPtr.Zero, sd.MapRegion(0, RegionSize, extend: false));
        IntPtr r = sd.MapRegion(0, RegionSize, extend: true);
        Assert.Equal(0, ((byte*)r)[10]);
        sd.Unmap(delete: true);
        var se = OpenShm(a);
        Assert.Equal(IntPtr.Zero, se.MapRegion(0, RegionSize, extend: false));
    }

    [Fact]
    public void ShmLockRejectsBadArguments()
    {
        var s = OpenShm(OpenFile("w.db"));
        Assert.Throws<MiniSqlException>(() => s.Lock(7, 2, ShmLockFlags.Lock | ShmLockFlags.Shared));
        Assert.Throws<MiniSqlException>(() => s.Lock(0, 1, ShmLockFlags.Lock | ShmLockFlags.Unlock | ShmLockFlags.Shared));
        Assert.Throws<MiniSqlException>(() => s.Lock(0, 1, ShmLockFlags.Lock));
    }

    protected static void AssertZero(byte[] bytes) =>
        Assert.True(bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0, "expected only zero bytes");

    protected static byte[] Pattern(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }
}
