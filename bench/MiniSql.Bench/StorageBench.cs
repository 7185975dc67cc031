// StorageBench.cs — the storage layer's first benchmark (storage issue): 1,000,000 sequential rows of about
// 40 bytes inserted in one transaction and scanned, through MiniSql's pager + b-tree and, beside it, through
// Microsoft.Data.Sqlite (real SQLite) in the same run. Prints times, ratios and file sizes.
using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using MiniSql.Engine.BTree;
using MiniSql.Engine.Records;
using MiniSql.Engine.Storage;
using MiniSql.Vfs;

namespace MiniSql.Bench;

internal static class StorageBench
{
    private const string CreateSql = "CREATE TABLE t(a INTEGER, b TEXT)";

    public static int Run(string[] args)
    {
        int rows = args.Length > 0 && int.TryParse(args[0], out int n) ? n : 1_000_000;
        string dir = Path.Combine(Path.GetTempPath(), "minisql-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string ours = Path.Combine(dir, "minisql.db");
            string theirs = Path.Combine(dir, "sqlite.db");

            // Warm up both paths on a small file so JIT time is not measured.
            InsertMiniSql(Path.Combine(dir, "warm1.db"), 20_000);
            ScanMiniSql(Path.Combine(dir, "warm1.db"));
            InsertSqlite(Path.Combine(dir, "warm2.db"), 20_000);
            ScanSqlite(Path.Combine(dir, "warm2.db"));

            double oursInsert = Time(() => InsertMiniSql(ours, rows));
            double theirsInsert = Time(() => InsertSqlite(theirs, rows));
            long oursSum = 0, theirsSum = 0;
            double oursScan = Time(() => oursSum = ScanMiniSql(ours));
            double theirsScan = Time(() => theirsSum = ScanSqlite(theirs));
            if (oursSum != theirsSum) throw new InvalidOperationException($"scan results differ: {oursSum} vs {theirsSum}");

            // SQLite must accept our file and read the same rows.
            string check;
            long count;
            using (var c = new SqliteConnection($"Data Source={ours};Pooling=False"))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "PRAGMA integrity_check";
                check = (string)cmd.ExecuteScalar()!;
                cmd.CommandText = "SELECT count(*) FROM t";
                count = (long)cmd.ExecuteScalar()!;
            }

            long oursSize = new FileInfo(ours).Length, theirsSize = new FileInfo(theirs).Length;
            Console.WriteLine($"storage: {rows:N0} sequential rows (~40 bytes), one transaction, synchronous=FULL, page size 4096");
            Console.WriteLine($"  insert   MiniSql {oursInsert,8:F0} ms   SQLite {theirsInsert,8:F0} ms   ratio {oursInsert / theirsInsert:F2}");
            Console.WriteLine($"  scan     MiniSql {oursScan,8:F0} ms   SQLite {theirsScan,8:F0} ms   ratio {oursScan / theirsScan:F2}");
            Console.WriteLine($"  file     MiniSql {oursSize,12:N0} B   SQLite {theirsSize,12:N0} B   ratio {(double)oursSize / theirsSize:F4}");
            Console.WriteLine($"  SQLite on MiniSql's file: integrity_check={check}, count={count:N0}");
            return check == "ok" && count == rows ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalMilliseconds;
    }

    /// <summary>The text column: 30 ASCII bytes, so the record is about 40 bytes with the integer and header.</summary>
    private static string Text(long i) => "row-" + i.ToString("D10") + "-abcdefghijklmnop";

    private static void InsertMiniSql(string path, int rows)
    {
        using var pager = Pager.Open(OsVfs.Instance, path, new PagerOptions { Create = true });
        pager.BeginWrite();
        var tree = new BTree(pager);
        uint root = tree.CreateTable();
        SchemaTable.Insert(tree, "table", "t", "t", root, CreateSql);
        pager.SchemaCookie += 1;
        var values = new SqlValue[2];
        var record = new byte[128];
        using (var cursor = tree.OpenTableCursor(root))
        {
            for (long i = 1; i <= rows; i++)
            {
                values[0] = SqlValue.Integer(i * 7);
                values[1] = SqlValue.TextUtf8(Encoding.ASCII.GetBytes(Text(i)));
                int len = RecordEncoder.Encode(values, record);
                cursor.Insert(i, record.AsSpan(0, len));
            }
        }
        pager.Commit();
    }

    private static long ScanMiniSql(string path)
    {
        using var pager = Pager.Open(OsVfs.Instance, path, new PagerOptions { Create = false });
        pager.BeginRead();
        var tree = new BTree(pager);
        uint root = SchemaTable.ReadAll(tree).Single(r => r.Name == "t").RootPage;
        long sum = 0;
        byte[]? buffer = null;
        using (var cursor = tree.OpenTableCursor(root))
        {
            for (bool ok = cursor.First(); ok; ok = cursor.Next())
            {
                var reader = new RecordReader(cursor.GetPayload(ref buffer));
                sum += reader.GetValue(0).AsInteger + reader.GetContent(1, out _).Length;
            }
        }
        pager.EndRead();
        return sum;
    }

    private static void InsertSqlite(string path, int rows)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var tx = c.BeginTransaction();
        using (var create = c.CreateCommand())
        {
            create.CommandText = CreateSql;
            create.ExecuteNonQuery();
        }
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO t(rowid, a, b) VALUES ($r, $a, $b)";
        var r = cmd.Parameters.Add("$r", SqliteType.Integer);
        var a = cmd.Parameters.Add("$a", SqliteType.Integer);
        var b = cmd.Parameters.Add("$b", SqliteType.Text);
        cmd.Prepare();
        for (long i = 1; i <= rows; i++)
        {
            r.Value = i;
            a.Value = i * 7;
            b.Value = Text(i);
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    private static long ScanSqlite(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT a, b FROM t";
        using var reader = cmd.ExecuteReader();
        long sum = 0;
        while (reader.Read()) sum += reader.GetInt64(0) + reader.GetString(1).Length;
        return sum;
    }
}
