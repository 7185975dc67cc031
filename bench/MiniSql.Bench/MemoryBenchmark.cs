using System.Diagnostics;
using MiniSql.Data;

namespace MiniSql.Bench;

/// <summary>
/// Issue 3's memory bound: a table of 10,000,000 rows (default; first argument overrides), then
/// <c>SELECT count(*), sum(a) FROM t</c> and a full <c>SELECT *</c> streamed through the reader. Prints elapsed time,
/// bytes allocated, the largest managed heap seen (sampled every 10,000 rows and after each GC) and the peak working
/// set; fails (exit 1) when the managed heap or the working set goes over 100 MB.
/// </summary>
internal static class MemoryBenchmark
{
    private const long LimitBytes = 100L * 1024 * 1024;

    public static int Run(string[] args)
    {
        long rows = args.Length > 0 ? long.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000_000;
        string dir = Path.Combine(Path.GetTempPath(), "minisql-membench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        long peakHeap = 0;
        try
        {
            string cs = "Data Source=" + Path.Combine(dir, "big.db");
            var timer = Stopwatch.StartNew();
            using (var c = new MiniSqlConnection(cs))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "CREATE TABLE t(a INTEGER, b TEXT, c REAL)";
                cmd.ExecuteNonQuery();
                // Batches of 100,000 rows per transaction: a transaction's dirty pages stay in memory (pager P6).
                var tx = c.BeginTransaction();
                using var insert = c.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO t VALUES ($a, $b, $c)";
                var a = insert.Parameters.Add("$a", MiniSqlType.Integer);
                var b = insert.Parameters.Add("$b", MiniSqlType.Text);
                var cc = insert.Parameters.Add("$c", MiniSqlType.Real);
                insert.Prepare();
                for (long i = 1; i <= rows; i++)
                {
                    a.Value = i;
                    b.Value = "row " + (i % 1000);
                    cc.Value = i * 0.5;
                    insert.ExecuteNonQuery();
                    if (i % 10_000 == 0) peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                    if (i % 100_000 == 0 && i < rows)
                    {
                        tx.Commit();
                        tx = c.BeginTransaction();
                        insert.Transaction = tx;
                    }
                }
                tx.Commit();
            }
            Console.WriteLine($"memory bench: {rows:N0} rows inserted in {timer.Elapsed.TotalSeconds:F1} s (peak heap while loading {Mb(peakHeap)})");
            MiniSqlConnection.ClearAllPools();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Process.GetCurrentProcess().Refresh();

            long scanPeak = 0;
            using (var c = new MiniSqlConnection(cs))
            {
                c.Open();
                long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                timer.Restart();
                using (var cmd = c.CreateCommand())
                {
                    cmd.CommandText = "SELECT count(*), sum(a) FROM t";
                    using var r = cmd.ExecuteReader();
                    r.Read();
                    Console.WriteLine($"count/sum: {r.GetInt64(0):N0} rows, sum {r.GetInt64(1):N0}, {timer.Elapsed.TotalSeconds:F1} s, " +
                        $"allocated {Mb(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore)}, heap {Mb(GC.GetTotalMemory(false))}");
                    scanPeak = Math.Max(scanPeak, GC.GetTotalMemory(false));
                }
                allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                timer.Restart();
                long n = 0, check = 0;
                using (var cmd = c.CreateCommand())
                {
                    cmd.CommandText = "SELECT * FROM t";
                    using var r = cmd.ExecuteReader();
                    while (r.Read())
                    {
                        check += r.GetInt64(0) + r.GetString(1).Length + (long)r.GetDouble(2);
                        if (++n % 10_000 == 0) scanPeak = Math.Max(scanPeak, GC.GetTotalMemory(false));
                    }
                }
                Console.WriteLine($"select *: {n:N0} rows (check {check}), {timer.Elapsed.TotalSeconds:F1} s, " +
                    $"allocated {Mb(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore)} ({(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / Math.Max(1, n)} B/row)");
            }
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            long workingSet = Process.GetCurrentProcess().PeakWorkingSet64;
            Console.WriteLine($"peak managed heap during scans {Mb(scanPeak)}; largest heap after a GC {Mb(info.HeapSizeBytes)}; " +
                $"peak working set (whole run) {Mb(workingSet)}; limit {Mb(LimitBytes)}");
            bool ok = scanPeak < LimitBytes && peakHeap < LimitBytes;
            Console.WriteLine(ok ? "memory: within the limit" : "memory: OVER the limit");
            return ok ? 0 : 1;
        }
        finally
        {
            MiniSqlConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " MB";
}
