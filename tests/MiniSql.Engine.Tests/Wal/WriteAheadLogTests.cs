using System.Buffers.Binary;
using MiniSql.Engine.Storage;
using MiniSql.Engine.Storage.Wal;
using MiniSql.Vfs;

namespace MiniSql.Engine.Tests.Wal;

public sealed class WriteAheadLogTests
{
    private const int PageSize = 512;
    private const string WalPath = WalTestConnection.DbPath + "-wal";

    [Fact]
    public void CommitWritesHeaderAndFramesByteForByte()
    {
        var vfs = new MemoryVfs(3);
        using var c = new WalTestConnection(vfs);
        c.Commit(PageSize, 2, (1, 0xA1), (2, 0xB2));
        var wal = vfs.ReadAllBytes(WalPath);
        Assert.Equal(32 + 2 * (24 + PageSize), wal.Length);
        Assert.True(WalFileHeader.TryRead(wal, out var fh));
        Assert.Equal(PageSize, fh.PageSize);
        uint s0 = fh.Checksum1, s1 = fh.Checksum2;
        for (int f = 0; f < 2; f++)
        {
            var frame = wal.AsSpan(32 + f * (24 + PageSize), 24 + PageSize);
            Assert.True(WalFrameHeader.Validate(frame[..24], frame[24..], fh.Salt1, fh.Salt2, fh.BigEndianChecksum, ref s0, ref s1));
            var h = WalFrameHeader.Read(frame);
            Assert.Equal((uint)(f + 1), h.PageNumber);
            Assert.Equal(f == 1 ? 2u : 0u, h.CommitSize);
            Assert.Equal(f == 0 ? 0xA1 : 0xB2, frame[24]);
        }
        Assert.True(c.Wal.Index.TryReadHeader(out var ih));
        Assert.Equal(2u, ih.MaxFrame);
        Assert.Equal(2u, ih.PageCount);
        Assert.Equal((s0, s1), (ih.FrameChecksum1, ih.FrameChecksum2));
        Assert.Equal((fh.Salt1, fh.Salt2), (ih.Salt1, ih.Salt2));
        Assert.Equal(PageSize, ih.PageSize);
        Assert.Equal(1u, ih.Change);
    }

    [Fact]
    public void SecondConnectionSeesCommittedPagesAndLatestFrame()
    {
        var vfs = new MemoryVfs(4);
        using var a = new WalTestConnection(vfs);
        using var b = new WalTestConnection(vfs);
        a.Commit(PageSize, 3, (1, 1), (2, 2), (3, 3));
        a.Commit(PageSize, 3, (2, 22));
        Assert.True(b.Wal.BeginReadTransaction());
        Assert.Equal(3u, b.Wal.DatabaseSize);
        Assert.Equal(4u, b.Wal.FindFrame(2));
        Assert.Equal(22, b.ReadTag(2, PageSize));
        Assert.Equal(3, b.ReadTag(3, PageSize));
        Assert.Equal(0u, b.Wal.FindFrame(9));
        b.Wal.EndReadTransaction();
        Assert.False(b.Wal.BeginReadTransaction()); // unchanged snapshot
        b.Wal.EndReadTransaction();
    }

    [Fact]
    public void ReaderKeepsItsSnapshotWhileAnotherCommits()
    {
        var vfs = new MemoryVfs(5);
        using var a = new WalTestConnection(vfs);
        using var b = new WalTestConnection(vfs);
        a.Commit(PageSize, 1, (1, 1));
        b.Wal.BeginReadTransaction();
        a.Commit(PageSize, 1, (1, 2));
        Assert.Equal(1, b.ReadTag(1, PageSize));
        // b's snapshot is old: it may not write.
        var ex = Assert.Throws<MiniSqlException>(() => b.Wal.BeginWriteTransaction());
        Assert.Equal(ResultCode.BusySnapshot, ex.ExtendedResultCode);
        b.Wal.EndReadTransaction();
        b.Wal.BeginReadTransaction();
        Assert.Equal(2, b.ReadTag(1, PageSize));
        b.Wal.BeginWriteTransaction();
        b.Wal.EndReadTransaction();
    }

    [Fact]
    public void OnlyOneWriterAtATime()
    {
        var vfs = new MemoryVfs(6);
        using var a = new WalTestConnection(vfs);
        using var b = new WalTestConnection(vfs);
        a.Wal.BeginReadTransaction();
        a.Wal.BeginWriteTransaction();
        b.Wal.BeginReadTransaction();
        var ex = Assert.Throws<MiniSqlException>(() => b.Wal.BeginWriteTransaction());
        Assert.Equal(ResultCode.Busy, ex.ExtendedResultCode);
        a.Wal.EndReadTransaction();
        b.Wal.BeginWriteTransaction();
        b.Wal.EndReadTransaction();
    }

    [Fact]
    public void RolledBackWriterLeavesNoTrace()
    {
        var vfs = new MemoryVfs(7);
        using var a = new WalTestConnection(vfs);
        a.Commit(PageSize, 2, (1, 1), (2, 2));
        a.Wal.BeginReadTransaction();
        a.Wal.BeginWriteTransaction();
        a.Wal.EndWriteTransaction(); // rollback without append
        a.Wal.EndReadTransaction();
        a.Commit(PageSize, 2, (2, 3));
        a.Wal.BeginReadTransaction();
        Assert.Equal(3u, a.Wal.MaxFrame);
        Assert.Equal(3, a.ReadTag(2, PageSize));
        a.Wal.EndReadTransaction();
    }

    [Fact]
    public void RecoveryRebuildsIndexFromWalFile()
    {
        var vfs = new MemoryVfs(8);
        WalIndexHeader before;
        using (var a = new WalTestConnection(vfs))
        {
            a.Commit(PageSize, 2, (1, 1), (2, 2));
            a.Commit(PageSize, 3, (3, 3), (1, 4));
            before = a.Wal.Index.ReadHeaderCopy(1);
        }
        // Every handle is gone, so the shared memory is reset on the next attach.
        using var b = new WalTestConnection(vfs);
        Assert.True(b.Wal.BeginReadTransaction());
        var after = b.Wal.Header;
        Assert.Equal(before with { Change = 0, Checksum1 = 0, Checksum2 = 0 }, after with { Change = 0, Checksum1 = 0, Checksum2 = 0 });
        Assert.Equal(4u, b.Wal.FindFrame(1));
        Assert.Equal(4, b.ReadTag(1, PageSize));
        Assert.Equal(0u, b.Wal.Index.Backfill);
        Assert.Equal(1, b.Wal.ReadLockSlot); // recovery set read mark 1 to mxFrame
        Assert.Equal(4u, b.Wal.Index.GetReadMark(1));
        b.Wal.EndReadTransaction();
    }

    [Theory]
    [InlineData(0)] // garbage in the last frame's data: its checksum fails
    [InlineData(1)] // truncated last frame
    [InlineData(2)] // last frame with other salts (left from an older WAL generation)
    public void RecoveryStopsAtLastValidCommitFrame(int damage)
    {
        var vfs = new MemoryVfs(9);
        using (var a = new WalTestConnection(vfs))
        {
            a.Commit(PageSize, 2, (1, 1), (2, 2));
            a.Commit(PageSize, 2, (2, 5));
        }
        var wal = vfs.ReadAllBytes(WalPath);
        int last = 32 + 2 * (24 + PageSize);
        switch (damage)
        {
            case 0: wal[last + 24 + 100] ^= 0xFF; break;
            case 1: Array.Resize(ref wal, wal.Length - 10); break;
            case 2: wal[last + 8] ^= 1; break;
        }
        vfs.WriteAllBytes(WalPath, wal);
        using var b = new WalTestConnection(vfs);
        b.Wal.BeginReadTransaction();
        Assert.Equal(2u, b.Wal.MaxFrame);
        Assert.Equal(2, b.ReadTag(2, PageSize));
        b.Wal.EndReadTransaction();
    }

    [Fact]
    public void FramesAfterTheLastCommitAreIgnored()
    {
        var vfs = new MemoryVfs(10);
        using (var a = new WalTestConnection(vfs))
            a.Commit(PageSize, 1, (1, 1));
        // Hand-build a valid non-commit frame after the commit: a transaction that never committed.
        var wal = vfs.ReadAllBytes(WalPath);
        Assert.True(WalFileHeader.TryRead(wal, out var fh));
        var frame1 = WalFrameHeader.Read(wal.AsSpan(32));
        uint s0 = frame1.Checksum1, s1 = frame1.Checksum2;
        var extra = new byte[24 + PageSize];
        Array.Fill(extra, (byte)9, 24, PageSize);
        WalFrameHeader.Encode(extra, 1, 0, fh.Salt1, fh.Salt2, extra.AsSpan(24), fh.BigEndianChecksum, ref s0, ref s1);
        vfs.WriteAllBytes(WalPath, [.. wal, .. extra]);
        using var b = new WalTestConnection(vfs);
        b.Wal.BeginReadTransaction();
        Assert.Equal(1u, b.Wal.MaxFrame);
        Assert.Equal(1, b.ReadTag(1, PageSize));
        b.Wal.EndReadTransaction();
        // The next commit overwrites frame 2 and keeps the chain valid.
        b.Commit(PageSize, 1, (1, 7));
        using var c = new WalTestConnection(vfs, WalTestConnection.DbPath);
        c.Wal.BeginReadTransaction();
        Assert.Equal(2u, c.Wal.MaxFrame);
        Assert.Equal(7, c.ReadTag(1, PageSize));
        c.Wal.EndReadTransaction();
    }

    [Fact]
    public void PassiveCheckpointCopiesLatestFramesAndTruncatesDb()
    {
        var vfs = new MemoryVfs(11);
        using var a = new WalTestConnection(vfs);
        a.Commit(PageSize, 3, (1, 1), (2, 2), (3, 3));
        a.Commit(PageSize, 2, (2, 9), (1, 8));
        var r = Checkpointer.Run(a.Wal, CheckpointMode.Passive, null);
        Assert.Equal(new CheckpointResult(false, 5, 5), r);
        var db = vfs.ReadAllBytes(WalTestConnection.DbPath);
        Assert.Equal(2 * PageSize, db.Length);
        Assert.Equal(8, db[0]);
        Assert.Equal(9, db[PageSize]);
        // Fully backfilled: the next reader uses the database file alone.
        a.Wal.BeginReadTransaction();
        Assert.Equal(0, a.Wal.ReadLockSlot);
        Assert.Equal(0u, a.Wal.FindFrame(1));
        a.Wal.EndReadTransaction();
    }

    [Fact]
    public void CheckpointNeverOverwritesPagesAnActiveReaderNeeds()
    {
        var vfs = new MemoryVfs(12);
        using var a = new WalTestConnection(vfs);
        using var reader = new WalTestConnection(vfs);
        a.Commit(PageSize, 3, (1, 1), (2, 2), (3, 3));
        reader.Wal.BeginReadTransaction(); // snapshot at frame 3
        a.Commit(PageSize, 3, (2, 4));
        a.Commit(PageSize, 3, (1, 5));

        // Pages 1 and 2 have their latest frames beyond the reader's mark: left for later (C1). Page 3 is copied.
        var passive = Checkpointer.Run(a.Wal, CheckpointMode.Passive, null);
        Assert.Equal(new CheckpointResult(false, 5, 3), passive);
        var full = Checkpointer.Run(a.Wal, CheckpointMode.Full, null);
        Assert.Equal(new CheckpointResult(true, 5, 3), full);
        var db = vfs.ReadAllBytes(WalTestConnection.DbPath);
        Assert.Equal(3 * PageSize, db.Length);
        Assert.Equal(0, db[0]);
        Assert.Equal(0, db[PageSize]);
        Assert.Equal(3, db[2 * PageSize]);
        Assert.Equal(2, reader.ReadTag(2, PageSize));
        Assert.Equal(1, reader.ReadTag(1, PageSize));

        int calls = 0;
        var waited = Checkpointer.Run(a.Wal, CheckpointMode.Full, n =>
        {
            calls++;
            reader.Wal.EndReadTransaction(); // the busy handler's wait ends the reader
            return true;
        });
        Assert.Equal(new CheckpointResult(false, 5, 5), waited);
        Assert.Equal(1, calls);
        db = vfs.ReadAllBytes(WalTestConnection.DbPath);
        Assert.Equal(5, db[0]);
        Assert.Equal(4, db[PageSize]);
    }

    [Fact]
    public void RestartCheckpointWaitsForReadersThenNextWriterRestartsTheLog()
    {
        var vfs = new MemoryVfs(13);
        using var a = new WalTestConnection(vfs);
        using var reader = new WalTestConnection(vfs);
        a.Commit(PageSize, 1, (1, 1));
        a.Commit(PageSize, 1, (1, 2));
        reader.Wal.BeginReadTransaction();
        Assert.Equal(new CheckpointResult(true, 2, 2), Checkpointer.Run(a.Wal, CheckpointMode.Restart, null));
        reader.Wal.EndReadTransaction();
        Assert.Equal(new CheckpointResult(false, 2, 2), Checkpointer.Run(a.Wal, CheckpointMode.Restart, null));

        var oldHeader = ReadFileHeader(vfs);
        a.Commit(PageSize, 1, (1, 3));
        var newHeader = ReadFileHeader(vfs);
        Assert.Equal(oldHeader.Salt1 + 1, newHeader.Salt1);
        Assert.NotEqual(oldHeader.Salt2, newHeader.Salt2);
        Assert.Equal(oldHeader.CheckpointSequence + 1, newHeader.CheckpointSequence);
        a.Wal.BeginReadTransaction();
        Assert.Equal(1u, a.Wal.MaxFrame);
        Assert.Equal(0u, a.Wal.Index.Backfill);
        Assert.Equal(3, a.ReadTag(1, PageSize));
        a.Wal.EndReadTransaction();
        // Old frame 2 (same salts no more) is not recovered after a reset of the shared memory.
        a.Dispose();
        reader.Dispose();
        using var b = new WalTestConnection(vfs);
        b.Wal.BeginReadTransaction();
        Assert.Equal(1u, b.Wal.MaxFrame);
        Assert.Equal(3, b.ReadTag(1, PageSize));
        b.Wal.EndReadTransaction();
    }

    [Fact]
    public void TruncateCheckpointEmptiesTheWalFile()
    {
        var vfs = new MemoryVfs(14);
        using var a = new WalTestConnection(vfs);
        a.Commit(PageSize, 2, (1, 1), (2, 2));
        Assert.Equal(new CheckpointResult(false, 0, 0), Checkpointer.Run(a.Wal, CheckpointMode.Truncate, null));
        Assert.Empty(vfs.ReadAllBytes(WalPath));
        Assert.Equal(2 * PageSize, vfs.ReadAllBytes(WalTestConnection.DbPath).Length);
        a.Commit(PageSize, 2, (2, 5));
        a.Wal.BeginReadTransaction();
        Assert.Equal(1u, a.Wal.MaxFrame);
        Assert.Equal(5, a.ReadTag(2, PageSize));
        Assert.Equal(1, a.ReadTag(1, PageSize));
        a.Wal.EndReadTransaction();
    }

    [Fact]
    public void RecoveryLockHeldElsewhereGivesBusyRecovery()
    {
        var vfs = new MemoryVfs(15);
        using var a = new WalTestConnection(vfs);
        a.Commit(PageSize, 1, (1, 1));
        using var other = a.Db.OpenSharedMemory()!;
        var otherIndex = new WalIndex(other);
        // Simulate a recovery in progress elsewhere: header invalid, write and recover locks held.
        Assert.True(otherIndex.TryLockExclusive(WalIndex.WriteLock));
        Assert.True(otherIndex.TryLockExclusive(WalIndex.RecoverLock));
        var h = otherIndex.ReadHeaderCopy(1);
        otherIndex.WriteHeader(h with { MaxFrame = 99 }); // copies equal but ...
        unsafe
        {
            byte* p = otherIndex.Region(0, false);
            p[12] = 0; // ... isInit cleared in copy 1: invalid
        }
        using var b = new WalTestConnection(vfs);
        var ex = Assert.Throws<MiniSqlException>(() => b.Wal.BeginReadTransaction());
        Assert.Equal(ResultCode.BusyRecovery, ex.ExtendedResultCode);
        otherIndex.UnlockExclusive(WalIndex.RecoverLock);
        otherIndex.UnlockExclusive(WalIndex.WriteLock);
        Assert.True(b.Wal.BeginReadTransaction()); // recovers now
        Assert.Equal(1u, b.Wal.MaxFrame);
        b.Wal.EndReadTransaction();
    }

    [Fact]
    public void SyncCountsFollowSynchronousMode()
    {
        var vfs = new MemoryVfs(16);
        using var a = new WalTestConnection(vfs);
        a.Wal.Synchronous = SynchronousMode.Full;
        a.Commit(PageSize, 1, (1, 1)); // header sync + commit sync
        Assert.Equal(2, vfs.GetSyncCount(WalPath));
        a.Commit(PageSize, 1, (1, 2));
        Assert.Equal(3, vfs.GetSyncCount(WalPath));
        a.Wal.Synchronous = SynchronousMode.Normal;
        a.Commit(PageSize, 1, (1, 3));
        Assert.Equal(3, vfs.GetSyncCount(WalPath));
        Checkpointer.Run(a.Wal, CheckpointMode.Passive, null); // WAL before copying, db after
        Assert.Equal(4, vfs.GetSyncCount(WalPath));
        Assert.Equal(1, vfs.GetSyncCount(WalTestConnection.DbPath));
    }

    [Fact]
    public void ManyFramesAcrossRegionsRoundTrip()
    {
        var vfs = new MemoryVfs(17);
        using var a = new WalTestConnection(vfs);
        var rng = new Random(1234);
        var model = new Dictionary<uint, byte>();
        int frames = 0;
        while (frames < 9000)
        {
            var pages = new List<(uint, byte)>();
            var seen = new HashSet<uint>();
            int n = rng.Next(1, 40);
            for (int i = 0; i < n; i++)
            {
                uint p = (uint)rng.Next(1, 300);
                if (seen.Add(p))
                    pages.Add((p, (byte)rng.Next(256)));
            }
            a.Commit(PageSize, 300, [.. pages]);
            foreach (var (p, t) in pages)
                model[p] = t;
            frames += pages.Count;
        }
        a.Dispose();
        using var b = new WalTestConnection(vfs); // recovery over three regions
        b.Wal.BeginReadTransaction();
        Assert.Equal((uint)frames, b.Wal.MaxFrame);
        foreach (var (p, t) in model)
            Assert.True(t == b.ReadTag(p, PageSize), $"page {p} (seed 1234)");
        b.Wal.EndReadTransaction();
    }

    [Fact]
    public void CloseAsLastConnectionCheckpointsAndDeletesWal()
    {
        var vfs = new MemoryVfs(18);
        var db = vfs.Open(WalTestConnection.DbPath, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite | VfsOpenFlags.Create);
        var wal = WriteAheadLog.Open(vfs, db, WalTestConnection.DbPath);
        wal.BeginReadTransaction();
        wal.BeginWriteTransaction();
        wal.AppendTransaction(WalTestConnection.Pages(PageSize, (1, 6)), 1);
        wal.EndReadTransaction();
        wal.Close(checkpointAndDelete: true);
        Assert.False(vfs.Exists(WalPath));
        Assert.Equal(6, vfs.ReadAllBytes(WalTestConnection.DbPath)[0]);
        db.Dispose();
    }

    private static WalFileHeader ReadFileHeader(MemoryVfs vfs)
    {
        Assert.True(WalFileHeader.TryRead(vfs.ReadAllBytes(WalPath), out var h));
        return h;
    }
}
