using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using MiniSql.Data;

namespace MiniSql.Bench;

/// <summary>
/// Provider per-row costs beside Microsoft.Data.Sqlite: a prepared INSERT executed once per row inside one transaction,
/// and a reader walking every row. Prints microseconds per row for both and the MiniSql/SQLite ratio.
/// </summary>
internal static class ProviderBenchmark
{
    private const int Rows = 20_000;

    public static int Run()
    {
        string dir = Path.Combine(Path.GetTempPath(), "minisql-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var sqlite = Measure(new SqliteConnection("Data Source=" + Path.Combine(dir, "sqlite.db")));
            var mini = Measure(new MiniSqlConnection("Data Source=" + Path.Combine(dir, "minisql.db")));
            Console.WriteLine($"provider bench, {Rows} rows");
            Console.WriteLine($"{"",-22}{"SQLite us/row",14}{"MiniSql us/row",16}{"ratio",8}");
            Print("prepared insert", sqlite.Insert, mini.Insert);
            Print("reader", sqlite.Read, mini.Read);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            MiniSqlConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Print(string name, double sqlite, double mini) =>
        Console.WriteLine($"{name,-22}{sqlite,14:F3}{mini,16:F3}{mini / sqlite,8:F1}x");

    private static (double Insert, double Read) Measure(DbConnection connection)
    {
        using (connection)
        {
            connection.Open();
            using (var create = connection.CreateCommand())
            {
                create.CommandText = "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL)";
                create.ExecuteNonQuery();
            }
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
            watch.Restart();
            long sum = 0;
            using (var select = connection.CreateCommand())
            {
                select.CommandText = "SELECT id, name, score FROM t";
                using var reader = select.ExecuteReader();
                while (reader.Read()) sum += reader.GetInt64(0) + reader.GetString(1).Length + (long)reader.GetDouble(2);
            }
            double readUs = watch.Elapsed.TotalMicroseconds / Rows;
            if (sum == 0) throw new InvalidOperationException("no rows read");
            return (insertUs, readUs);
        }
    }
}
