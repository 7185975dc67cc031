using MiniSql.Engine.Storage;
using MiniSql.Vfs;
using static MiniSql.Engine.Tests.Storage.StorageTestFiles;

namespace MiniSql.Engine.Tests.Storage;

/// <summary>
/// Crash simulation: a three-transaction workload is crashed at every write, sync, truncate and delete, the machine
/// loses power in every <see cref="PowerLossMode"/>, and after reopening the database must be exactly the state
/// before or after the interrupted transaction (byte for byte).
/// </summary>
public class PagerCrashTests
{
    private const int PageSize = 512;
    private const string DbPath = "crash.db";

    /// <summary>T1 creates 8 pages; T2 changes 3 and adds 5; T3 changes 7 (page 1 included) and shrinks to 10.</summary>
    private static void RunWorkload(Pager pager, Action committed)
    {
        CreateDatabase(pager, 8, 1);
        committed();

        pager.BeginWrite();
        foreach (uint n in new uint[] { 2, 4, 6 })
            Change(pager, n, 2);
        for (int i = 0; i < 5; i++)
        {
            var page = pager.AllocatePage();
            Fill(page, 2);
            pager.Release(page);
        }
        pager.Commit();
        committed();

        pager.BeginWrite();
        foreach (uint n in new uint[] { 1, 3, 5, 7, 9, 11, 13 })
            Change(pager, n, 3);
        pager.TruncatePageCount(10);
        pager.UserVersion = 3;
        pager.Commit();
        committed();
    }

    private static void Change(Pager pager, uint pageNumber, byte tag)
    {
        var page = pager.GetPage(pageNumber);
        pager.MarkWritable(page);
        page.Data[150] = tag;
        page.Data[PageSize - 1] ^= tag;
        pager.Release(page);
    }

    private static PagerOptions Options(JournalMode mode, SynchronousMode sync) =>
        new() { PageSize = PageSize, JournalMode = mode, Synchronous = sync, CacheSize = 4 };

    /// <summary>The database file after 0, 1, 2 and 3 committed transactions.</summary>
    private static List<byte[]> ExpectedStates(JournalMode mode, SynchronousMode sync)
    {
        var vfs = new MemoryVfs(1);
        var states = new List<byte[]> { Array.Empty<byte>() };
        using var pager = Pager.Open(vfs, DbPath, Options(mode, sync));
        RunWorkload(pager, () => states.Add(ReadAll(vfs, DbPath)));
        return states;
    }

    private static long[] CountCalls(JournalMode mode, SynchronousMode sync)
    {
        var fault = new FaultInjectingVfs(new MemoryVfs(1));
        using (var pager = Pager.Open(fault, DbPath, Options(mode, sync)))
            RunWorkload(pager, () => { });
        return Enum.GetValues<FaultKind>().Select(k => fault.GetCallCount(k)).ToArray();
    }

    public static TheoryData<JournalMode, SynchronousMode> Modes()
    {
        var data = new TheoryData<JournalMode, SynchronousMode>();
        foreach (var mode in new[] { JournalMode.Delete, JournalMode.Truncate, JournalMode.Persist })
            foreach (var sync in new[] { SynchronousMode.Full, SynchronousMode.Normal })
                data.Add(mode, sync);
        return data;
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Crash_at_every_io_point_recovers_the_old_or_new_state(JournalMode mode, SynchronousMode sync)
    {
        var states = ExpectedStates(mode, sync);
        Assert.Equal(4, states.Count);
        long[] calls = CountCalls(mode, sync);
        var kinds = new[] { FaultKind.Write, FaultKind.Sync, FaultKind.Truncate, FaultKind.Delete };
        var lossModes = new (PowerLossMode Mode, bool Garbage)[]
        {
            (PowerLossMode.DropUnsynced, false), (PowerLossMode.KeepRandomSubset, false),
            (PowerLossMode.TornWrites, false), (PowerLossMode.TornWrites, true), (PowerLossMode.KeepAll, false),
        };
        int runs = 0;
        foreach (var kind in kinds)
        {
            for (int n = 1; n <= calls[(int)kind]; n++)
            {
                foreach (var (lossMode, garbage) in lossModes)
                {
                    int seed = HashCode.Combine(kind, n, lossMode, garbage) & 0x7FFFFFFF;
                    string context = $"{mode}/{sync}: crash at {kind} #{n}, {lossMode}{(garbage ? "+garbage" : "")}, seed {seed}";
                    RunCrash(mode, sync, kind, n, lossMode, garbage, seed, states, context);
                    runs++;
                }
            }
        }
        Assert.True(runs > 100, $"only {runs} crash runs");
    }

    private static void RunCrash(JournalMode mode, SynchronousMode sync, FaultKind kind, int n, PowerLossMode lossMode,
        bool garbage, int seed, List<byte[]> states, string context)
    {
        var memory = new MemoryVfs(seed);
        var fault = new FaultInjectingVfs(memory);
        int committed = 0;
        fault.CrashAfter(kind, n);
        var pager = Pager.Open(fault, DbPath, Options(mode, sync));
        bool crashed = false;
        try
        {
            RunWorkload(pager, () => committed++);
        }
        catch (SimulatedCrashException)
        {
            crashed = true;
        }
        pager.Dispose();
        Assert.True(crashed, context + ": the planned crash did not happen");
        fault.SimulatePowerLoss(lossMode, seed, garbage);

        using var reopened = Pager.Open(memory, DbPath, Options(mode, sync));
        reopened.BeginRead();
        reopened.EndRead();
        byte[] actual = ReadAll(memory, DbPath);
        // The interrupted transaction is either wholly there or wholly absent; earlier commits are durable.
        int lowest = committed;
        int highest = Math.Min(committed + 1, states.Count - 1);
        bool matches = false;
        for (int k = lowest; k <= highest; k++)
            matches |= actual.AsSpan().SequenceEqual(states[k]);
        Assert.True(matches, $"{context}: after {committed} commits the database is none of states {lowest}..{highest} ({actual.Length} bytes)");
    }

    [Theory]
    [InlineData(JournalMode.Delete)]
    [InlineData(JournalMode.Persist)]
    public void Failed_sync_is_IoErrFsync_is_not_retried_and_reopening_recovers(JournalMode mode)
    {
        var states = ExpectedStates(mode, SynchronousMode.Full);
        long syncs = CountCalls(mode, SynchronousMode.Full)[(int)FaultKind.Sync];
        for (int n = 1; n <= syncs; n++)
        {
            string context = $"{mode}: sync #{n} fails";
            var memory = new MemoryVfs(n);
            var fault = new FaultInjectingVfs(memory);
            fault.FailAfter(FaultKind.Sync, n, ResultCode.IoErrFsync);
            var pager = Pager.Open(fault, DbPath, Options(mode, SynchronousMode.Full));
            int committed = 0;
            var ex = Assert.Throws<MiniSqlException>(() => RunWorkload(pager, () => committed++));
            Assert.True(ex.ExtendedResultCode == ResultCode.IoErrFsync, context + ": " + ex.Message);
            Assert.Equal(PagerState.Error, pager.State);
            long syncCalls = fault.GetCallCount(FaultKind.Sync);

            // Every call fails until rollback; nothing retries the sync.
            Assert.Equal(ResultCode.IoErrFsync, Assert.Throws<MiniSqlException>(() => pager.GetPage(1)).ExtendedResultCode);
            Assert.Equal(ResultCode.IoErrFsync, Assert.Throws<MiniSqlException>(() => pager.BeginWrite()).ExtendedResultCode);
            Assert.Equal(ResultCode.IoErrFsync, Assert.Throws<MiniSqlException>(() => pager.Commit()).ExtendedResultCode);
            Assert.Equal(syncCalls, fault.GetCallCount(FaultKind.Sync));

            pager.Rollback();
            Assert.Equal(PagerState.Open, pager.State);
            Assert.Equal(LockLevel.None, pager.LockLevel);
            // The same pager recovers on its next read transaction (hot journal), as would any other connection.
            pager.BeginRead();
            pager.EndRead();
            pager.Dispose();
            byte[] actual = ReadAll(memory, DbPath);
            Assert.True(actual.AsSpan().SequenceEqual(states[committed]) || actual.AsSpan().SequenceEqual(states[committed + 1]),
                $"{context}: after {committed} commits the database is neither state {committed} nor {committed + 1}");
        }
    }

    [Fact]
    public void Disk_full_while_journaling_is_SQLITE_FULL_and_recoverable()
    {
        var memory = new MemoryVfs(2);
        var fault = new FaultInjectingVfs(memory);
        using (var setup = Pager.Open(fault, DbPath, Options(JournalMode.Delete, SynchronousMode.Full)))
            CreateDatabase(setup, 4, 1);
        byte[] before = ReadAll(memory, DbPath);
        using var pager = Pager.Open(fault, DbPath, Options(JournalMode.Delete, SynchronousMode.Full));
        pager.BeginWrite();
        fault.FailAfter(FaultKind.Write, 3, ResultCode.Full);
        var page = pager.GetPage(2);
        pager.MarkWritable(page); // journal header and record: writes 1 and 2
        pager.Release(page);
        page = pager.GetPage(3);
        var ex = Assert.Throws<MiniSqlException>(() => pager.MarkWritable(page)); // journal record: write 3
        Assert.Equal(ResultCode.Full, ex.ResultCode);
        Assert.Equal("database or disk is full", ex.Message.Split(" (")[0]);
        Assert.Equal(PagerState.Error, pager.State);
        pager.Release(page);
        pager.Rollback();
        fault.ClearFaults();
        pager.BeginRead();
        Assert.Equal(4u, pager.PageCount);
        pager.EndRead();
        Assert.Equal(before, ReadAll(memory, DbPath));
        Assert.False(memory.Exists(DbPath + "-journal"));
    }
}

public class PagerMemoryJournalTests
{
    [Fact]
    public void Memory_journal_restores_the_file_after_a_failed_database_sync()
    {
        var memory = new MemoryVfs(4);
        var fault = new FaultInjectingVfs(memory);
        var options = new PagerOptions { PageSize = 512, JournalMode = JournalMode.Memory };
        using (var setup = Pager.Open(fault, "m.db", options))
            CreateDatabase(setup, 5, 1);
        byte[] before = ReadAll(memory, "m.db");
        using var pager = Pager.Open(fault, "m.db", options);
        pager.BeginWrite();
        var page = pager.GetPage(4);
        pager.MarkWritable(page);
        page.Data[0] ^= 0x5A;
        pager.Release(page);
        pager.TruncatePageCount(3);
        fault.FailAfter(FaultKind.Sync, 1, ResultCode.IoErrFsync); // no journal file: the first sync is the database's
        Assert.Equal(ResultCode.IoErrFsync, Assert.Throws<MiniSqlException>(() => pager.Commit()).ExtendedResultCode);
        Assert.NotEqual(before, ReadAll(memory, "m.db"));
        Assert.False(memory.Exists("m.db-journal"));
        fault.ClearFaults();
        pager.Rollback();
        Assert.Equal(before, ReadAll(memory, "m.db"));
        pager.BeginRead();
        Assert.Equal(5u, pager.PageCount);
        pager.EndRead();
    }
}
