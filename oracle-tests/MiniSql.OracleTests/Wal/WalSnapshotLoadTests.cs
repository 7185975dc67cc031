using System.Globalization;
using Microsoft.Data.Sqlite;
using MiniSql.Engine.Storage;
using MiniSql.Sql;
using MiniSql.TestSupport;
using Xunit.Abstractions;

namespace MiniSql.OracleTests.Wal;

/// <summary>
/// Snapshot isolation under load: one MiniSql writer process and three MiniSql reader processes
/// (tests/MiniSql.TestWorker bank roles) share a WAL database for 20 seconds. The writer moves money between accounts
/// (one transaction per transfer, counter row bumped each time) with autocheckpoints every 50 frames and explicit
/// PASSIVE/FULL/RESTART/TRUNCATE checkpoints; every reader query must see the invariant sum, the counter never goes
/// backwards, and any error at all (anything but SQLITE_BUSY absorbed by busy_timeout) fails the worker.
/// </summary>
public sealed class WalSnapshotLoadTests : IDisposable
{
    private const int Accounts = 200;
    private const long Opening = 1000;
    private const double Seconds = 20;
    private readonly ITestOutputHelper _output;
    private readonly string _dir;
    private readonly string _path;

    public WalSnapshotLoadTests(ITestOutputHelper output)
    {
        _output = output;
        _dir = Path.Combine(Path.GetTempPath(), "minisql-walload-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _path = Path.Combine(_dir, "bank.db");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void OneWriterThreeReadersForTwentySecondsKeepTheInvariantSum()
    {
        const int seed = 4242;
        using (var db = Database.Open(_path, new DatabaseOptions { JournalMode = JournalMode.Wal }))
        {
            db.Execute("CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL); CREATE TABLE counter(id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0); BEGIN");
            for (int i = 1; i <= Accounts; i++)
                db.Execute(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO accounts VALUES ({i}, {Opening})"));
            db.Execute("COMMIT");
        }
        long total = Accounts * Opening;
        string seconds = Seconds.ToString(CultureInfo.InvariantCulture);
        var workers = new List<WorkerProcess>();
        try
        {
            for (int r = 0; r < 3; r++)
                workers.Add(WorkerProcess.Start("bank-reader", _path, seconds, total.ToString(CultureInfo.InvariantCulture), (seed + r).ToString(CultureInfo.InvariantCulture)));
            workers.Add(WorkerProcess.Start("bank-writer", _path, seconds, Accounts.ToString(CultureInfo.InvariantCulture), "50", seed.ToString(CultureInfo.InvariantCulture)));
            var results = new List<string>();
            foreach (var worker in workers)
            {
                int code = worker.WaitForExit(TimeSpan.FromSeconds(Seconds + 60));
                string last = worker.Output.Count > 0 ? worker.Output[^1] : "(no output)";
                Assert.True(code == 0, $"seed {seed}: worker {worker.Id} exit {code}: {string.Join(" | ", worker.Output)} {worker.StandardError}");
                results.Add(last);
                _output.WriteLine(last);
            }

            long commits = Field(results[3], "commits");
            long counter = Field(results[3], "counter");
            Assert.True(commits > 200, $"only {commits} transfers: {results[3]}");
            Assert.Equal(commits, counter);
            Assert.True(Field(results[3], "checkpoints") > 0, results[3]);
            for (int r = 0; r < 3; r++)
            {
                Assert.True(Field(results[r], "reads") > 100, $"reader {r}: {results[r]}");
                Assert.True(Field(results[r], "last") > Field(results[r], "first"), $"reader {r} never saw a new snapshot: {results[r]}");
                Assert.True(Field(results[r], "last") <= counter, results[r]);
            }
        }
        finally
        {
            foreach (var worker in workers)
                worker.Dispose();
        }

        // Real SQLite agrees with the final state.
        using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        sqlite.Open();
        using var command = sqlite.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", command.ExecuteScalar());
        command.CommandText = "SELECT sum(balance) FROM accounts";
        Assert.Equal(total, Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    /// <summary>The value of name=value in a worker's "done ..." line.</summary>
    private static long Field(string line, string name)
    {
        foreach (string part in line.Split(' '))
        {
            if (part.StartsWith(name + "=", StringComparison.Ordinal))
                return long.Parse(part[(name.Length + 1)..], CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"no {name} in '{line}'");
    }
}
