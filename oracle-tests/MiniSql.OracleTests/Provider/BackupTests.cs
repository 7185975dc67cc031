using Microsoft.Data.Sqlite;
using MiniSql.Data;

namespace MiniSql.OracleTests.Provider;

/// <summary>
/// MiniSql.Data's page-copy backup under concurrent writes and its documented limits; every copy is checked by
/// real SQLite (integrity_check and a consistent row count).
/// </summary>
public sealed class BackupTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "minisql-backup-" + Guid.NewGuid().ToString("N"));

    public BackupTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        MiniSqlConnection.ClearAllPools();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static object? Scalar(System.Data.Common.DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    /// <summary>
    /// A writer thread commits batches of 10 rows (each batch one transaction) while the main thread takes backups
    /// to files: each copy is a committed state (row count a multiple of 10, never decreasing) that SQLite accepts.
    /// </summary>
    [Fact]
    public void BackupsWhileAnotherConnectionWrites()
    {
        string path = Path.Combine(_dir, "live.db");
        using (var setup = new MiniSqlConnection("Data Source=" + path))
        {
            setup.Open();
            using var cmd = setup.CreateCommand();
            cmd.CommandText = "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT, pad BLOB)";
            cmd.ExecuteNonQuery();
        }
        using var stop = new CancellationTokenSource();
        Exception? writerError = null;
        int batches = 0;
        var writer = new Thread(() =>
        {
            try
            {
                using var c = new MiniSqlConnection("Data Source=" + path + ";Default Timeout=60");
                c.Open();
                using var insert = c.CreateCommand();
                insert.CommandText = "BEGIN IMMEDIATE; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) " +
                    "INSERT INTO t(v, pad) SELECT 'row', zeroblob(300) FROM n; COMMIT;";
                while (!stop.IsCancellationRequested && batches < 2000)
                {
                    insert.ExecuteNonQuery();
                    Interlocked.Increment(ref batches);
                }
            }
            catch (Exception ex)
            {
                writerError = ex;
            }
        });
        writer.Start();
        long last = -1;
        try
        {
            using var source = new MiniSqlConnection("Data Source=" + path + ";Default Timeout=60");
            source.Open();
            for (int i = 0; i < 8; i++)
            {
                while (Volatile.Read(ref batches) < (i + 1) * 5 && writer.IsAlive) Thread.Yield();
                string copy = Path.Combine(_dir, "copy" + i + ".db");
                using (var destination = new MiniSqlConnection("Data Source=" + copy))
                {
                    destination.Open();
                    source.BackupDatabase(destination);
                }
                MiniSqlConnection.ClearAllPools();
                using var check = new SqliteConnection("Data Source=" + copy + ";Pooling=False");
                check.Open();
                Assert.Equal("ok", Scalar(check, "PRAGMA integrity_check"));
                long count = (long)Scalar(check, "SELECT count(*) FROM t")!;
                Assert.Equal(0, count % 10);
                Assert.True(count >= last, $"copy {i} has {count} rows, an earlier one had {last}");
                Assert.Equal(count, (long)Scalar(check, "SELECT max(id) FROM t")!);
                last = count;
            }
        }
        finally
        {
            stop.Cancel();
            writer.Join();
        }
        Assert.Null(writerError);
        Assert.True(last > 0);
    }

    /// <summary>Different page sizes need an empty destination (MiniSql cannot change a populated file's page size).</summary>
    [Fact]
    public void DifferentPageSizeNeedsAnEmptyDestination()
    {
        using var source = new MiniSqlConnection("Data Source=:memory:");
        source.Open();
        using (var cmd = source.CreateCommand())
        {
            cmd.CommandText = "PRAGMA page_size = 8192; CREATE TABLE t(x); INSERT INTO t VALUES (1)";
            cmd.ExecuteNonQuery();
        }
        using var populated = new MiniSqlConnection("Data Source=" + Path.Combine(_dir, "populated.db"));
        populated.Open();
        using (var cmd = populated.CreateCommand())
        {
            cmd.CommandText = "CREATE TABLE keep(x); INSERT INTO keep VALUES (7)";
            cmd.ExecuteNonQuery();
        }
        var ex = Assert.Throws<MiniSqlException>(() => source.BackupDatabase(populated));
        Assert.Equal(8, ex.SqliteErrorCode);
        Assert.Equal(7L, Scalar(populated, "SELECT x FROM keep"));

        string emptyPath = Path.Combine(_dir, "empty.db");
        using (var empty = new MiniSqlConnection("Data Source=" + emptyPath))
        {
            empty.Open();
            source.BackupDatabase(empty);
            Assert.Equal(8192L, Scalar(empty, "PRAGMA page_size"));
        }
        MiniSqlConnection.ClearAllPools();
        using var check = new SqliteConnection("Data Source=" + emptyPath + ";Pooling=False");
        check.Open();
        Assert.Equal("ok", Scalar(check, "PRAGMA integrity_check"));
        Assert.Equal(8192L, Scalar(check, "PRAGMA page_size"));
        Assert.Equal(1L, Scalar(check, "SELECT x FROM t"));
    }
}
