using System.Runtime.InteropServices;
using MiniSql.Engine.Storage.Wal;
using MiniSql.Vfs;

namespace MiniSql.Engine.Tests.Wal;

public sealed class WalIndexTests : IDisposable
{
    private readonly MemoryVfs _vfs = new(1);
    private readonly IVfsFile _db;
    private readonly IVfsSharedMemory _shm;
    private readonly WalIndex _index;

    public WalIndexTests()
    {
        _db = _vfs.Open("i.db", VfsFileKind.MainDb, VfsOpenFlags.ReadWrite | VfsOpenFlags.Create);
        _shm = _db.OpenSharedMemory()!;
        _index = new WalIndex(_shm);
    }

    public void Dispose()
    {
        _shm.Dispose();
        _db.Dispose();
    }

    [Fact]
    public void ConstantsMatchSqliteLayout()
    {
        Assert.Equal(136, WalIndex.HeaderSize);
        Assert.Equal(4062, WalIndex.FramesInFirstRegion);
        Assert.Equal(16384, WalIndex.HashTableOffset);
        Assert.Equal((0, 0u), WalIndex.Locate(1));
        Assert.Equal((0, 0u), WalIndex.Locate(4062));
        Assert.Equal((1, 4062u), WalIndex.Locate(4063));
        Assert.Equal((1, 4062u), WalIndex.Locate(4062 + 4096));
        Assert.Equal((2, 4062u + 4096), WalIndex.Locate(4063 + 4096));
        Assert.Equal((int)((7u * 383) & 8191), WalIndex.HashKey(7));
        Assert.Equal(3, WalIndex.ReadLock(0));
        Assert.Equal(7, WalIndex.ReadLock(4));
    }

    [Fact]
    public void AppendWritesPageArrayAndHashSlotAtDocumentedOffsets()
    {
        _index.AppendFrame(1, 7);
        _index.AppendFrame(2, 7);
        _index.AppendFrame(3, 12);
        var region = Region(0);
        Assert.Equal(7u, BitConverter.ToUInt32(region, 136));
        Assert.Equal(7u, BitConverter.ToUInt32(region, 140));
        Assert.Equal(12u, BitConverter.ToUInt32(region, 144));
        int key = WalIndex.HashKey(7);
        Assert.Equal(1, BitConverter.ToUInt16(region, 16384 + 2 * key));
        Assert.Equal(2, BitConverter.ToUInt16(region, 16384 + 2 * ((key + 1) & 8191))); // linear probing
        Assert.Equal(3, BitConverter.ToUInt16(region, 16384 + 2 * WalIndex.HashKey(12)));

        Assert.Equal(2u, _index.FindFrame(7, 1, 3));
        Assert.Equal(1u, _index.FindFrame(7, 1, 1));
        Assert.Equal(0u, _index.FindFrame(7, 3, 3));
        Assert.Equal(3u, _index.FindFrame(12, 1, 3));
        Assert.Equal(0u, _index.FindFrame(13, 1, 3));
    }

    [Fact]
    public void SecondRegionStartsAtFrame4063()
    {
        for (uint f = 1; f <= 4070; f++)
            _index.AppendFrame(f, f % 100 + 1);
        var r1 = Region(1);
        Assert.Equal(4063u % 100 + 1, BitConverter.ToUInt32(r1, 0));
        Assert.Equal(1, BitConverter.ToUInt16(r1, 16384 + 2 * WalIndex.HashKey(4063 % 100 + 1)));
        Assert.Equal(4070u, _index.FindFrame(4070 % 100 + 1, 1, 4070));
        Assert.Equal(4070u - 100, _index.FindFrame(4070 % 100 + 1, 1, 4069)); // falls back to region 0
        Assert.Equal(4062u % 100 + 1, _index.GetPageNumber(4062));
    }

    [Fact]
    public void RemoveFramesAfterDropsUncommittedEntries()
    {
        for (uint f = 1; f <= 5; f++)
            _index.AppendFrame(f, 9);
        _index.RemoveFramesAfter(2);
        Assert.Equal(2u, _index.FindFrame(9, 1, 5));
        Assert.Equal(0u, _index.GetPageNumber(3));
        _index.AppendFrame(3, 4);
        Assert.Equal(3u, _index.FindFrame(4, 1, 3));
        Assert.Equal(2u, _index.FindFrame(9, 1, 3));
    }

    [Fact]
    public void HeaderIsWrittenToBothCopiesAndValidated()
    {
        Assert.False(_index.TryReadHeader(out _)); // no region yet
        var written = _index.WriteHeader(new WalIndexHeader { MaxFrame = 3, PageCount = 2 });
        Assert.True(_index.TryReadHeader(out var read));
        Assert.Equal(written, read);
        Assert.Equal(written, _index.ReadHeaderCopy(2));
        Assert.True(_index.HeaderEquals(written));

        // A torn header (copies differ) is rejected.
        var region = RegionPointer(0);
        Marshal.WriteInt32(region, 48 + 16, 4);
        Assert.False(_index.TryReadHeader(out _));
        // Equal copies with a bad checksum are rejected too.
        Marshal.WriteInt32(region, 16, 4);
        Assert.False(_index.TryReadHeader(out _));
    }

    [Fact]
    public void CheckpointInfoFieldsAtOffsets96To135()
    {
        _index.Backfill = 11;
        for (int i = 0; i < 5; i++)
            _index.SetReadMark(i, (uint)(100 + i));
        _index.BackfillAttempted = 13;
        var region = Region(0);
        Assert.Equal(11u, BitConverter.ToUInt32(region, 96));
        for (int i = 0; i < 5; i++)
            Assert.Equal((uint)(100 + i), BitConverter.ToUInt32(region, 100 + 4 * i));
        Assert.Equal(13u, BitConverter.ToUInt32(region, 128));
    }

    [Fact]
    public void LockSlotsConflictBetweenHandles()
    {
        using var other = _db.OpenSharedMemory()!;
        var index2 = new WalIndex(other);
        Assert.True(_index.TryLockShared(WalIndex.ReadLock(1)));
        Assert.True(index2.TryLockShared(WalIndex.ReadLock(1)));
        Assert.False(index2.TryLockExclusive(WalIndex.ReadLock(1)));
        Assert.True(index2.TryLockExclusive(WalIndex.WriteLock));
        Assert.False(_index.TryLockExclusive(WalIndex.WriteLock));
        index2.UnlockExclusive(WalIndex.WriteLock);
        Assert.True(_index.TryLockExclusive(WalIndex.WriteLock));
    }

    private IntPtr RegionPointer(int region) => _shm.MapRegion(region, WalIndex.RegionSize, true);

    private byte[] Region(int region)
    {
        var bytes = new byte[WalIndex.RegionSize];
        Marshal.Copy(RegionPointer(region), bytes, 0, bytes.Length);
        return bytes;
    }
}
