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
/// backwards, and any error at all (anything but SQLITE_BUSY absorbed by busy_timeout) fails the worker. The same
/// load with MiniSql and real SQLite processes mixed checks live interop.
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
    public void OneWriterThreeReadersForTwentySecondsKeepTheInvariantSum() =>
        RunLoad("bank-writer", ["bank-reader", "bank-reader", "bank-reader"], Seconds, seed: 4242);

    /// <summary>Live interop under load: MiniSql and real SQLite processes share the WAL and the wal-index, with
    /// either engine as the writer (and its checkpoints) and both engines reading.</summary>
    [Theory]
    [InlineData("bank-writer", 77)]
    [InlineData("sqlite-bank-writer", 78)]
    public void MiniSqlAndSqliteProcessesShareOneLiveWal(string writer, int seed) =>
        RunLoad(writer, ["bank-reader", "sqlite-bank-reader", "bank-reader"], 6, seed);

    private void RunLoad(string writerRole, string[] readerRoles, double seconds, int seed)
    {
        using (var db = Database.Open(_path, new DatabaseOptions { JournalMode = JournalMode.Wal }))
        {
            db.Execute("CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL); CREATE TABLE counter(id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0); BEGIN");
            for (int i = 1; i <= Accounts; i++)
                db.Execute(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO accounts VALUES ({i}, {Opening})"));
            db.Execute("COMMIT");
        }
        long total = Accounts * Opening;
        string duration = seconds.ToString(CultureInfo.InvariantCulture);
        var workers = new List<WorkerProcess>();
        int readers = readerRoles.Length;
        try
        {
            for (int r = 0; r < readers; r++)
                workers.Add(WorkerProcess.Start(readerRoles[r], _path, duration, total.ToString(CultureInfo.InvariantCulture), (seed + r).ToString(CultureInfo.InvariantCulture)));
            workers.Add(WorkerProcess.Start(writerRole, _path, duration, Accounts.ToString(CultureInfo.InvariantCulture), "50", seed.ToString(CultureInfo.InvariantCulture)));
            // Every process opens the database and prepares first; then all timed loops start together.
            foreach (var worker in workers)
                worker.WaitFor("ready", TimeSpan.FromSeconds(60));
            foreach (var worker in workers)
                worker.Send("go");
            var results = new List<string>();
            for (int i = 0; i < workers.Count; i++)
            {
                var worker = workers[i];
                int code = worker.WaitForExit(TimeSpan.FromSeconds(seconds + 60));
                string last = worker.Output.Count > 0 ? worker.Output[^1] : "(no output)";
                string role = i < readers ? readerRoles[i] : writerRole;
                Assert.True(code == 0, $"seed {seed}: {role} {worker.Id} exit {code}: {string.Join(" | ", worker.Output)} {worker.StandardError}");
                results.Add(last);
                _output.WriteLine($"{role}: {last}");
            }

            string done = results[readers];
            long commits = Field(done, "commits");
            long counter = Field(done, "counter");
            Assert.True(commits > 100, $"only {commits} transfers: {done}");
            Assert.Equal(commits, counter);
            Assert.True(Field(done, "checkpoints") > 0, done);
            for (int r = 0; r < readers; r++)
            {
                Assert.True(Field(results[r], "reads") > 50, $"{readerRoles[r]} {r}: {results[r]}");
                Assert.True(Field(results[r], "last") > Field(results[r], "first"), $"{readerRoles[r]} {r} never saw a new snapshot: {results[r]}");
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
