namespace MiniSql.Sql.Tests.Execution;

/// <summary>
/// Database.Interrupt (sqlite3_interrupt) stops every kind of long-running statement with SQLITE_INTERRUPT
/// "interrupted", whichever operator is looping: an endless recursive CTE, a scan whose filter rejects every row,
/// a sort or grouping that has to read its whole input first, a nested-loop join, a long DELETE.
/// </summary>
public sealed class InterruptTests
{
    public static TheoryData<string> LongQueries => new()
    {
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION SELECT x + 1 FROM c) SELECT max(x) FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c ORDER BY x DESC LIMIT 1",
        "SELECT count(*) FROM big a, big b, big c WHERE a.x + b.x + c.x < 0",
        "SELECT a.x FROM big a, big b, big c ORDER BY a.x + b.x + c.x LIMIT 1",
        "SELECT a.x % 7, count(*) FROM big a, big b, big c GROUP BY 1",
        "SELECT DISTINCT a.x * b.x * c.x FROM big a, big b, big c",
        "SELECT count(*) FROM big a WHERE (SELECT count(*) FROM big b, big c WHERE b.x <> c.x) < 0",
        "DELETE FROM big WHERE (SELECT count(*) FROM big b, big c WHERE b.x = big.x + c.x) < 0",
    };

    [Theory]
    [MemberData(nameof(LongQueries))]
    public void InterruptStopsALongStatement(string sql)
    {
        using var db = Database.Open(":memory:");
        db.Execute("CREATE TABLE big(x INTEGER)");
        db.Execute("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 2000) INSERT INTO big SELECT i FROM s");

        Exception? failure = null;
        var worker = new Thread(() =>
        {
            try
            {
                using var statement = db.Prepare(sql)!;
                while (statement.Step()) { }
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        worker.Start();
        Thread.Sleep(100);
        // Interrupt only affects statements already running, so keep asking until the worker stops.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!worker.Join(20) && DateTime.UtcNow < deadline) db.Interrupt();
        Assert.True(worker.Join(0), "the statement was not interrupted within 20 s: " + sql);

        var error = Assert.IsType<MiniSqlException>(failure);
        Assert.Equal(ResultCode.Interrupt, error.ResultCode);
        Assert.Equal("interrupted", error.Message);

        // The connection is usable afterwards and the table is unchanged.
        using var count = db.Prepare("SELECT count(*) FROM big")!;
        Assert.True(count.Step());
        Assert.Equal(2000, count.Column(0).AsInteger);
    }
}
