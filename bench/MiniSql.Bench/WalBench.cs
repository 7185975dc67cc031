// WalBench.cs — the WAL issue's benchmark: MiniSql beside Microsoft.Data.Sqlite (real SQLite), both in WAL mode on
// real files in one run. Measures durable commits per second (small single-row transactions, synchronous=FULL and
// NORMAL), point-read queries per second while one writer thread commits on another connection, and the time of
// one checkpoint that copies 100,000 frames. Prints every figure and the MiniSql/SQLite ratio (higher is better
// for rates, lower for times).
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using MiniSql.Engine.Records;
using MiniSql.Engine.Storage;
using MiniSql.Sql;

namespace MiniSql.Bench;

internal static class WalBench
{
    private const double PhaseSeconds = 3;
    private const int Accounts = 10_000;

    public static int Run(string[] args)
    {
        int checkpointFrames = args.Length > 0 && int.TryParse(args[0], out int f) ? f : 100_000;
        bool readsOnly = args.Contains("reads"); // "wal reads": only the reads-beside-a-writer phase (page cache work)
        string dir = Path.Combine(Path.GetTempPath(), "minisql-walbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            // Warm-up (JIT) on throw-away files.
            CommitsMiniSql(Path.Combine(dir, "w1.db"), SynchronousMode.Normal, 0.5);
            CommitsSqlite(Path.Combine(dir, "w2.db"), "NORMAL", 0.5);

            Console.WriteLine($"wal: MiniSql vs Microsoft.Data.Sqlite {SqliteVersion()}, WAL mode, page size 4096, {PhaseSeconds:F0} s per rate");
            foreach (var (ours, theirs) in readsOnly ? [] : new[] { (SynchronousMode.Full, "FULL"), (SynchronousMode.Normal, "NORMAL") })
            {
                double a = CommitsMiniSql(Path.Combine(dir, $"c-{theirs}-m.db"), ours, PhaseSeconds);
                double b = CommitsSqlite(Path.Combine(dir, $"c-{theirs}-s.db"), theirs, PhaseSeconds);
                Report($"commits/s synchronous={theirs}", a, b, "/s", higherIsBetter: true);
            }

            var (readsOurs, writesOurs) = ReadsWhileWritingMiniSql(Path.Combine(dir, "r-m.db"));
            var (readsTheirs, writesTheirs) = ReadsWhileWritingSqlite(Path.Combine(dir, "r-s.db"));
            Report("reads/s with 1 writer", readsOurs, readsTheirs, "/s", higherIsBetter: true);
            Report("  writer commits/s meanwhile", writesOurs, writesTheirs, "/s", higherIsBetter: true);

            var (poolUnshared, poolShared) = PoolScansMiniSql(Path.Combine(dir, "p-m.db"));
            double poolSqlite = PoolScansSqlite(Path.Combine(dir, "p-s.db"));
            Report($"pool: {PoolConnections} new conns scan ms, unshared", poolUnshared, poolSqlite, " ms", higherIsBetter: false);
            Report($"pool: {PoolConnections} new conns scan ms, shared", poolShared, poolSqlite, " ms", higherIsBetter: false);
            if (readsOnly)
                return 0;
            var (msOurs, framesOurs) = CheckpointMiniSql(Path.Combine(dir, "k-m.db"), checkpointFrames);
            DeleteDatabase(Path.Combine(dir, "k-m.db"));
            var (msTheirs, framesTheirs) = CheckpointSqlite(Path.Combine(dir, "k-s.db"), checkpointFrames);
            Report($"checkpoint ms ({framesOurs:N0} / {framesTheirs:N0} frames)", msOurs, msTheirs, " ms", higherIsBetter: false);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Report(string what, double ours, double theirs, string unit, bool higherIsBetter)
    {
        Console.WriteLine($"  {what,-44} MiniSql {ours,10:N0}{unit}   SQLite {theirs,10:N0}{unit}   ratio {ours / theirs:F2}"
            + (higherIsBetter ? "" : " (time)"));
    }

    // ---- a pool: connections opened beside a long-lived one, each scanning the whole table once ----

    private const int PoolConnections = 8;
    private const int PoolRows = 2_500; // ~2 KB each: about 1,300 pages (5 MiB), so page loads dominate the scan
    private const int PoolRounds = 5;

    /// <summary>Best round (ms) of opening <see cref="PoolConnections"/> connections and scanning every page with each,
    /// with the process-wide shared page cache off and on (emptied before each round: the first connection reads the
    /// file, the others may copy from it).</summary>
    private static (double Unshared, double Shared) PoolScansMiniSql(string path)
    {
        var options = new DatabaseOptions { JournalMode = JournalMode.Wal, Synchronous = SynchronousMode.Normal };
        using var anchor = Database.Open(path, options); // keeps the WAL (and its salts) alive, as a pool would
        anchor.Execute("CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT); BEGIN");
        using (var fill = anchor.Prepare("INSERT INTO t(s) VALUES (printf('%02000d', ?1))")!)
        {
            for (int i = 0; i < PoolRows; i++)
            {
                fill.Bind(1, SqlValue.Integer(i));
                while (fill.Step()) { }
            }
        }
        anchor.Execute("COMMIT");
        long saved = SharedPageCache.MaxBytes;
        try
        {
            SharedPageCache.MaxBytes = 0;
            double unshared = BestRound(() => ScanWithNewConnections(path, options));
            SharedPageCache.MaxBytes = saved;
            double shared = BestRound(() =>
            {
                SharedPageCache.Clear();
                ScanWithNewConnections(path, options);
            });
            return (unshared, shared);
        }
        finally
        {
            SharedPageCache.MaxBytes = saved;
        }
    }

    private static void ScanWithNewConnections(string path, DatabaseOptions options)
    {
        var connections = new List<Database>();
        try
        {
            for (int i = 0; i < PoolConnections; i++)
            {
                var db = Database.Open(path, options);
                connections.Add(db);
                using var scan = db.Prepare("SELECT count(*), sum(length(s)) FROM t")!;
                while (scan.Step()) { }
            }
        }
        finally
        {
            foreach (var db in connections)
                db.Dispose();
        }
    }

    private static double PoolScansSqlite(string path)
    {
        using var anchor = OpenSqlite(path);
        Exec(anchor, "PRAGMA journal_mode=WAL; CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT);");
        using (var tx = anchor.BeginTransaction())
        {
            using var fill = anchor.CreateCommand();
            fill.CommandText = "INSERT INTO t(s) VALUES (printf('%02000d', $i))";
            var p = fill.Parameters.Add("$i", SqliteType.Integer);
            for (int i = 0; i < PoolRows; i++)
            {
                p.Value = i;
                fill.ExecuteNonQuery();
            }
            tx.Commit();
        }
        return BestRound(() =>
        {
            var connections = new List<SqliteConnection>();
            try
            {
                for (int i = 0; i < PoolConnections; i++)
                {
                    var c = OpenSqlite(path);
                    connections.Add(c);
                    using var scan = c.CreateCommand();
                    scan.CommandText = "SELECT count(*), sum(length(s)) FROM t";
                    scan.ExecuteScalar();
                }
            }
            finally
            {
                foreach (var c in connections)
                    c.Dispose();
            }
        });
    }

    private static double BestRound(Action round)
    {
        double best = double.MaxValue;
        for (int i = 0; i < PoolRounds; i++)
        {
            var clock = Stopwatch.StartNew();
            round();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    // ---- durable commits ----

    private static double CommitsMiniSql(string path, SynchronousMode sync, double seconds)
    {
        using var db = Database.Open(path, new DatabaseOptions { JournalMode = JournalMode.Wal, Synchronous = sync });
        db.Execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER, s TEXT)");
        using var insert = db.Prepare("INSERT INTO t(v, s) VALUES (?1, 'a small row of text')")!;
        var clock = Stopwatch.StartNew();
        long n = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            insert.Bind(1, SqlValue.Integer(n++));
            while (insert.Step()) { }
        }
        return n / clock.Elapsed.TotalSeconds;
    }

    private static double CommitsSqlite(string path, string sync, double seconds)
    {
        using var c = OpenSqlite(path);
        Exec(c, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={sync}; CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER, s TEXT)");
        using var insert = c.CreateCommand();
        insert.CommandText = "INSERT INTO t(v, s) VALUES ($v, 'a small row of text')";
        var p = insert.Parameters.Add("$v", SqliteType.Integer);
        insert.Prepare();
        var clock = Stopwatch.StartNew();
        long n = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            p.Value = n++;
            insert.ExecuteNonQuery();
        }
        return n / clock.Elapsed.TotalSeconds;
    }

    // ---- reads while one writer commits ----

    private static (double Reads, double Writes) ReadsWhileWritingMiniSql(string path)
    {
        var options = new DatabaseOptions { JournalMode = JournalMode.Wal, Synchronous = SynchronousMode.Normal, BusyTimeout = 5000 };
        using (var setup = Database.Open(path, options))
        {
            setup.Execute("CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL); BEGIN");
            using var fill = setup.Prepare("INSERT INTO accounts VALUES (?1, 100)")!;
            for (int i = 1; i <= Accounts; i++)
            {
                fill.Bind(1, SqlValue.Integer(i));
                while (fill.Step()) { }
            }
            setup.Execute("COMMIT");
        }
        using var stop = new CancellationTokenSource();
        long writes = 0;
        var writer = new Thread(() =>
        {
            using var db = Database.Open(path, options);
            using var update = db.Prepare("UPDATE accounts SET balance = balance + 1 WHERE id = ?1")!;
            var random = new Random(1);
            while (!stop.IsCancellationRequested)
            {
                update.Bind(1, SqlValue.Integer(1 + random.Next(Accounts)));
                while (update.Step()) { }
                writes++;
            }
        });
        using var reader = Database.Open(path, options);
        using var query = reader.Prepare("SELECT balance FROM accounts WHERE id = ?1")!;
        var rnd = new Random(2);
        writer.Start();
        var clock = Stopwatch.StartNew();
        long reads = 0;
        while (clock.Elapsed.TotalSeconds < PhaseSeconds)
        {
            query.Bind(1, SqlValue.Integer(1 + rnd.Next(Accounts)));
            while (query.Step()) { }
            reads++;
        }
        double elapsed = clock.Elapsed.TotalSeconds;
        long w = Interlocked.Read(ref writes);
        stop.Cancel();
        writer.Join();
        return (reads / elapsed, w / elapsed);
    }

    private static (double Reads, double Writes) ReadsWhileWritingSqlite(string path)
    {
        using (var setup = OpenSqlite(path))
        {
            Exec(setup, "PRAGMA journal_mode=WAL; CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
            using var tx = setup.BeginTransaction();
            using var fill = setup.CreateCommand();
            fill.CommandText = "INSERT INTO accounts VALUES ($id, 100)";
            var id = fill.Parameters.Add("$id", SqliteType.Integer);
            for (int i = 1; i <= Accounts; i++)
            {
                id.Value = i;
                fill.ExecuteNonQuery();
            }
            tx.Commit();
        }
        using var stop = new CancellationTokenSource();
        long writes = 0;
        var writer = new Thread(() =>
        {
            using var c = OpenSqlite(path);
            Exec(c, "PRAGMA synchronous=NORMAL");
            using var update = c.CreateCommand();
            update.CommandText = "UPDATE accounts SET balance = balance + 1 WHERE id = $id";
            var p = update.Parameters.Add("$id", SqliteType.Integer);
            update.Prepare();
            var random = new Random(1);
            while (!stop.IsCancellationRequested)
            {
                p.Value = 1 + random.Next(Accounts);
                update.ExecuteNonQuery();
                writes++;
            }
        });
        using var reader = OpenSqlite(path);
        using var query = reader.CreateCommand();
        query.CommandText = "SELECT balance FROM accounts WHERE id = $id";
        var q = query.Parameters.Add("$id", SqliteType.Integer);
        query.Prepare();
        var rnd = new Random(2);
        writer.Start();
        var clock = Stopwatch.StartNew();
        long reads = 0;
        while (clock.Elapsed.TotalSeconds < PhaseSeconds)
        {
            q.Value = 1 + rnd.Next(Accounts);
            query.ExecuteScalar();
            reads++;
        }
        double elapsed = clock.Elapsed.TotalSeconds;
        long w = Interlocked.Read(ref writes);
        stop.Cancel();
        writer.Join();
        return (reads / elapsed, w / elapsed);
    }

    // ---- checkpoint of N frames ----

    private static (double Ms, long Frames) CheckpointMiniSql(string path, int frames)
    {
        using var db = Database.Open(path, new DatabaseOptions { JournalMode = JournalMode.Wal, Synchronous = SynchronousMode.Normal });
        db.Execute("PRAGMA wal_autocheckpoint=0; CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB)");
        using var insert = db.Prepare("INSERT INTO t(b) VALUES (?1)")!;
        var blob = new byte[3900];
        new Random(3).NextBytes(blob);
        insert.Bind(1, SqlValue.Blob(blob));
        while (WalFrames(path) < frames)
        {
            db.Execute("BEGIN");
            for (int i = 0; i < 1000; i++)
                while (insert.Step()) { }
            db.Execute("COMMIT");
        }
        long walFrames = WalFrames(path);
        using var checkpoint = db.Prepare("PRAGMA wal_checkpoint(PASSIVE)")!;
        var clock = Stopwatch.StartNew();
        if (!checkpoint.Step())
            throw new InvalidOperationException("PRAGMA wal_checkpoint returned no row");
        double ms = clock.Elapsed.TotalMilliseconds;
        long busy = checkpoint.Column(0).AsInteger, log = checkpoint.Column(1).AsInteger, done = checkpoint.Column(2).AsInteger;
        while (checkpoint.Step()) { }
        if (busy != 0 || log != done)
            throw new InvalidOperationException($"MiniSql checkpoint incomplete: ({busy}, {log}, {done})");
        return (ms, walFrames);
    }

    private static (double Ms, long Frames) CheckpointSqlite(string path, int frames)
    {
        using var c = OpenSqlite(path);
        Exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB)");
        var blob = new byte[3900];
        new Random(3).NextBytes(blob);
        using var insert = c.CreateCommand();
        insert.CommandText = "INSERT INTO t(b) VALUES ($b)";
        insert.Parameters.AddWithValue("$b", blob);
        while (WalFrames(path) < frames)
        {
            using var tx = c.BeginTransaction();
            insert.Transaction = tx;
            for (int i = 0; i < 1000; i++)
                insert.ExecuteNonQuery();
            tx.Commit();
        }
        long walFrames = WalFrames(path);
        using var checkpoint = c.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        var clock = Stopwatch.StartNew();
        using (var r = checkpoint.ExecuteReader())
        {
            r.Read();
            if (r.GetInt64(0) != 0 || r.GetInt64(1) != r.GetInt64(2))
                throw new InvalidOperationException("SQLite checkpoint incomplete");
        }
        return (clock.Elapsed.TotalMilliseconds, walFrames);
    }

    /// <summary>Frames in a WAL file of 4096-byte pages (32-byte header, 24-byte frame headers).</summary>
    private static long WalFrames(string path)
    {
        var wal = new FileInfo(path + "-wal");
        return wal.Exists ? Math.Max(0, (wal.Length - 32) / (4096 + 24)) : 0;
    }

    private static void DeleteDatabase(string path)
    {
        foreach (string suffix in new[] { "", "-wal", "-shm" })
            File.Delete(path + suffix);
    }

    private static SqliteConnection OpenSqlite(string path)
    {
        var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        return c;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string SqliteVersion()
    {
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT sqlite_version()";
        return (string)cmd.ExecuteScalar()!;
    }
}
