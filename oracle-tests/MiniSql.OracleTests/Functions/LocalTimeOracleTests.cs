using Microsoft.Data.Sqlite;
using MiniSql.OracleTests.Infrastructure;
using MiniSql.TestSupport;

namespace MiniSql.OracleTests.Functions;

/// <summary>
/// 'localtime' and 'utc' follow the process's time zone. Each zone runs in a worker process started with TZ set
/// (tests/MiniSql.TestWorker, role datetime-compare), where MiniSql and real SQLite answer the same queries: DST
/// transitions (including Lord Howe's half-hour one), dates outside 1970..2037 (mapped to an equivalent year), and
/// round trips. 'now' is read once per statement step.
/// </summary>
public sealed class LocalTimeOracleTests
{
    private static readonly string[] Queries =
    [
        "SELECT datetime('2024-03-10 06:59:59', 'localtime')", "SELECT datetime('2024-03-10 07:00:00', 'localtime')",
        "SELECT datetime('2024-11-03 05:30:00', 'localtime')", "SELECT datetime('2024-11-03 06:30:00', 'localtime')",
        "SELECT datetime('2024-07-01 12:00:00', 'localtime')", "SELECT datetime('2024-01-01 00:00:00.123', 'localtime')",
        "SELECT strftime('%Y-%m-%d %H:%M:%f', '2024-07-01 12:00:00.456', 'localtime')",
        "SELECT datetime('2024-07-01 12:00:00', 'utc')", "SELECT datetime('2024-03-10 02:30:00', 'utc')",
        "SELECT datetime('2024-11-03 01:30:00', 'utc')", "SELECT datetime('2024-04-07 02:15:00', 'utc')",
        "SELECT datetime('2024-10-06 02:15:00', 'utc')", "SELECT datetime('2024-07-01 12:00:00', 'localtime', 'utc')",
        "SELECT datetime('2024-07-01 12:00:00', 'utc', 'localtime')", "SELECT datetime('2024-07-01 12:00:00', 'localtime', 'localtime')",
        "SELECT datetime('1900-06-15 12:00:00', 'localtime')", "SELECT datetime('1969-12-31 23:00:00', 'localtime')",
        "SELECT datetime('2050-06-15 12:00:00', 'localtime')", "SELECT datetime('2100-12-31 23:59:59', 'localtime')",
        "SELECT datetime('0001-01-01 00:00:00', 'localtime')", "SELECT datetime('9999-12-31 12:00:00', 'localtime')",
        "SELECT datetime('1800-03-01 00:00:00', 'utc')", "SELECT julianday('2024-07-01', 'localtime')",
        "SELECT unixepoch('2024-07-01 12:00:00', 'localtime')", "SELECT date('2024-03-31', 'localtime', 'start of month')",
        "SELECT datetime(1720000000, 'unixepoch', 'localtime')", "SELECT datetime('2024-07-01 12:00:00+05:00', 'localtime')",
        "SELECT time('12:00:00', 'localtime')", "SELECT datetime('2024-02-29 23:30:00', 'localtime', '+1 year')",
        "SELECT datetime('now', 'localtime') = datetime('now', 'localtime')",
        "SELECT datetime('now', 'localtime', 'utc') = datetime('now')",
    ];

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/New_York")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Asia/Kolkata")]
    [InlineData("America/St_Johns")]
    public void LocaltimeAndUtcMatchSqliteInTimeZone(string zone)
    {
        Assert.True(File.Exists("/usr/share/zoneinfo/" + zone), "time zone data missing: " + zone);
        using var worker = WorkerProcess.Start(new Dictionary<string, string> { ["TZ"] = zone }, "datetime-compare");
        string ready = worker.WaitFor("ready", TimeSpan.FromSeconds(60));
        foreach (string q in Queries) worker.Send(q);
        worker.CloseInput();
        Assert.Equal(0, worker.WaitForExit(TimeSpan.FromSeconds(60)));
        var lines = worker.Output.Where(l => !l.StartsWith("ready", StringComparison.Ordinal)).ToList();
        Assert.Equal(Queries.Length, lines.Count);
        var differ = lines.Where(l => !l.StartsWith("same ", StringComparison.Ordinal)).ToList();
        Assert.True(differ.Count == 0, ready + "\n" + string.Join("\n", differ));
    }

    /// <summary>Every 'now' within one step is the same instant (SQLite's sqlite3StmtCurrentTime).</summary>
    [Fact]
    public void NowIsReadOncePerStep()
    {
        const string sql = "SELECT count(DISTINCT strftime('%Y-%m-%d %H:%M:%f', 'now')) FROM " +
                           "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) SELECT x FROM c)";
        using var sqlite = new SqliteEngine();
        using var mini = new MiniSql.OracleTests.Executor.MiniSqlEngine();
        Assert.Equal(1L, sqlite.Query(sql).Rows[0][0].AsInteger);
        Assert.Equal(1L, mini.Query(sql).Rows[0][0].AsInteger);
    }
}
