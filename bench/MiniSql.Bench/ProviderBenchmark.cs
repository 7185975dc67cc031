using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using MiniSql.Data;

namespace MiniSql.Bench;

/// <summary>
/// Provider per-row costs beside Microsoft.Data.Sqlite: a prepared INSERT executed once per row inside one transaction,
/// and a reader walking every row. Each provider runs <c>passes</c> times (default 5) on a fresh database; the first
/// pass is reported as "cold" (it includes JIT and tier-0 code, as a short-lived process sees) and the best later
/// pass as "warm" (steady state). Prints microseconds and bytes allocated per row, and the MiniSql/SQLite ratio.
/// </summary>
internal static class ProviderBenchmark
{
    private const int Rows = 20_000;

    private readonly record struct Pass(double InsertUs, double ReadUs, double InsertBytes, double ReadBytes);

    public static int Run(string[] args)
    {
        int passes = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        if (passes < 1) passes = 1;
        string dir = Path.Combine(Path.GetTempPath(), "minisql-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var sqlite = new List<Pass>();
            var mini = new List<Pass>();
            for (int p = 0; p < passes; p++)
            {
                sqlite.Add(Measure(new SqliteConnection("Data Source=" + Path.Combine(dir, $"sqlite{p}.db"))));
                mini.Add(Measure(new MiniSqlConnection("Data Source=" + Path.Combine(dir, $"minisql{p}.db"))));
            }
            Console.WriteLine($"provider bench, {Rows} rows, {passes} passes (cold = first pass, warm = best later pass)");
            Console.WriteLine($"{"",-24}{"SQLite us/row",14}{"MiniSql us/row",16}{"ratio",8}{"SQLite B/row",14}{"MiniSql B/row",15}");
            Print("prepared insert, cold", sqlite[0].InsertUs, mini[0].InsertUs, sqlite[0].InsertBytes, mini[0].InsertBytes);
            Print("reader, cold", sqlite[0].ReadUs, mini[0].ReadUs, sqlite[0].ReadBytes, mini[0].ReadBytes);
            if (passes > 1)
            {
                var s = Best(sqlite);
                var m = Best(mini);
                Print("prepared insert, warm", s.InsertUs, m.InsertUs, s.InsertBytes, m.InsertBytes);
                Print("reader, warm", s.ReadUs, m.ReadUs, s.ReadBytes, m.ReadBytes);
            }
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            MiniSqlConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Pass Best(List<Pass> passes)
    {
        var rest = passes.Skip(1).ToList();
        var insert = rest.MinBy(p => p.InsertUs);
        var read = rest.MinBy(p => p.ReadUs);
        return new Pass(insert.InsertUs, read.ReadUs, insert.InsertBytes, read.ReadBytes);
    }

    private static void Print(string name, double sqlite, double mini, double sqliteBytes, double miniBytes) =>
        Console.WriteLine($"{name,-24}{sqlite,14:F3}{mini,16:F3}{mini / sqlite,7:F1}x{sqliteBytes,14:F0}{miniBytes,15:F0}");

    private static Pass Measure(DbConnection connection)
    {
        using (connection)
        {
            connection.Open();
            using (var create = connection.CreateCommand())
            {
                create.CommandText = "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL)";
                create.ExecuteNonQuery();
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            using (var tx = connection.BeginTransaction())
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO t(name, score) VALUES (@name, @score)";
                var name = insert.CreateParameter();
                name.ParameterName = "@name";
                var score = insert.CreateParameter();
                score.ParameterName = "@score";
                insert.Parameters.Add(name);
                insert.Parameters.Add(score);
                insert.Prepare();
                for (int i = 0; i < Rows; i++)
                {
                    name.Value = "name" + i;
                    score.Value = i * 0.5;
                    insert.ExecuteNonQuery();
                }
                tx.Commit();
            }
            double insertUs = watch.Elapsed.TotalMicroseconds / Rows;
            double insertBytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)Rows;
            allocated = GC.GetAllocatedBytesForCurrentThread();
            watch.Restart();
            long sum = 0;
            using (var select = connection.CreateCommand())
            {
                select.CommandText = "SELECT id, name, score FROM t";
                using var reader = select.ExecuteReader();
                while (reader.Read()) sum += reader.GetInt64(0) + reader.GetString(1).Length + (long)reader.GetDouble(2);
            }
            double readUs = watch.Elapsed.TotalMicroseconds / Rows;
            double readBytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)Rows;
            if (sum == 0) throw new InvalidOperationException("no rows read");
            return new Pass(insertUs, readUs, insertBytes, readBytes);
        }
    }
}
