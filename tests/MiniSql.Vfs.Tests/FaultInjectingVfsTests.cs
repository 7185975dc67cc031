namespace MiniSql.Vfs.Tests;

/// <summary>Power loss, crash points and error injection of <see cref="FaultInjectingVfs"/>.</summary>
public sealed class FaultInjectingVfsTests
{
    private const VfsOpenFlags CreateRw = VfsOpenFlags.ReadWrite | VfsOpenFlags.Create;
    private const int Sector = FaultInjectingVfs.TearSectorSize;

    private readonly MemoryVfs _memory = new(seed: 3);
    private readonly FaultInjectingVfs _vfs;

    public FaultInjectingVfsTests() => _vfs = new FaultInjectingVfs(_memory);

    private IVfsFile Open(string name = "db") => _vfs.Open(name, VfsFileKind.MainDb, CreateRw);

    private byte[] Content(string name = "db")
    {
        using var f = _memory.Open(name, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
        var b = new byte[f.Size];
        f.Read(b, 0);
        return b;
    }

    private static byte[] Fill(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    // ---- power loss ----

    [Fact]
    public void DropUnsyncedKeepsOnlySyncedData()
    {
        var f = Open();
        f.Write(Fill(1024, 1), 0);
        f.Sync(VfsSyncFlags.Normal);
        f.Write(Fill(512, 2), 512);
        f.Write(Fill(512, 3), 1024); // extension
        f.Truncate(100);
        Assert.Equal(100, f.Size); // reads see the page cache
        Assert.Equal(3, _vfs.UnsyncedOperationCount);
        _vfs.SimulatePowerLoss(PowerLossMode.DropUnsynced, seed: 1);
        Assert.Equal(Fill(1024, 1), Content());
        Assert.Equal(0, _vfs.UnsyncedOperationCount);
    }

    [Fact]
    public void KeepAllKeepsEverything()
    {
        var f = Open();
        f.Write(Fill(1024, 1), 0);
        f.Write(Fill(512, 2), 512);
        _vfs.SimulatePowerLoss(PowerLossMode.KeepAll, seed: 1);
        Assert.Equal([.. Fill(512, 1), .. Fill(512, 2)], Content());
    }

    [Fact]
    public void SyncOfOneFileDoesNotMakeAnotherDurable()
    {
        var a = Open("a");
        var b = Open("b");
        a.Write(Fill(10, 1), 0);
        b.Write(Fill(10, 2), 0);
        a.Sync(VfsSyncFlags.Full);
        _vfs.SimulatePowerLoss(PowerLossMode.DropUnsynced, seed: 1);
        Assert.Equal(Fill(10, 1), Content("a"));
        Assert.Empty(Content("b")); // created (metadata is durable at once) but its data never synced
    }

    [Fact]
    public void KeepRandomSubsetKeepsOrDropsWholeWritesDeterministically()
    {
        const int writes = 12;
        var outcomes = new HashSet<string>();
        for (int seed = 0; seed < 20; seed++)
        {
            var memory = new MemoryVfs(seed);
            var vfs = new FaultInjectingVfs(memory);
            string Run()
            {
                using (var f = vfs.Open("db", VfsFileKind.MainDb, CreateRw))
                {
                    f.Write(Fill(writes * 1024, 0xAA), 0);
                    f.Sync(VfsSyncFlags.Normal);
                    for (int i = 0; i < writes; i++)
                        f.Write(Fill(1024, (byte)i), i * 1024L);
                }
                vfs.SimulatePowerLoss(PowerLossMode.KeepRandomSubset, seed);
                using var g = memory.Open("db", VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
                var content = new byte[writes * 1024];
                Assert.Equal(content.Length, g.Size);
                g.Read(content, 0);
                var kept = new char[writes];
                for (int i = 0; i < writes; i++)
                {
                    var chunk = content.AsSpan(i * 1024, 1024);
                    bool isNew = chunk.IndexOfAnyExcept((byte)i) < 0;
                    bool isOld = chunk.IndexOfAnyExcept((byte)0xAA) < 0;
                    Assert.True(isNew || isOld, $"seed {seed}: write {i} is torn");
                    kept[i] = isNew ? '1' : '0';
                }
                return new string(kept);
            }
            string first = Run();
            vfs.Open("db", VfsFileKind.MainDb, CreateRw).Dispose();
            memory.Delete("db", false);
            vfs.SimulatePowerLoss(PowerLossMode.DropUnsynced, seed); // forget the deleted file
            Assert.Equal(first, Run()); // same seed, same survivors
            outcomes.Add(first);
        }
        Assert.True(outcomes.Count > 10, "random subsets should vary with the seed");
        Assert.Contains(outcomes, o => o.Contains('0') && o.Contains('1'));
    }

    [Fact]
    public void TornWritesMixSectorsOfOneWriteAndCanWriteGarbage()
    {
        bool sawTorn = false;
        bool sawGarbage = false;
        for (int seed = 0; seed < 40; seed++)
        {
            var memory = new MemoryVfs(seed);
            var vfs = new FaultInjectingVfs(memory);
            using (var f = vfs.Open("db", VfsFileKind.MainDb, CreateRw))
            {
                f.Write(Fill(8 * Sector, 0x11), 0);
                f.Sync(VfsSyncFlags.Normal);
                f.Write(Fill(8 * Sector, 0x22), 0);
            }
            vfs.SimulatePowerLoss(PowerLossMode.TornWrites, seed, garbageSectors: seed % 2 == 0);
            using var g = memory.Open("db", VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
            Assert.Equal(8 * Sector, g.Size);
            var content = new byte[8 * Sector];
            g.Read(content, 0);
            int newSectors = 0;
            int oldSectors = 0;
            for (int s = 0; s < 8; s++)
            {
                var sector = content.AsSpan(s * Sector, Sector);
                if (sector.IndexOfAnyExcept((byte)0x22) < 0)
                    newSectors++;
                else if (sector.IndexOfAnyExcept((byte)0x11) < 0)
                    oldSectors++;
                else
                    sawGarbage = true;
            }
            Assert.True(seed % 2 == 0 || newSectors + oldSectors == 8, $"seed {seed}: garbage without garbageSectors");
            if (newSectors > 0 && oldSectors > 0)
                sawTorn = true;
        }
        Assert.True(sawTorn);
        Assert.True(sawGarbage);
    }

    [Fact]
    public void TornExtensionLeavesOnlyWholeSectorsOfTheNewTail()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var memory = new MemoryVfs(seed);
            var vfs = new FaultInjectingVfs(memory);
            using (var f = vfs.Open("db", VfsFileKind.MainDb, CreateRw))
                f.Write(Fill(4 * Sector, 0x33), 0);
            vfs.SimulatePowerLoss(PowerLossMode.TornWrites, seed);
            using var g = memory.Open("db", VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
            Assert.Equal(0, g.Size % Sector);
            var content = new byte[g.Size];
            g.Read(content, 0);
            Assert.True(content.AsSpan().IndexOfAnyExcept((byte)0, (byte)0x33) < 0, $"seed {seed}");
        }
    }

    [Fact]
    public void DeletedFilesStayDeletedAndPreexistingFilesAreDurable()
    {
        using (var pre = _memory.Open("old", VfsFileKind.MainDb, CreateRw))
            pre.Write(Fill(100, 7), 0);
        var f = _vfs.Open("old", VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
        f.Write(Fill(10, 8), 0);
        var j = Open("journal");
        j.Write(Fill(10, 9), 0);
        j.Sync(VfsSyncFlags.Full);
        j.Dispose();
        _vfs.Delete("journal", syncDirectory: false);
        _vfs.SimulatePowerLoss(PowerLossMode.DropUnsynced, seed: 0);
        Assert.Equal(Fill(100, 7), Content("old"));
        Assert.False(_memory.Exists("journal"));
    }

    [Fact]
    public void PowerLossClosesHandlesReleasesLocksAndResetsSharedMemory()
    {
        var f = Open();
        Assert.True(f.TryLock(LockLevel.Shared));
        Assert.True(f.TryLock(LockLevel.Exclusive));
        var shm = f.OpenSharedMemory()!;
        Assert.NotEqual(IntPtr.Zero, shm.MapRegion(0, 32768, extend: true));
        Assert.True(shm.Lock(0, 1, ShmLockFlags.Lock | ShmLockFlags.Exclusive));

        _vfs.SimulatePowerLoss(PowerLossMode.DropUnsynced, seed: 0);

        Assert.Throws<SimulatedCrashException>(() => f.Read(new byte[1], 0));
        Assert.Throws<SimulatedCrashException>(() => shm.MapRegion(0, 32768, extend: false));
        f.Unlock(LockLevel.None); // harmless on a dead handle
        f.Dispose();
        shm.Dispose();
        using var g = Open();
        Assert.True(g.TryLock(LockLevel.Shared));
        Assert.True(g.TryLock(LockLevel.Exclusive));
        using var shm2 = g.OpenSharedMemory()!;
        Assert.Equal(IntPtr.Zero, shm2.MapRegion(0, 32768, extend: false));
        Assert.True(shm2.Lock(0, 1, ShmLockFlags.Lock | ShmLockFlags.Exclusive));
    }

    // ---- crash points ----

    [Fact]
    public void CrashAfterStopsAtTheNthWriteAndKillsTheProcess()
    {
        var f = Open();
        f.Write(Fill(10, 1), 0);
        _vfs.CrashAfter(FaultKind.Write, 3);
        f.Write(Fill(10, 2), 10);
        f.Write(Fill(10, 3), 20);
        Assert.Throws<SimulatedCrashException>(() => f.Write(Fill(10, 4), 30));
        Assert.True(_vfs.HasCrashed);
        Assert.Equal(30, Content().Length); // the crashing write was not applied
        Assert.Throws<SimulatedCrashException>(() => f.Read(new byte[1], 0));
        Assert.Throws<SimulatedCrashException>(() => f.Sync(VfsSyncFlags.Normal));
        Assert.Throws<SimulatedCrashException>(() => Open("other"));
        f.Dispose();
        _vfs.SimulatePowerLoss(PowerLossMode.KeepAll, seed: 0);
        Assert.False(_vfs.HasCrashed);
        Assert.Equal([.. Fill(10, 1), .. Fill(10, 2), .. Fill(10, 3)], Content());
        using var g = Open();
        g.Write(Fill(1, 5), 0); // alive again, no crash planned any more
    }

    [Fact]
    public void CrashAtSyncLeavesTheDataUnsynced()
    {
        var f = Open();
        f.Write(Fill(10, 1), 0);
        _vfs.CrashAfter(FaultKind.Sync, 1);
        Assert.Throws<SimulatedCrashException>(() => f.Sync(VfsSyncFlags.Full));
        _vfs.SimulatePowerLoss(PowerLossMode.DropUnsynced, seed: 0);
        Assert.Empty(Content());
    }

    /// <summary>
    /// The intended use: loop N over every write/sync point of a workload; after each crash and power loss the
    /// "database" is either the old or the new state. The workload is a tiny journaled update: copy old data to
    /// a journal, sync, overwrite, sync, delete the journal; recovery rolls a surviving complete journal back.
    /// </summary>
    [Theory]
    [InlineData(PowerLossMode.DropUnsynced)]
    [InlineData(PowerLossMode.KeepRandomSubset)]
    [InlineData(PowerLossMode.TornWrites)]
    public void EveryCrashPointOfAJournaledUpdateRecoversToOldOrNew(PowerLossMode mode)
    {
        byte[] oldData = Fill(4 * Sector, 0x0A);
        byte[] newData = Fill(4 * Sector, 0x0B);
        for (int kindIndex = 0; kindIndex < 2; kindIndex++)
        {
            var kind = kindIndex == 0 ? FaultKind.Write : FaultKind.Sync;
            for (int n = 1; ; n++)
            {
                int seed = n * 7 + kindIndex;
                var memory = new MemoryVfs(seed);
                var vfs = new FaultInjectingVfs(memory);
                using (var db = vfs.Open("db", VfsFileKind.MainDb, CreateRw))
                {
                    db.Write(oldData, 0);
                    db.Sync(VfsSyncFlags.Full);
                }
                vfs.CrashAfter(kind, n);
                bool crashed = false;
                try
                {
                    using var db = vfs.Open("db", VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
                    using (var journal = vfs.Open("db-journal", VfsFileKind.MainJournal, CreateRw))
                    {
                        journal.Write(oldData, 8);
                        journal.Sync(VfsSyncFlags.Full);
                        journal.Write([1, 0, 0, 0, 0, 0, 0, 0], 0); // "complete" marker
                        journal.Sync(VfsSyncFlags.Full);
                    }
                    db.Write(newData, 0);
                    db.Sync(VfsSyncFlags.Full);
                    vfs.Delete("db-journal", syncDirectory: true);
                }
                catch (SimulatedCrashException)
                {
                    crashed = true;
                }
                vfs.SimulatePowerLoss(mode, seed, garbageSectors: true);

                // Recovery.
                using (var db = vfs.Open("db", VfsFileKind.MainDb, VfsOpenFlags.ReadWrite))
                {
                    if (vfs.Exists("db-journal"))
                    {
                        using var journal = vfs.Open("db-journal", VfsFileKind.MainJournal, VfsOpenFlags.ReadWrite);
                        var header = new byte[8];
                        journal.Read(header, 0);
                        if (header[0] == 1)
                        {
                            var saved = new byte[oldData.Length];
                            journal.Read(saved, 8);
                            db.Write(saved, 0);
                            db.Sync(VfsSyncFlags.Full);
                        }
                    }
                    var content = new byte[db.Size];
                    db.Read(content, 0);
                    Assert.True(content.AsSpan().SequenceEqual(oldData) || content.AsSpan().SequenceEqual(newData),
                        $"{mode} crash at {kind} #{n} (seed {seed}): neither old nor new");
                }
                if (!crashed)
                {
                    Assert.True(n > 2, "the workload has at least two writes and syncs");
                    break;
                }
            }
        }
    }

    // ---- error injection ----

    [Theory]
    [InlineData(FaultKind.Read, ResultCode.IoErrRead)]
    [InlineData(FaultKind.Read, ResultCode.IoErrShortRead)]
    [InlineData(FaultKind.Write, ResultCode.IoErrWrite)]
    [InlineData(FaultKind.Write, ResultCode.Full)]
    [InlineData(FaultKind.Sync, ResultCode.IoErrFsync)]
    [InlineData(FaultKind.Truncate, ResultCode.IoErrTruncate)]
    [InlineData(FaultKind.Open, ResultCode.CantOpen)]
    [InlineData(FaultKind.Delete, ResultCode.IoErrDelete)]
    public void FailAfterFailsExactlyTheNthCall(FaultKind kind, ResultCode code)
    {
        using var f = Open("base");
        f.Write(Fill(100, 1), 0);
        for (int i = 0; i < 5; i++)
            Open("victim" + i).Dispose();
        long before = _vfs.GetCallCount(kind);
        _vfs.FailAfter(kind, 2, code);
        Call(kind, f, 0);
        var e = Assert.Throws<MiniSqlException>(() => Call(kind, f, 1));
        Assert.Equal(code, e.ExtendedResultCode);
        Assert.Equal(code == ResultCode.Full ? "database or disk is full"
            : code == ResultCode.CantOpen ? "unable to open database file" : "disk I/O error", e.Message);
        Call(kind, f, 2); // not persistent
        Assert.Equal(before + 3, _vfs.GetCallCount(kind));
    }

    [Fact]
    public void PersistentFaultFailsEveryLaterCallUntilCleared()
    {
        using var f = Open();
        _vfs.FailAfter(FaultKind.Write, 1, ResultCode.IoErrWrite, persistent: true);
        for (int i = 0; i < 3; i++)
            Assert.Equal(ResultCode.IoErrWrite, Assert.Throws<MiniSqlException>(() => f.Write([1], i)).ExtendedResultCode);
        Assert.Empty(Content()); // failed writes are not applied
        _vfs.ClearFaults();
        f.Write([1], 0);
        Assert.Single(Content());
    }

    [Fact]
    public void FailedSyncMakesNothingDurable()
    {
        using var f = Open();
        f.Write(Fill(10, 1), 0);
        _vfs.FailAfter(FaultKind.Sync, 1, ResultCode.IoErrFsync);
        Assert.Equal(ResultCode.IoErrFsync,
            Assert.Throws<MiniSqlException>(() => f.Sync(VfsSyncFlags.Full)).ExtendedResultCode);
        _vfs.SimulatePowerLoss(PowerLossMode.DropUnsynced, seed: 0);
        Assert.Empty(Content());
    }

    private void Call(FaultKind kind, IVfsFile f, int i)
    {
        switch (kind)
        {
            case FaultKind.Read:
                f.Read(new byte[10], 0);
                break;
            case FaultKind.Write:
                f.Write([1, 2], 10 * i);
                break;
            case FaultKind.Sync:
                f.Sync(VfsSyncFlags.Normal);
                break;
            case FaultKind.Truncate:
                f.Truncate(50 - i);
                break;
            case FaultKind.Open:
                _vfs.Open("base", VfsFileKind.MainDb, VfsOpenFlags.ReadWrite).Dispose();
                break;
            case FaultKind.Delete:
                _vfs.Delete("victim" + i, syncDirectory: false);
                break;
        }
    }
}
