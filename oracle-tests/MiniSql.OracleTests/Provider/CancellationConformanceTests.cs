using System.Data.Common;

namespace MiniSql.OracleTests.Provider;

/// <summary>
/// Cancel() and CancellationToken against long-running statements (an endless recursive CTE): the error, the state
/// of the connection afterwards, and the async paths. Microsoft.Data.Sqlite's Cancel does nothing and it checks a
/// token only before it starts, so the oracle side interrupts through sqlite3_interrupt
/// (<see cref="ProviderTarget.Interrupt"/>, <see cref="ProviderTarget.InterruptOn"/>): MiniSql must fail exactly as
/// real SQLite does when interrupted. A watchdog interrupts a statement still running after 20 s, so a provider that
/// ignores the request makes the transcripts differ instead of hanging the run.
/// </summary>
public sealed class CancellationConformanceTests
{
    // A billion rows streamed one by one (MiniSql materializes a CTE read in FROM, so an endless CTE would never
    // return its first row there).
    private const string Endless = "SELECT a.x FROM big a, big b, big c";
    private const string EndlessCount = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    private static object? Scalar(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static void Compare(Action<ProviderTarget, Transcript, DbConnection> body) =>
        ConformanceRunner.Compare((target, t, path) =>
        {
            using var c = target.Open("Data Source=" + path);
            using (var cmd = c.CreateCommand())
            {
                cmd.CommandText = "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3); CREATE TABLE big(x);" +
                    "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000) INSERT INTO big SELECT i FROM s";
                cmd.ExecuteNonQuery();
            }
            body(target, t, c);
            t.Add("usable after", Scalar(c, "SELECT sum(x) FROM t"));
        });

    /// <summary>Runs <paramref name="action"/> with a watchdog that cancels <paramref name="command"/> after 20 s.</summary>
    private static void Guarded(ProviderTarget target, Transcript t, string label, DbCommand command, Func<object?> action)
    {
        bool fired = false;
        using var watchdog = new Timer(_ =>
        {
            fired = true;
            if (target == ProviderTarget.Sqlite) ProviderTarget.Sqlite.Interrupt(command);
            else command.Cancel();
        }, null, TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);
        t.Try(label, action);
        watchdog.Dispose();
        t.Add(label + " needed watchdog", fired);
    }

    /// <summary>A token cancelled before the call: OperationCanceledException, nothing runs.</summary>
    [Fact]
    public void PreCancelledToken() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO t VALUES (10)";
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        t.Try("nonquery", () => cmd.ExecuteNonQueryAsync(cts.Token).GetAwaiter().GetResult());
        t.Try("scalar", () => cmd.ExecuteScalarAsync(cts.Token).GetAwaiter().GetResult());
        t.Try("reader", () => cmd.ExecuteReaderAsync(cts.Token).GetAwaiter().GetResult());
    });

    /// <summary>Cancel() from the reading thread between rows: the next Read fails with SQLITE_INTERRUPT.</summary>
    [Fact]
    public void CancelBetweenRows() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = Endless;
        Guarded(target, t, "read", cmd, () =>
        {
            using var r = cmd.ExecuteReader();
            int n = 0;
            while (r.Read())
            {
                if (++n == 10) target.Interrupt(cmd);
            }
            return n;
        });
        t.Add("same command again", Scalar(c, "SELECT 5"));
        cmd.CommandText = "SELECT count(*) FROM t";
        t.Add("cancelled command reused", cmd.ExecuteScalar());
    });

    /// <summary>Cancel() from another thread while one Step runs for ever (count over an endless CTE).</summary>
    [Fact]
    public void CancelFromAnotherThread() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = EndlessCount;
        using var started = new ManualResetEventSlim();
        var canceller = new Thread(() =>
        {
            started.Wait();
            // Keep asking until the statement has stopped: an interrupt only affects statements already running.
            for (int i = 0; i < 2000 && started.IsSet; i++)
            {
                target.Interrupt(cmd);
                Thread.Sleep(10);
            }
        });
        canceller.Start();
        Guarded(target, t, "scalar", cmd, () =>
        {
            started.Set();
            try
            {
                return cmd.ExecuteScalar();
            }
            finally
            {
                started.Reset();
            }
        });
        canceller.Join();
    });

    /// <summary>A token cancelled while ExecuteScalarAsync/ExecuteNonQueryAsync/ExecuteReaderAsync run for ever.</summary>
    [Theory]
    [InlineData("scalar")]
    [InlineData("nonquery")]
    [InlineData("reader")]
    public void TokenCancelsRunningStatement(string method) => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = EndlessCount;
        using var cts = new CancellationTokenSource();
        using var oracle = target.InterruptOn(cmd, cts.Token);
        cts.CancelAfter(200);
        Guarded(target, t, method, cmd, () => method switch
        {
            "scalar" => cmd.ExecuteScalarAsync(cts.Token).GetAwaiter().GetResult(),
            "nonquery" => cmd.ExecuteNonQueryAsync(cts.Token).GetAwaiter().GetResult(),
            _ => ReadAll(cmd.ExecuteReaderAsync(cts.Token).GetAwaiter().GetResult(), cts.Token),
        });
        t.Add("token cancelled", cts.IsCancellationRequested);
    });

    private static object ReadAll(DbDataReader reader, CancellationToken token)
    {
        using (reader)
        {
            int n = 0;
            while (reader.ReadAsync(token).GetAwaiter().GetResult()) n++;
            return n;
        }
    }

    /// <summary>ReadAsync with a token cancelled between rows of a streaming query.</summary>
    [Fact]
    public void TokenCancelledBetweenReads() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = Endless;
        using var cts = new CancellationTokenSource();
        using var oracle = target.InterruptOn(cmd, cts.Token);
        Guarded(target, t, "read", cmd, () =>
        {
            using var r = cmd.ExecuteReaderAsync(cts.Token).GetAwaiter().GetResult();
            int n = 0;
            while (r.ReadAsync(cts.Token).GetAwaiter().GetResult())
            {
                if (++n == 10) cts.Cancel();
            }
            return n;
        });
    });

    /// <summary>Cancel() with no statement running has no effect on the next statement (sqlite3_interrupt).</summary>
    [Fact]
    public void CancelWhileIdle() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM t";
        target.Interrupt(cmd);
        t.Try("after idle cancel", () => cmd.ExecuteScalar());
        using var other = c.CreateCommand();
        other.CommandText = "SELECT 1";
        other.Cancel();
        target.Interrupt(other);
        t.Try("other after idle cancel", () => other.ExecuteScalar());
    });
}
