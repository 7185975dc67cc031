using System.Diagnostics;

namespace MiniSql.Data.Tests;

/// <summary>Cancel() and tokens stop endless statements promptly (no watchdog needed) and leave the connection usable.</summary>
public sealed class CancellationTests
{
    private const string Endless = "SELECT a.x FROM big a, big b, big c";
    private const string EndlessCount = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    private static MiniSqlConnection Open()
    {
        var c = new MiniSqlConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "CREATE TABLE big(x); WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000) INSERT INTO big SELECT i FROM s";
        cmd.ExecuteNonQuery();
        return c;
    }

    [Fact]
    public void CancelBetweenRowsStopsTheNextRead()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = Endless;
        using var r = cmd.ExecuteReader();
        for (int i = 0; i < 10; i++) Assert.True(r.Read());
        cmd.Cancel();
        var ex = Assert.Throws<MiniSqlException>(() => r.Read());
        Assert.Equal(9, ex.SqliteErrorCode);
    }

    [Fact]
    public void TokenCancelledBeforeTheStatementStartsStillStopsIt()
    {
        // The connection's interrupt flag is cleared when a statement begins (sqlite3_interrupt semantics); a
        // statement's token is not, so a token cancelled just before the first step still stops the statement.
        using var c = Open();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var statement = c.Handle.Prepare(EndlessCount)!;
        statement.CancellationToken = cts.Token;
        var ex = Assert.Throws<MiniSqlException>(() => statement.Step());
        Assert.Equal(ResultCode.Interrupt, ex.ResultCode);
        statement.CancellationToken = CancellationToken.None;
        using var count = c.Handle.Prepare("SELECT count(*) FROM big")!;
        Assert.True(count.Step());
    }

    [Fact]
    public async Task TokenStopsARunningStatementWithinASecond()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = EndlessCount;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var timer = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<MiniSqlException>(() => cmd.ExecuteScalarAsync(cts.Token));
        Assert.Equal(9, ex.SqliteErrorCode);
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(10), timer.Elapsed.ToString());
        // The prepared statement no longer carries the token: the command runs again.
        cmd.CommandText = "SELECT count(*) FROM big";
        Assert.Equal(1000L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ReaderTokenStopsAStreamingRead()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = Endless;
        using var cts = new CancellationTokenSource();
        await using var r = await cmd.ExecuteReaderAsync(cts.Token);
        for (int i = 0; i < 5; i++) Assert.True(await r.ReadAsync(cts.Token));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => r.ReadAsync(cts.Token));
        // Without a token the reader goes on.
        Assert.True(await r.ReadAsync());
    }

    [Fact]
    public void CancelFromAnotherThreadStopsAStep()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = EndlessCount;
        using var stop = new CancellationTokenSource();
        var canceller = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                cmd.Cancel();
                Thread.Sleep(5);
            }
        });
        canceller.Start();
        try
        {
            var ex = Assert.Throws<MiniSqlException>(() => cmd.ExecuteScalar());
            Assert.Equal(ResultCode.Interrupt, ex.ResultCode);
        }
        finally
        {
            stop.Cancel();
            canceller.Join();
        }
        using var q = c.CreateCommand();
        q.CommandText = "SELECT count(*) FROM big";
        Assert.Equal(1000L, q.ExecuteScalar());
    }
}
