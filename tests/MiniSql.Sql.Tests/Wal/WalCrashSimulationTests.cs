using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MiniSql.Engine.Storage;
using MiniSql.Engine.Storage.Wal;
using MiniSql.Vfs;

namespace MiniSql.Sql.Tests.Wal;

/// <summary>
/// Crash simulation of the SQL-level commit path in WAL mode: seeded mixed workloads (single-statement inserts,
/// updates and deletes, multi-row statements, multi-statement transactions, overflow payloads, small caches that
/// spill, automatic and explicit PASSIVE/FULL/RESTART/TRUNCATE checkpoints, close and reopen) run on a
/// <see cref="FaultInjectingVfs"/> over a <see cref="MemoryVfs"/>; power fails at a random write, sync or truncate
/// and what survives follows a random <see cref="PowerLossMode"/>. After reopening, integrity_check is ok and the
/// table equals the state after some whole transaction: with synchronous=FULL at least every acknowledged one (at
/// most the one in flight more); with NORMAL at least every one acknowledged before the last completed checkpoint
/// (a lost suffix), never a half-applied one.
/// </summary>
public sealed class WalCrashSimulationTests
{
    private const string DbPath = "crash.db";
    private const int Workloads = 100;
    private const int CrashesPerWorkload = 20;

    [Fact]
    public void TwoThousandPowerLossesInFullModeLoseNoAcknowledgedCommit() =>
        RunMany(SynchronousMode.Full, baseSeed: 1_000, Workloads, CrashesPerWorkload);

    [Fact]
    public void PowerLossesInNormalModeLoseAtMostASuffixAndNeverCorrupt() =>
        RunMany(SynchronousMode.Normal, baseSeed: 9_000, Workloads / 2, CrashesPerWorkload);

    private static void RunMany(SynchronousMode sync, int baseSeed, int workloads, int crashesPerWorkload)
    {
        int runs = 0, crashed = 0;
        for (int w = 0; w < workloads; w++)
        {
            int workloadSeed = baseSeed + w;
            var workload = Workload.Generate(workloadSeed);
            var reference = new FaultInjectingVfs(new MemoryVfs(workloadSeed));
            var states = new List<string>();
            Execute(reference, workload, sync, onCommit: db => states.Add(Digest(db)), onCheckpoint: () => { });
            long writes = reference.GetCallCount(FaultKind.Write);
            long syncs = reference.GetCallCount(FaultKind.Sync);
            long truncates = reference.GetCallCount(FaultKind.Truncate);
            var random = new Random(workloadSeed);
            for (int c = 0; c < crashesPerWorkload; c++)
            {
                int seed = workloadSeed * 1000 + c;
                int pick = random.Next(10);
                var (kind, count) = pick < 6 || (pick < 9 && syncs == 0) || truncates == 0 && pick == 9
                    ? (FaultKind.Write, writes)
                    : pick < 9 ? (FaultKind.Sync, syncs) : (FaultKind.Truncate, truncates);
                int at = 1 + random.Next((int)Math.Min(int.MaxValue - 1, count));
                var lossMode = (PowerLossMode)random.Next(4);
                bool garbage = lossMode == PowerLossMode.TornWrites && random.Next(2) == 0;
                string context = $"{sync}: workload seed {workloadSeed}, crash at {kind} #{at} of {count}, {lossMode}"
                    + (garbage ? " with garbage" : "") + $", run seed {seed}";
                crashed += RunCrash(workload, sync, kind, at, lossMode, garbage, seed, states, context) ? 1 : 0;
                runs++;
            }
        }
        Assert.Equal(workloads * crashesPerWorkload, runs);
        Assert.True(crashed > runs * 9 / 10, $"only {crashed} of {runs} runs hit their crash point");
    }

    /// <summary>One crash run; true when the planned crash happened.</summary>
    private static bool RunCrash(Workload workload, SynchronousMode sync, FaultKind kind, int at, PowerLossMode lossMode,
        bool garbage, int seed, List<string> states, string context)
    {
        var memory = new MemoryVfs(seed);
        var fault = new FaultInjectingVfs(memory);
        fault.CrashAfter(kind, at);
        int acknowledged = 0, durable = 0;
        try
        {
            Execute(fault, workload, sync, onCommit: _ => acknowledged++, onCheckpoint: () => durable = acknowledged);
        }
        catch (SimulatedCrashException)
        {
        }
        catch (MiniSqlException) when (fault.HasCrashed)
        {
            // A statement boundary may wrap what the dead VFS threw.
        }
        bool crashed = fault.HasCrashed;
        fault.SimulatePowerLoss(lossMode, seed, garbage);

        string actual;
        try
        {
            using var db = Database.Open(DbPath, new DatabaseOptions { Vfs = memory, PageSize = Workload.PageSize });
            string check = Text(db, "PRAGMA integrity_check");
            Assert.True(check == "ok", $"{context}: integrity_check says {check}");
            actual = Digest(db);
        }
        catch (MiniSqlException e)
        {
            var files = string.Join(", ", memory.FileNames.Select(f => $"{f} {memory.ReadAllBytes(f).Length} B"));
            throw new InvalidOperationException($"{context}: after {acknowledged} acknowledged commits ({files}): {e.Message}", e);
        }
        int lowest = sync == SynchronousMode.Full || lossMode == PowerLossMode.KeepAll ? acknowledged : durable;
        int highest = Math.Min(acknowledged + 1, states.Count);
        for (int k = Math.Max(lowest, 1); k <= highest; k++)
        {
            if (states[k - 1] == actual)
                return crashed;
        }
        if (lowest == 0 && actual == EmptyDigest)
            return crashed;
        int found = states.IndexOf(actual) + 1;
        Assert.Fail($"{context}: after {acknowledged} acknowledged commits ({durable} durable) the database is "
            + (found > 0 ? $"the state after commit {found}" : actual == EmptyDigest ? "empty" : "no committed state")
            + $", expected one of {lowest}..{highest}");
        return crashed;
    }

    /// <summary>Runs <paramref name="workload"/>; <paramref name="onCommit"/> after each acknowledged commit,
    /// <paramref name="onCheckpoint"/> after a checkpoint or close that made the whole WAL durable in the database.</summary>
    private static void Execute(IVfs vfs, Workload workload, SynchronousMode sync, Action<Database> onCommit, Action onCheckpoint)
    {
        var options = new DatabaseOptions
        {
            Vfs = vfs,
            JournalMode = JournalMode.Wal,
            Synchronous = sync,
            PageSize = Workload.PageSize,
            CacheSize = workload.CacheSize,
        };
        var db = Database.Open(DbPath, options);
        try
        {
            db.Pager.WalAutoCheckpoint = workload.AutoCheckpoint;
            foreach (var step in workload.Steps)
            {
                switch (step)
                {
                    case Workload.Transaction tx:
                        foreach (string sql in tx.Statements)
                            db.Execute(sql);
                        onCommit(db);
                        break;
                    case Workload.Checkpoint cp:
                        var result = db.Pager.Checkpoint(cp.Mode);
                        if (!result.Busy && result.LogFrames == result.CheckpointedFrames)
                            onCheckpoint();
                        break;
                    case Workload.Reopen:
                        db.Dispose();
                        if (vfs is FaultInjectingVfs { HasCrashed: true })
                            throw new SimulatedCrashException("crashed while closing");
                        onCheckpoint(); // the last connection's close checkpoints and deletes the WAL
                        db = Database.Open(DbPath, options);
                        db.Pager.WalAutoCheckpoint = workload.AutoCheckpoint;
                        break;
                }
            }
        }
        finally
        {
            db.Dispose();
        }
    }

    private const string EmptyDigest = "(no table)";

    /// <summary>The content of table t (SHA-256 of every row in rowid order), or <see cref="EmptyDigest"/>.</summary>
    private static string Digest(Database db)
    {
        if (Text(db, "SELECT count(*) FROM sqlite_schema WHERE name = 't'") == "0")
            return EmptyDigest;
        var text = new StringBuilder();
        using (var st = db.Prepare("SELECT id, v, s FROM t ORDER BY id")!)
        {
            while (st.Step())
                text.Append(st.Column(0).AsInteger).Append(',').Append(st.Column(1).AsInteger).Append(',').Append(st.Column(2).AsString).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Text(Database db, string sql)
    {
        using var st = db.Prepare(sql)!;
        string value = !st.Step() ? "(no row)"
            : st.Column(0).Type == Engine.Records.StorageClass.Text ? st.Column(0).AsString
            : st.Column(0).AsInteger.ToString(CultureInfo.InvariantCulture);
        while (st.Step()) { }
        return value;
    }

    /// <summary>A seeded mixed workload: the schema transaction, then transactions, checkpoints and reopens.</summary>
    private sealed class Workload
    {
        public const int PageSize = 1024;

        public abstract record Step;

        public sealed record Transaction(string[] Statements) : Step;

        public sealed record Checkpoint(CheckpointMode Mode) : Step;

        public sealed record Reopen : Step;

        public required List<Step> Steps { get; init; }

        public required int CacheSize { get; init; }

        public required int AutoCheckpoint { get; init; }

        public static Workload Generate(int seed)
        {
            var r = new Random(seed);
            var steps = new List<Step>
            {
                new Transaction(["BEGIN", "CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER NOT NULL, s TEXT NOT NULL)",
                    "CREATE INDEX tv ON t(v)", "COMMIT"]),
            };
            int n = r.Next(12, 26);
            for (int i = 0; i < n; i++)
            {
                int p = r.Next(100);
                if (p < 12)
                    steps.Add(new Checkpoint((CheckpointMode)r.Next(4)));
                else if (p < 16)
                    steps.Add(new Reopen());
                else if (p < 40)
                    steps.Add(new Transaction(["BEGIN", .. Enumerable.Range(0, r.Next(2, 6)).Select(_ => Statement(r)), "COMMIT"]));
                else
                    steps.Add(new Transaction([Statement(r)]));
            }
            return new Workload
            {
                Steps = steps,
                CacheSize = r.Next(3) == 0 ? 8 : 200,
                AutoCheckpoint = r.Next(3) == 0 ? 0 : r.Next(4, 40),
            };
        }

        private static string Statement(Random r)
        {
            int p = r.Next(100);
            var c = CultureInfo.InvariantCulture;
            if (p < 40)
                return string.Create(c, $"INSERT INTO t(v, s) VALUES ({r.Next(1000)}, '{Payload(r)}')");
            if (p < 55)
                return string.Create(c, $"INSERT INTO t(v, s) VALUES ({r.Next(1000)}, '{Payload(r)}'), ({r.Next(1000)}, '{Payload(r)}'), ({r.Next(1000)}, '{Payload(r)}')");
            if (p < 80)
                return string.Create(c, $"UPDATE t SET v = v + 1, s = s || '{Payload(r)[..1]}' WHERE v % {r.Next(2, 6)} = {r.Next(2)}");
            return string.Create(c, $"DELETE FROM t WHERE v % {r.Next(3, 8)} = {r.Next(3)}");
        }

        private static string Payload(Random r)
        {
            int length = r.Next(10) == 0 ? r.Next(1500, 4000) : r.Next(1, 120);
            return new string((char)('a' + r.Next(26)), length);
        }
    }
}
