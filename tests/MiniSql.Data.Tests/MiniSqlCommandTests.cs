using System.Data;
using System.Diagnostics;

namespace MiniSql.Data.Tests;

/// <summary>Command behaviour not visible through the conformance suite: statement reuse, busy back-off, async, password.</summary>
public sealed class MiniSqlCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "minisql-data-" + Guid.NewGuid().ToString("N"));

    public MiniSqlCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        MiniSqlConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string File => "Data Source=" + Path.Combine(_dir, "t.db");

    [Fact]
    public void PreparedCommandRunsManyTimes()
    {
        using var c = new MiniSqlConnection("Data Source=:memory:");
        c.Open();
        using (var create = c.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t(x INTEGER)";
            create.ExecuteNonQuery();
        }
        using var insert = c.CreateCommand();
        insert.CommandText = "INSERT INTO t VALUES ($x)";
        var p = insert.Parameters.AddWithValue("$x", 0);
        insert.Prepare();
        for (int i = 1; i <= 100; i++)
        {
            p.Value = i;
            Assert.Equal(1, insert.ExecuteNonQuery());
        }
        using var sum = c.CreateCommand();
        sum.CommandText = "SELECT sum(x) FROM t";
        Assert.Equal(5050L, sum.ExecuteScalar());
    }

    [Fact]
    public void BusyIsRetriedUntilTimeout()
    {
        using var a = new MiniSqlConnection(File);
        using var b = new MiniSqlConnection(File + ";Pooling=False");
        a.Open();
        b.Open();
        using (var create = a.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t(x)";
            create.ExecuteNonQuery();
        }
        using var tx = a.BeginTransaction();
        using var cmd = b.CreateCommand();
        cmd.CommandText = "INSERT INTO t VALUES (1)";
        cmd.CommandTimeout = 1;
        var watch = Stopwatch.StartNew();
        var ex = Assert.Throws<MiniSqlException>(() => cmd.ExecuteNonQuery());
        Assert.Equal(ResultCode.Busy, ex.ResultCode);
        Assert.InRange(watch.ElapsedMilliseconds, 900, 10_000);
    }

    [Fact]
    public async Task PreCancelledTokenThrows()
    {
        using var c = new MiniSqlConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT 1";
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cmd.ExecuteScalarAsync(cts.Token));
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public void PasswordIsRejected()
    {
        using var c = new MiniSqlConnection("Data Source=:memory:;Password=x");
        var ex = Assert.Throws<InvalidOperationException>(() => c.Open());
        Assert.Contains("encryption", ex.Message);
        Assert.Equal(ConnectionState.Closed, c.State);
    }

    [Fact]
    public void PoolReusesAndClears()
    {
        for (int i = 0; i < 3; i++)
        {
            using var c = new MiniSqlConnection(File);
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE IF NOT EXISTS t(x); INSERT INTO t VALUES (1); SELECT count(*) FROM t";
            Assert.Equal((long)(i + 1), cmd.ExecuteScalar());
        }
        MiniSqlConnection.ClearAllPools();
        System.IO.File.Delete(Path.Combine(_dir, "t.db"));
        Assert.False(System.IO.File.Exists(Path.Combine(_dir, "t.db")));
    }
}
