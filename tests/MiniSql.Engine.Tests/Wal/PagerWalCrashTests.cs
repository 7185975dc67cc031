using MiniSql.Engine.Storage;
using MiniSql.Vfs;

namespace MiniSql.Engine.Tests.Wal;

/// <summary>
/// Crash simulation in WAL mode: a workload is crashed at every write, sync and truncate; after each power-loss mode
/// and a reopen (WAL recovery), the logical database (every page as a fresh pager reads it) is exactly the state
/// before or after the interrupted transaction. With synchronous=FULL every earlier commit is durable.
/// </summary>
public sealed class PagerWalCrashTests
{
    private const int PageSize = 512;
    private const string DbPath = "wcrash.db";

    private static PagerOptions Options(SynchronousMode sync) =>
        new() { PageSize = PageSize, JournalMode = JournalMode.Wal, Synchronous = sync, CacheSize = 4 };

    // T0 (open) switches to WAL; T1 creates 6 pages; T2 changes 3 and adds 3; T3 changes 4 and shrinks to 7;
    // a checkpoint; T4 changes 2 (WAL restart).
    private static void RunWorkload(Pager pager, Action committed)
    {
        pager.WalAutoCheckpoint = 0;
        committed();
        Write(pager, [2, 3, 4, 5, 6], 1, grow: 6);
        committed();
        Write(pager, [2, 4, 6], 2, grow: 9);
        committed();
        Write(pager, [1, 3, 5, 7], 3, grow: 0, shrinkTo: 7);
        committed();
        pager.Checkpoint(Engine.Storage.Wal.CheckpointMode.Passive);
        Write(pager, [2, 5], 4, grow: 0);
        committed();
    }

    private static void Write(Pager pager, uint[] pages, byte tag, uint grow, uint shrinkTo = 0)
    {
        pager.BeginWrite();
        while (pager.PageCount < grow)
            pager.Release(pager.AllocatePage());
        foreach (uint n in pages)
        {
            if (n > pager.PageCount)
                continue;
            var page = pager.GetPage(n);
            pager.MarkWritable(page);
            page.Data[200] = tag;
            page.Data[PageSize - 1] ^= (byte)(tag * 3);
            pager.Release(page);
        }
        if (shrinkTo != 0)
            pager.TruncatePageCount(shrinkTo);
        pager.Commit();
    }

    /// <summary>Every page of the database as a fresh read transaction sees it.</summary>
    private static byte[] Snapshot(Pager pager)
    {
        pager.BeginRead();
        try
        {
            var all = new byte[pager.PageCount * PageSize];
            for (uint n = 1; n <= pager.PageCount; n++)
            {
                var page = pager.GetPage(n);
                page.Data.CopyTo(all, (n - 1) * PageSize);
                pager.Release(page);
            }
            return all;
        }
        finally
        {
            pager.EndRead();
        }
    }

    [Theory]
    [InlineData(SynchronousMode.Full)]
    [InlineData(SynchronousMode.Normal)]
    public void Crash_at_every_io_point_recovers_the_old_or_new_state(SynchronousMode sync)
    {
        var states = new List<byte[]> { Array.Empty<byte>() };
        var counting = new FaultInjectingVfs(new MemoryVfs(1));
        using (var pager = Pager.Open(counting, DbPath, Options(sync)))
            RunWorkload(pager, () => states.Add(Snapshot(pager)));
        Assert.Equal(6, states.Count);

        var lossModes = new (PowerLossMode Mode, bool Garbage)[]
        {
            (PowerLossMode.DropUnsynced, false), (PowerLossMode.KeepRandomSubset, false),
            (PowerLossMode.TornWrites, true), (PowerLossMode.KeepAll, false),
        };
        int runs = 0;
        foreach (var kind in new[] { FaultKind.Write, FaultKind.Sync, FaultKind.Truncate })
        {
            for (int n = 1; n <= counting.GetCallCount(kind); n++)
            {
                foreach (var (lossMode, garbage) in lossModes)
                {
                    int seed = HashCode.Combine(kind, n, lossMode, sync) & 0x7FFFFFFF;
                    string context = $"{sync}: crash at {kind} #{n}, {lossMode}, seed {seed}";
                    RunCrash(sync, kind, n, lossMode, garbage, seed, states, context);
                    runs++;
                }
            }
        }
        Assert.True(runs > 50, $"only {runs} crash runs");
    }

    private static void RunCrash(SynchronousMode sync, FaultKind kind, int n, PowerLossMode lossMode, bool garbage, int seed,
        List<byte[]> states, string context)
    {
        var memory = new MemoryVfs(seed);
        var fault = new FaultInjectingVfs(memory);
        int committed = 0;
        fault.CrashAfter(kind, n);
        bool crashed = false;
        Pager? pager = null;
        try
        {
            pager = Pager.Open(fault, DbPath, Options(sync));
            RunWorkload(pager, () => committed++);
            pager.Dispose(); // the close-time checkpoint is part of the workload; Dispose swallows the crash
        }
        catch (SimulatedCrashException)
        {
            crashed = true;
            pager?.Dispose();
        }
        Assert.True(crashed || fault.HasCrashed, context + ": the planned crash did not happen");
        fault.SimulatePowerLoss(lossMode, seed, garbage);

        byte[] actual;
        if (memory.Exists(DbPath) && memory.ReadAllBytes(DbPath).Length > 0)
        {
            using var reopened = Pager.Open(memory, DbPath, new PagerOptions { PageSize = PageSize });
            actual = Snapshot(reopened);
        }
        else
        {
            actual = [];
        }
        // Under NORMAL a power loss may undo commits since the last sync, never half of one.
        int lowest = sync == SynchronousMode.Full || lossMode == PowerLossMode.KeepAll ? committed : 0;
        int highest = Math.Min(committed + 1, states.Count - 1);
        bool matches = false;
        for (int k = lowest; k <= highest; k++)
            matches |= actual.AsSpan().SequenceEqual(states[k]);
        Assert.True(matches, $"{context}: after {committed} commits the database is none of states {lowest}..{highest}");
    }
}
