namespace MiniSql.Data.Tests;

/// <summary>
/// Connection pooling (on by default, Pooling=False, ClearPool/ClearAllPools) and several connections to one file in
/// one process: each has its own engine connection and page cache, revalidated against the file at every
/// transaction, so they see each other's commits.
/// </summary>
public sealed class PoolingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "minisql-pool-" + Guid.NewGuid().ToString("N"));

    public PoolingTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        MiniSqlConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string Source(string name = "p.db") => "Data Source=" + Path.Combine(_dir, name);

    private static object? Scalar(MiniSqlConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static Sql.Database Reopen(string connectionString)
    {
        using var c = new MiniSqlConnection(connectionString);
        c.Open();
        return c.Handle;
    }

    [Fact]
    public void PoolingIsOnByDefaultAndReusesTheEngineConnection()
    {
        var first = Reopen(Source());
        Assert.Same(first, Reopen(Source()));
    }

    [Fact]
    public void PoolingFalseOpensAFreshEngineConnectionEachTime()
    {
        string cs = Source() + ";Pooling=False";
        var first = Reopen(cs);
        Assert.NotSame(first, Reopen(cs));
    }

    [Fact]
    public void ClearPoolAndClearAllPoolsDropIdleConnections()
    {
        var first = Reopen(Source());
        using (var c = new MiniSqlConnection(Source()))
        {
            MiniSqlConnection.ClearPool(c);
        }
        var second = Reopen(Source());
        Assert.NotSame(first, second);
        MiniSqlConnection.ClearAllPools();
        Assert.NotSame(second, Reopen(Source()));
    }

    [Fact]
    public void AConnectionInUseDuringClearPoolIsNotPooledAgain()
    {
        var c = new MiniSqlConnection(Source());
        c.Open();
        var inUse = c.Handle;
        MiniSqlConnection.ClearAllPools();
        c.Close();
        Assert.NotSame(inUse, Reopen(Source()));
    }

    [Fact]
    public void APendingTransactionIsRolledBackBeforeThePoolTakesTheConnection()
    {
        using (var c = new MiniSqlConnection(Source()))
        {
            c.Open();
            Scalar(c, "CREATE TABLE t(x)");
            var tx = c.BeginTransaction();
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO t VALUES (1)";
            cmd.ExecuteNonQuery();
        }
        using var again = new MiniSqlConnection(Source());
        again.Open();
        Assert.True(again.Handle.IsAutocommit);
        Assert.Equal(0L, Scalar(again, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void ConnectionsToOneFileSeeEachOthersCommits()
    {
        using var a = new MiniSqlConnection(Source());
        using var b = new MiniSqlConnection(Source());
        a.Open();
        b.Open();
        Assert.NotSame(a.Handle, b.Handle);
        Scalar(a, "CREATE TABLE t(x)");
        Scalar(b, "INSERT INTO t VALUES (1)");
        Assert.Equal(1L, Scalar(a, "SELECT count(*) FROM t"));
        Scalar(a, "CREATE INDEX t_x ON t(x); INSERT INTO t VALUES (2)");
        Assert.Equal(2L, Scalar(b, "SELECT count(*) FROM t WHERE x > 0"));
        Assert.Equal("ok", Scalar(b, "PRAGMA integrity_check"));
    }

    [Fact]
    public void ThreadsWithTheirOwnConnectionsWriteOneFile()
    {
        using (var setup = new MiniSqlConnection(Source()))
        {
            setup.Open();
            Scalar(setup, "CREATE TABLE t(thread, n)");
        }
        var errors = new List<Exception>();
        var threads = new Thread[4];
        for (int k = 0; k < threads.Length; k++)
        {
            int id = k;
            threads[k] = new Thread(() =>
            {
                try
                {
                    for (int i = 0; i < 50; i++)
                    {
                        // Open/close every time: the pool hands the same engine connections around the threads.
                        using var c = new MiniSqlConnection(Source() + ";Default Timeout=60");
                        c.Open();
                        using var cmd = c.CreateCommand();
                        cmd.CommandText = "INSERT INTO t VALUES ($t, $n)";
                        cmd.Parameters.AddWithValue("$t", id);
                        cmd.Parameters.AddWithValue("$n", i);
                        cmd.ExecuteNonQuery();
                    }
                }
                catch (Exception ex)
                {
                    lock (errors) errors.Add(ex);
                }
            });
            threads[k].Start();
        }
        foreach (var t in threads) t.Join();
        Assert.Empty(errors);
        using var check = new MiniSqlConnection(Source());
        check.Open();
        Assert.Equal(200L, Scalar(check, "SELECT count(*) FROM t"));
        Assert.Equal(4L, Scalar(check, "SELECT count(DISTINCT thread) FROM t"));
    }

    [Fact]
    public void SharedCacheMemoryDatabaseIsSharedWhileOpen()
    {
        const string cs = "Data Source=pooltest;Mode=Memory;Cache=Shared";
        using var a = new MiniSqlConnection(cs);
        a.Open();
        Scalar(a, "CREATE TABLE t(x); INSERT INTO t VALUES (5)");
        using (var b = new MiniSqlConnection(cs))
        {
            b.Open();
            Assert.Equal(5L, Scalar(b, "SELECT x FROM t"));
        }
        a.Close();
        using var fresh = new MiniSqlConnection(cs);
        fresh.Open();
        Assert.Equal(0L, Scalar(fresh, "SELECT count(*) FROM sqlite_schema"));
    }
}
