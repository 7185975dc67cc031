using System.Diagnostics;
using System.Globalization;
using MiniSql.Engine.Records;
using MiniSql.Engine.Storage;
using MiniSql.Engine.Storage.Wal;
using MiniSql.Sql;

namespace MiniSql.TestWorker;

/// <summary>
/// The bank-transfer workload for snapshot isolation under load (WAL mode). Tables (created by the test):
/// accounts(id INTEGER PRIMARY KEY, balance INTEGER) whose balances always sum to the same total, and
/// counter(id INTEGER PRIMARY KEY, n INTEGER) with one row that every writer transaction increments.
/// The writer moves random amounts between random accounts, one transaction per transfer, with automatic
/// checkpoints at a small threshold plus explicit ones; readers check every snapshot's sum and that the counter
/// never goes backwards. Only SQLITE_BUSY within busy_timeout is tolerated (the busy handler absorbs it). Each role
/// prints "ready" once open and waits for a "go" line before its timed loop.
/// </summary>
internal static class BankWorkload
{
    private const int BusyTimeoutMs = 10_000;

    /// <summary>bank-writer &lt;db&gt; &lt;seconds&gt; &lt;accounts&gt; &lt;autocheckpoint&gt; &lt;seed&gt;.</summary>
    public static int RunWriter(string[] args)
    {
        string path = args[0];
        double seconds = double.Parse(args[1], CultureInfo.InvariantCulture);
        int accounts = int.Parse(args[2], CultureInfo.InvariantCulture);
        int autoCheckpoint = int.Parse(args[3], CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(args[4], CultureInfo.InvariantCulture));
        using var db = Open(path);
        WalControl.SetAutoCheckpoint(db, autoCheckpoint);
        using var begin = Prepare(db, "BEGIN");
        using var debit = Prepare(db, "UPDATE accounts SET balance = balance - ?1 WHERE id = ?2");
        using var credit = Prepare(db, "UPDATE accounts SET balance = balance + ?1 WHERE id = ?2");
        using var bump = Prepare(db, "UPDATE counter SET n = n + 1 WHERE id = 1");
        using var commit = Prepare(db, "COMMIT");
        long commits = 0, checkpoints = 0, checkpointBusy = 0;
        var modes = new[] { CheckpointMode.Passive, CheckpointMode.Full, CheckpointMode.Restart, CheckpointMode.Truncate };
        AwaitGo();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            long from = 1 + random.Next(accounts), to = 1 + random.Next(accounts), amount = random.Next(1, 100);
            Run(begin);
            debit.Bind(1, SqlValue.Integer(amount));
            debit.Bind(2, SqlValue.Integer(from));
            Run(debit);
            credit.Bind(1, SqlValue.Integer(amount));
            credit.Bind(2, SqlValue.Integer(to));
            Run(credit);
            Run(bump);
            Run(commit);
            commits++;
            if (commits % 500 == 0)
            {
                var (busy, _, _) = WalControl.Checkpoint(db, modes[random.Next(modes.Length)]);
                checkpoints++;
                checkpointBusy += busy;
            }
        }
        long n = WalControl.QueryLong(db, "SELECT n FROM counter WHERE id = 1");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"done commits={commits} counter={n} checkpoints={checkpoints} checkpoint_busy={checkpointBusy}"));
        return 0;
    }

    /// <summary>bank-reader &lt;db&gt; &lt;seconds&gt; &lt;total&gt; &lt;seed&gt;: alternates one-statement reads and
    /// two-statement read transactions, checking the sum and the counter's monotonicity.</summary>
    public static int RunReader(string[] args)
    {
        string path = args[0];
        double seconds = double.Parse(args[1], CultureInfo.InvariantCulture);
        long total = long.Parse(args[2], CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(args[3], CultureInfo.InvariantCulture));
        using var db = Open(path);
        using var both = Prepare(db, "SELECT (SELECT sum(balance) FROM accounts), (SELECT n FROM counter WHERE id = 1)");
        using var begin = Prepare(db, "BEGIN");
        using var sum = Prepare(db, "SELECT sum(balance) FROM accounts");
        using var counter = Prepare(db, "SELECT n FROM counter WHERE id = 1");
        using var commit = Prepare(db, "COMMIT");
        long reads = 0, last = -1, first = -1;
        AwaitGo();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            long s, n;
            if (random.Next(2) == 0)
            {
                (s, n) = Row2(both);
            }
            else
            {
                Run(begin);
                n = Row1(counter);
                // A writer commits between the two statements often; the transaction's snapshot must hide it.
                if (random.Next(4) == 0)
                    Thread.SpinWait(random.Next(20_000));
                s = Row1(sum);
                long again = Row1(counter);
                Run(commit);
                if (again != n)
                    return Violation($"counter changed inside one read transaction: {n} then {again}");
            }
            if (s != total)
                return Violation($"sum of balances {s}, expected {total} (counter {n})");
            if (n < last)
                return Violation($"snapshot went backwards: counter {n} after {last}");
            if (first < 0)
                first = n;
            last = n;
            reads++;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done reads={reads} first={first} last={last}"));
        return 0;
    }

    /// <summary>Prints "ready" and blocks until the test sends "go" (or closes stdin), so that every process of a
    /// run starts its timed loop together whatever its start-up time.</summary>
    public static void AwaitGo()
    {
        Console.WriteLine("ready");
        Console.ReadLine();
    }

    private static int Violation(string message)
    {
        Console.WriteLine("violation " + message);
        return 3;
    }

    private static Database Open(string path) => Database.Open(path, new DatabaseOptions
    {
        JournalMode = JournalMode.Wal,
        Synchronous = SynchronousMode.Normal,
        BusyTimeout = BusyTimeoutMs,
    });

    private static Statement Prepare(Database db, string sql) =>
        db.Prepare(sql) ?? throw new InvalidOperationException("empty statement: " + sql);

    private static void Run(Statement st)
    {
        while (st.Step()) { }
    }

    private static long Row1(Statement st)
    {
        if (!st.Step())
            throw new InvalidOperationException("no row: " + st.Sql);
        long v = st.Column(0).AsInteger;
        Run(st);
        return v;
    }

    private static (long, long) Row2(Statement st)
    {
        if (!st.Step())
            throw new InvalidOperationException("no row: " + st.Sql);
        var v = (st.Column(0).AsInteger, st.Column(1).AsInteger);
        Run(st);
        return v;
    }
}
