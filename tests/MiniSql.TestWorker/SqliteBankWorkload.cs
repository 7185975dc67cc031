using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MiniSql.TestWorker;

/// <summary>
/// The bank-transfer workload of <see cref="BankWorkload"/> through real SQLite (Microsoft.Data.Sqlite), so MiniSql
/// and SQLite processes share one live WAL database and wal-index. Same arguments, output and exit codes.
/// </summary>
internal static class SqliteBankWorkload
{
    /// <summary>sqlite-bank-writer &lt;db&gt; &lt;seconds&gt; &lt;accounts&gt; &lt;autocheckpoint&gt; &lt;seed&gt;.</summary>
    public static int RunWriter(string[] args)
    {
        double seconds = double.Parse(args[1], CultureInfo.InvariantCulture);
        int accounts = int.Parse(args[2], CultureInfo.InvariantCulture);
        int autoCheckpoint = int.Parse(args[3], CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(args[4], CultureInfo.InvariantCulture));
        using var connection = Open(args[0]);
        Execute(connection, $"PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint={autoCheckpoint}");
        using var begin = Command(connection, "BEGIN");
        using var debit = Command(connection, "UPDATE accounts SET balance = balance - $amount WHERE id = $id");
        using var credit = Command(connection, "UPDATE accounts SET balance = balance + $amount WHERE id = $id");
        using var bump = Command(connection, "UPDATE counter SET n = n + 1 WHERE id = 1");
        using var commit = Command(connection, "COMMIT");
        string[] modes = ["PASSIVE", "FULL", "RESTART", "TRUNCATE"];
        long commits = 0, checkpoints = 0, checkpointBusy = 0;
        BankWorkload.AwaitGo();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            long from = 1 + random.Next(accounts), to = 1 + random.Next(accounts), amount = random.Next(1, 100);
            begin.ExecuteNonQuery();
            Bind(debit, amount, from).ExecuteNonQuery();
            Bind(credit, amount, to).ExecuteNonQuery();
            bump.ExecuteNonQuery();
            commit.ExecuteNonQuery();
            commits++;
            if (commits % 500 == 0)
            {
                using var checkpoint = Command(connection, $"PRAGMA wal_checkpoint({modes[random.Next(modes.Length)]})");
                using var r = checkpoint.ExecuteReader();
                r.Read();
                checkpoints++;
                checkpointBusy += r.GetInt64(0);
            }
        }
        long n = Convert.ToInt64(Command(connection, "SELECT n FROM counter WHERE id = 1").ExecuteScalar(), CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"done commits={commits} counter={n} checkpoints={checkpoints} checkpoint_busy={checkpointBusy}"));
        return 0;
    }

    /// <summary>sqlite-bank-reader &lt;db&gt; &lt;seconds&gt; &lt;total&gt; &lt;seed&gt;.</summary>
    public static int RunReader(string[] args)
    {
        double seconds = double.Parse(args[1], CultureInfo.InvariantCulture);
        long total = long.Parse(args[2], CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(args[3], CultureInfo.InvariantCulture));
        using var connection = Open(args[0]);
        using var both = Command(connection, "SELECT (SELECT sum(balance) FROM accounts), (SELECT n FROM counter WHERE id = 1)");
        using var begin = Command(connection, "BEGIN");
        using var sum = Command(connection, "SELECT sum(balance) FROM accounts");
        using var counter = Command(connection, "SELECT n FROM counter WHERE id = 1");
        using var commit = Command(connection, "COMMIT");
        long reads = 0, last = -1, first = -1;
        BankWorkload.AwaitGo();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            long s, n;
            if (random.Next(2) == 0)
            {
                using var r = both.ExecuteReader();
                r.Read();
                (s, n) = (r.GetInt64(0), r.GetInt64(1));
            }
            else
            {
                begin.ExecuteNonQuery();
                n = Scalar(counter);
                if (random.Next(4) == 0)
                    Thread.SpinWait(random.Next(20_000));
                s = Scalar(sum);
                long again = Scalar(counter);
                commit.ExecuteNonQuery();
                if (again != n)
                    return Violation($"counter changed inside one read transaction: {n} then {again}");
            }
            if (s != total)
                return Violation($"sum of balances {s}, expected {total} (counter {n})");
            if (n < last)
                return Violation($"snapshot went backwards: counter {n} after {last}");
            if (first < 0)
                first = n;
            last = n;
            reads++;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done reads={reads} first={first} last={last}"));
        return 0;
    }

    private static int Violation(string message)
    {
        Console.WriteLine("violation " + message);
        return 3;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
            DefaultTimeout = 10,
        }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout=10000");
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static SqliteCommand Bind(SqliteCommand command, long amount, long id)
    {
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$amount", amount);
        command.Parameters.AddWithValue("$id", id);
        return command;
    }

    private static long Scalar(SqliteCommand command) =>
        Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }
}
