using MiniSql.Engine.Storage;
using MiniSql.Engine.Storage.Wal;
using MiniSql.Vfs;

namespace MiniSql.Engine.Tests.Wal;

/// <summary>
/// Page cache across snapshot changes (incremental WAL invalidation, P10) and the process-wide shared page cache
/// (P11): several pagers on one real file, every read compared against a model of the committed versions, readers
/// holding old snapshots included.
/// </summary>
public sealed class PageCacheModelTests : IDisposable
{
    private const int PageSize = 1024;
    private const int TagOffset = 200;
    private const int CounterOffset = 300;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "minisql-cache-" + Guid.NewGuid().ToString("N"));

    public PageCacheModelTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string DbPath => Path.Combine(_dir, "m.db");

    private Pager Open(JournalMode mode, bool shared = true, IVfs? vfs = null, Func<int, bool>? busy = null) =>
        Pager.Open(vfs ?? OsVfs.Instance, DbPath, new PagerOptions
        {
            PageSize = PageSize, JournalMode = mode, SharedCache = shared, Synchronous = SynchronousMode.Off, Busy = busy,
        });

    /// <summary>One committed version: page count and the tag of every page (index = page number).</summary>
    private sealed record Version(uint PageCount, byte[] Tags);

    private static byte Tag(Page page)
    {
        byte tag = page.Data[TagOffset];
        Assert.Equal(tag, page.Data[^1]);
        Assert.Equal((byte)(tag ^ page.Number), page.Data[TagOffset + 1]);
        return tag;
    }

    private static void SetTag(Page page, byte tag)
    {
        page.Data[TagOffset] = tag;
        page.Data[TagOffset + 1] = (byte)(tag ^ page.Number);
        page.Data[^1] = tag;
    }

    private static Version CreateDatabase(Pager pager, uint pages)
    {
        var tags = new byte[256];
        pager.BeginWrite();
        var p1 = pager.GetPage(1);
        pager.MarkWritable(p1);
        SetTag(p1, 1);
        tags[1] = 1;
        pager.Release(p1);
        while (pager.PageCount < pages)
        {
            var page = pager.AllocatePage();
            SetTag(page, 1);
            tags[page.Number] = 1;
            pager.Release(page);
        }
        pager.Commit();
        return new Version(pager.PageCount, tags);
    }

    private static void CheckSnapshot(Pager pager, Version v, Random random, int reads)
    {
        Assert.Equal(v.PageCount, pager.PageCount);
        for (int i = 0; i < reads; i++)
        {
            uint number = (uint)random.Next(1, (int)v.PageCount + 1);
            var page = pager.GetPage(number);
            try
            {
                Assert.Equal(v.Tags[number], Tag(page));
            }
            finally
            {
                pager.Release(page);
            }
        }
    }

    /// <summary>Applies one random transaction (change, grow, shrink) on an idle pager; null when it was busy.</summary>
    private static Version? TryWrite(Pager pager, Version current, Random random, ref byte nextTag)
    {
        try
        {
            pager.BeginWrite();
        }
        catch (MiniSqlException e) when (e.ResultCode == ResultCode.Busy)
        {
            return null;
        }
        var tags = (byte[])current.Tags.Clone();
        try
        {
            Assert.Equal(current.PageCount, pager.PageCount);
            byte tag = nextTag == 255 ? (byte)2 : ++nextTag;
            nextTag = tag;
            int action = random.Next(10);
            if (action == 0 && pager.PageCount > 4)
            {
                pager.TruncatePageCount(pager.PageCount - (uint)random.Next(1, 3));
            }
            else if (action <= 2 && pager.PageCount < 200)
            {
                for (int n = random.Next(1, 4); n > 0; n--)
                {
                    var page = pager.AllocatePage();
                    SetTag(page, tag);
                    tags[page.Number] = tag;
                    pager.Release(page);
                }
            }
            for (int n = random.Next(1, 4); n > 0; n--)
            {
                uint number = (uint)random.Next(1, (int)pager.PageCount + 1);
                var page = pager.GetPage(number);
                pager.MarkWritable(page);
                SetTag(page, tag);
                tags[number] = tag;
                pager.Release(page);
            }
            pager.Commit();
            return new Version(pager.PageCount, tags);
        }
        catch (MiniSqlException e) when (e.ResultCode == ResultCode.Busy)
        {
            pager.Rollback();
            return null;
        }
    }

    [Theory]
    [InlineData(JournalMode.Wal, 1)]
    [InlineData(JournalMode.Wal, 2)]
    [InlineData(JournalMode.Wal, 3)]
    [InlineData(JournalMode.Delete, 1)]
    [InlineData(JournalMode.Delete, 2)]
    public void SeededRandomScheduleMatchesModel(JournalMode mode, int seed)
    {
        var random = new Random(seed);
        const int Connections = 4;
        var pagers = new Pager?[Connections];
        var snapshot = new Version?[Connections]; // the version a pager's open read transaction sees
        // Connection 3 shares nothing: it stands in for another process writing the same file.
        Pager OpenAt(int i) => Open(mode, shared: i != 3);
        for (int i = 0; i < Connections; i++)
            pagers[i] = OpenAt(i);
        var current = CreateDatabase(pagers[0]!, 12);
        byte nextTag = 1;
        int restarts = 0, checkpoints = 0, writes = 0;
        try
        {
            for (int step = 0; step < 3000; step++)
            {
                int c = random.Next(Connections);
                var pager = pagers[c]!;
                int op = random.Next(100);
                if (op < 35)
                {
                    // read (beginning a read transaction when none is open)
                    if (snapshot[c] is null)
                    {
                        try
                        {
                            pager.BeginRead();
                        }
                        catch (MiniSqlException e) when (e.ResultCode == ResultCode.Busy)
                        {
                            continue;
                        }
                        snapshot[c] = current;
                    }
                    CheckSnapshot(pager, snapshot[c]!, random, 4);
                }
                else if (op < 55)
                {
                    if (snapshot[c] is not null)
                    {
                        pager.EndRead();
                        snapshot[c] = null;
                    }
                }
                else if (op < 80)
                {
                    if (snapshot[c] is not null)
                        continue;
                    if (TryWrite(pager, current, random, ref nextTag) is { } next)
                    {
                        current = next;
                        writes++;
                    }
                }
                else if (op < 92)
                {
                    if (snapshot[c] is not null || mode != JournalMode.Wal)
                        continue;
                    var checkpointMode = (CheckpointMode)random.Next(4);
                    pager.Checkpoint(checkpointMode);
                    checkpoints++;
                }
                else
                {
                    // close and reopen (the last WAL connection deletes the WAL; a new one starts a new epoch)
                    if (snapshot[c] is not null)
                        continue;
                    pager.Dispose();
                    pagers[c] = OpenAt(c);
                    restarts++;
                }
            }
            // Every connection ends by reading every page of the latest version.
            for (int c = 0; c < Connections; c++)
            {
                if (snapshot[c] is not null)
                {
                    CheckSnapshot(pagers[c]!, snapshot[c]!, random, 50);
                    pagers[c]!.EndRead();
                }
                pagers[c]!.BeginRead();
                CheckSnapshot(pagers[c]!, current, random, 200);
                pagers[c]!.EndRead();
            }
        }
        finally
        {
            foreach (var p in pagers)
                p?.Dispose();
        }
        Assert.True(writes > (mode == JournalMode.Wal ? 100 : 10), $"only {writes} writes");
        Assert.True(restarts > 10);
        Assert.True(mode != JournalMode.Wal || checkpoints > 50);
    }

    [Theory]
    [InlineData(JournalMode.Wal)]
    [InlineData(JournalMode.Delete)]
    public void SecondConnectionReadsPagesCachedByTheFirstWithoutTouchingTheFile(JournalMode mode)
    {
        var a = Open(mode);
        CreateDatabase(a, 20);
        // Commit more in WAL mode so pages come both from frames and from the database file after a checkpoint.
        if (mode == JournalMode.Wal)
        {
            a.Checkpoint(CheckpointMode.Passive);
            byte tag = 1;
            TryWrite(a, new Version(20, Enumerable.Repeat((byte)1, 256).ToArray()), new Random(5), ref tag);
        }
        Assert.True(a.UsesSharedCache);
        a.Dispose(); // its pages came from its own commits; a fresh connection reads them from storage
        using var first = Open(mode);
        if (mode == JournalMode.Wal)
        {
            // A WAL recreated empty has no salts yet (not shared, see SharedPageCache); the first commit gives it some.
            byte tag = 7;
            first.BeginRead();
            var count0 = first.PageCount;
            first.EndRead();
            TryWrite(first, new Version(count0, Enumerable.Repeat((byte)1, 256).ToArray()), new Random(6), ref tag);
        }
        first.CacheSize = 0; // empties its private cache: every page below comes from storage or the shared cache
        first.CacheSize = 2000;
        first.BeginRead();
        for (uint n = 1; n <= first.PageCount; n++)
            first.Release(first.GetPage(n));
        a = first;
        for (uint n = 1; n <= a.PageCount; n++)
            a.Release(a.GetPage(n));
        uint count = a.PageCount;

        using var b = Open(mode);
        b.BeginRead();
        b.ResetStats();
        for (uint n = 1; n <= count; n++)
        {
            var page = b.GetPage(n);
            var mine = a.GetPage(n);
            Assert.Equal(mine.Data, page.Data);
            Assert.NotSame(mine.Data, page.Data); // images are copied, never shared buffers
            a.Release(mine);
            b.Release(page);
        }
        Assert.Equal(0, b.Stats.StorageReads);
        Assert.Equal(count, (uint)b.Stats.SharedHits);
        a.EndRead();
        b.EndRead();
    }

    [Theory]
    [InlineData(JournalMode.Wal)]
    [InlineData(JournalMode.Delete)]
    public void PageChangedByAnotherHandleIsNeverServedStale(JournalMode mode)
    {
        using var a = Open(mode);
        var v = CreateDatabase(a, 10);
        a.BeginRead();
        CheckSnapshot(a, v, new Random(1), 40); // the shared cache now holds pages of this version
        a.EndRead();

        // Another "process": its own handle, no shared cache.
        using (var other = Open(mode, shared: false))
        {
            other.BeginWrite();
            var page = other.GetPage(3);
            other.MarkWritable(page);
            SetTag(page, 99);
            other.Release(page);
            other.Commit();
        }

        using var b = Open(mode);
        foreach (var pager in new[] { a, b })
        {
            pager.BeginRead();
            var page = pager.GetPage(3);
            Assert.Equal(99, Tag(page));
            pager.Release(page);
            var page4 = pager.GetPage(4);
            Assert.Equal(1, Tag(page4));
            pager.Release(page4);
            pager.EndRead();
        }
    }

    [Fact]
    public void ReaderKeepsItsSnapshotWhileOthersCommitAndCheckpoint()
    {
        using var reader = Open(JournalMode.Wal);
        var v0 = CreateDatabase(reader, 10);
        using var writer = Open(JournalMode.Wal);
        reader.BeginRead();
        CheckSnapshot(reader, v0, new Random(1), 30);
        byte tag = 1;
        var random = new Random(3);
        var current = v0;
        for (int i = 0; i < 20; i++)
        {
            current = TryWrite(writer, current, random, ref tag) ?? current;
            writer.Checkpoint((CheckpointMode)(i % 4));
            CheckSnapshot(reader, v0, random, 10);
        }
        reader.EndRead();
        reader.BeginRead();
        CheckSnapshot(reader, current, random, 100);
        reader.EndRead();
    }

    [Fact]
    public void WalReaderKeepsUnchangedPagesAcrossCommitsOfAnotherConnection()
    {
        using var reader = Open(JournalMode.Wal, shared: false);
        var v = CreateDatabase(reader, 30);
        using var writer = Open(JournalMode.Wal, shared: false);
        reader.BeginRead();
        CheckSnapshot(reader, v, new Random(1), 200);
        reader.EndRead();
        int cached = reader.CachedPageCount;
        Assert.Equal(30, cached);

        writer.BeginWrite();
        var page = writer.GetPage(7);
        writer.MarkWritable(page);
        SetTag(page, 42);
        writer.Release(page);
        writer.Commit();

        reader.BeginRead();
        reader.ResetStats();
        for (uint n = 1; n <= 30; n++)
        {
            var p = reader.GetPage(n);
            Assert.Equal(n == 7 ? 42 : 1, Tag(p));
            reader.Release(p);
        }
        Assert.Equal(1, reader.Stats.CacheMisses); // only page 7 was reloaded
        reader.EndRead();
    }

    [Fact]
    public void OwnCheckpointDoesNotHideAnotherConnectionsCommit()
    {
        using var a = Open(JournalMode.Wal, shared: false);
        var v = CreateDatabase(a, 8);
        using var b = Open(JournalMode.Wal, shared: false);
        a.BeginRead();
        CheckSnapshot(a, v, new Random(1), 30);
        a.EndRead();
        byte tag = 5;
        var next = TryWrite(b, v, new Random(2), ref tag)!;
        a.Checkpoint(CheckpointMode.Passive); // takes the live wal-index header inside the WAL object
        a.BeginRead();
        CheckSnapshot(a, next, new Random(3), 60);
        a.EndRead();
    }

    [Fact]
    public void FileReplacedAtTheSamePathIsAnotherFile()
    {
        using (var create = Open(JournalMode.Delete))
            CreateDatabase(create, 10);
        using var old = Open(JournalMode.Delete);
        old.BeginRead();
        CheckSnapshot(old, new Version(10, Enumerable.Repeat((byte)1, 256).ToArray()), new Random(1), 50);
        old.EndRead();
        // Move the file away (the old pager keeps it open) and create another database at the path with the same
        // change counter and size but other content.
        File.Move(DbPath, DbPath + ".old");
        Thread.Sleep(5);
        using (var other = Open(JournalMode.Delete, shared: false))
        {
            other.BeginWrite();
            while (other.PageCount < 10)
            {
                var page = other.AllocatePage();
                SetTag(page, 2);
                other.Release(page);
            }
            other.Commit();
        }
        using var fresh = Open(JournalMode.Delete);
        fresh.BeginRead();
        for (uint n = 2; n <= 10; n++)
        {
            var page = fresh.GetPage(n);
            Assert.Equal(2, Tag(page));
            fresh.Release(page);
        }
        fresh.EndRead();
    }

    [Fact]
    public void MemoryVfsPagersDoNotShare()
    {
        var vfs = new MemoryVfs(3);
        using var a = Pager.Open(vfs, "x.db", new PagerOptions { PageSize = PageSize });
        Assert.False(a.UsesSharedCache);
        using var b = Open(JournalMode.Delete, shared: false);
        Assert.False(b.UsesSharedCache);
    }

    [Theory]
    [InlineData(JournalMode.Wal)]
    [InlineData(JournalMode.Delete)]
    public void ThreadsReadConsistentSnapshotsWhileOthersWriteAndCheckpoint(JournalMode mode)
    {
        // Every commit writes the same counter value into pages 2..9; a reader must see one value on all of them, and
        // never an older value than it saw before.
        static bool Busy(int retry)
        {
            if (retry > 20000)
                return false;
            if (retry > 50)
                Thread.Sleep(1);
            else
                Thread.Yield();
            return true;
        }
        using (var setup = Open(mode, busy: Busy))
            CreateDatabase(setup, 9);
        // At least 2 s and enough work on a loaded machine (capped at 60 s).
        var start = DateTime.UtcNow;
        var errors = new List<Exception>();
        int committed = 0, readsDone = 0;
        var threads = new List<Thread>();
        for (int t = 0; t < 5; t++)
        {
            int id = t;
            threads.Add(new Thread(() =>
            {
                try
                {
                    var random = new Random(id);
                    using var pager = Open(mode, shared: id != 4, busy: Busy);
                    uint lastSeen = 0;
                    while (DateTime.UtcNow < start.AddSeconds(2)
                        || (DateTime.UtcNow < start.AddSeconds(60) && (Volatile.Read(ref committed) < 20 || Volatile.Read(ref readsDone) < 20)))
                    {
                        if (id == 0 || (id == 1 && random.Next(4) == 0))
                        {
                            try
                            {
                                pager.BeginWrite();
                                var p2 = pager.GetPage(2);
                                uint value = BitConverter.ToUInt32(p2.Data, CounterOffset) + 1;
                                pager.Release(p2);
                                for (uint n = 2; n <= 9; n++)
                                {
                                    var page = pager.GetPage(n);
                                    pager.MarkWritable(page);
                                    SetTag(page, (byte)value);
                                    BitConverter.TryWriteBytes(page.Data.AsSpan(CounterOffset), value);
                                    pager.Release(page);
                                }
                                pager.Commit();
                                Interlocked.Increment(ref committed);
                            }
                            catch (MiniSqlException e) when (e.ResultCode == ResultCode.Busy)
                            {
                                pager.Rollback();
                            }
                            if (mode == JournalMode.Wal && random.Next(8) == 0)
                                pager.Checkpoint((CheckpointMode)random.Next(4));
                            continue;
                        }
                        try
                        {
                            pager.BeginRead();
                        }
                        catch (MiniSqlException e) when (e.ResultCode == ResultCode.Busy)
                        {
                            continue;
                        }
                        uint first = 0;
                        for (uint n = 2; n <= 9; n++)
                        {
                            var page = pager.GetPage(n);
                            uint value = BitConverter.ToUInt32(page.Data, CounterOffset);
                            Assert.Equal((byte)value, Tag(page));
                            pager.Release(page);
                            if (n == 2)
                                first = value;
                            else if (value != first)
                                throw new InvalidOperationException($"thread {id}: page {n} has {value}, page 2 has {first}");
                        }
                        if (first < lastSeen)
                            throw new InvalidOperationException($"thread {id}: saw {first} after {lastSeen}");
                        lastSeen = first;
                        pager.EndRead();
                        Interlocked.Increment(ref readsDone);
                        if (mode == JournalMode.Wal && random.Next(50) == 0)
                            pager.Checkpoint((CheckpointMode)random.Next(4));
                    }
                }
                catch (Exception e)
                {
                    lock (errors)
                        errors.Add(e);
                }
            }));
        }
        foreach (var t in threads)
            t.Start();
        foreach (var t in threads)
            t.Join();
        Assert.Empty(errors);
        Assert.True(committed > 10, $"{committed} commits");
        Assert.True(readsDone > 10, $"{readsDone} reads");
    }

    [Fact]
    public void SharedCacheStaysWithinItsBound()
    {
        long old = SharedPageCache.MaxBytes;
        try
        {
            SharedPageCache.MaxBytes = 64 * 1024;
            using var a = Open(JournalMode.Wal);
            var v = CreateDatabase(a, 150);
            a.BeginRead();
            CheckSnapshot(a, v, new Random(1), 400);
            a.EndRead();
            Assert.True(SharedPageCache.CurrentBytes <= 64 * 1024);
        }
        finally
        {
            SharedPageCache.MaxBytes = old;
        }
    }
}
