using Microsoft.Data.Sqlite;

namespace MiniSql.Shell.Tests;

/// <summary>The minisql executable end to end on the MiniSql engine (through MiniSqlConnection): scripts on stdin, SQL arguments, exit codes.</summary>
public sealed class EngineProcessTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Golden"), "*.sql").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_on_stdin_matches_sqlite3(string name)
    {
        var (stdout, stderr, exit) = MinisqlProcess.Run(TestShell.Golden(name + ".sql"));
        bool hasErr = File.Exists(Path.Combine(AppContext.BaseDirectory, "Golden", name + ".err"));
        Assert.Equal(hasErr ? TestShell.Golden(name + ".err") : "", stderr);
        Assert.Equal(TestShell.Golden(name + ".out"), stdout);
        Assert.Equal(hasErr ? 1 : 0, exit);
    }

    [Fact]
    public void Sql_arguments_run_in_order_on_a_database_file()
    {
        using var dir = TestShell.CreateTempDir();
        string db = dir.File("args.db");
        var (stdout, stderr, exit) = MinisqlProcess.Run("", db, "CREATE TABLE t(a, b)", "INSERT INTO t VALUES(1, 'x'), (2, 'y')", "SELECT * FROM t ORDER BY a");
        Assert.Equal("", stderr);
        Assert.Equal("1|x\n2|y\n", stdout);
        Assert.Equal(0, exit);

        (stdout, _, exit) = MinisqlProcess.Run("", "-json", db, "SELECT count(*) AS n FROM t");
        Assert.Equal("[{\"n\":2}]\n", stdout);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void Error_in_sql_argument_exits_1_with_sqlite3_wording()
    {
        var (_, stderr, exit) = MinisqlProcess.Run("", ":memory:", "SELECT * FROM nope");
        Assert.Equal("Error: in prepare, no such table: nope\n", stderr);
        Assert.Equal(1, exit);
    }

    [Fact]
    public void Script_continues_after_error_unless_bail_and_exits_1()
    {
        const string script = "SELECT 1;\nSELECT * FROM nope;\nSELECT 2;\n";
        var (stdout, _, exit) = MinisqlProcess.Run(script);
        Assert.Equal("1\n2\n", stdout);
        Assert.Equal(1, exit);
        (stdout, _, exit) = MinisqlProcess.Run(script, "-bail");
        Assert.Equal("1\n", stdout);
        Assert.Equal(1, exit);
    }

    [Fact]
    public void Options_set_mode_headers_nullvalue_and_cmd()
    {
        var (stdout, _, exit) = MinisqlProcess.Run("SELECT 1 AS a, NULL AS b;\n", "-csv", "-header", "-nullvalue", "N", "-cmd", ".separator ;");
        Assert.Equal("a;b\r\n1;N\r\n", stdout);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void Exit_with_code_stops_the_script()
    {
        var (stdout, _, exit) = MinisqlProcess.Run("SELECT 1;\n.exit 3\nSELECT 2;\n");
        Assert.Equal("1\n", stdout);
        Assert.Equal(3, exit);
    }

    [Fact]
    public void Readonly_rejects_writes()
    {
        using var dir = TestShell.CreateTempDir();
        string db = dir.File("ro.db");
        Assert.Equal(0, MinisqlProcess.Run("", db, "CREATE TABLE t(a)").ExitCode);
        var (_, stderr, exit) = MinisqlProcess.Run("", "-readonly", db, "INSERT INTO t VALUES(1)");
        Assert.Contains("attempt to write a readonly database", stderr);
        Assert.Equal(1, exit);
    }

    [Fact]
    public void Dump_of_minisql_database_loads_into_identical_sqlite_database()
    {
        using var dir = TestShell.CreateTempDir();
        string source = dir.File("mini.db"), copy = dir.File("copy.db");
        var (_, err, exit) = MinisqlProcess.Run(DumpRoundTripTests.Fixture + "\n", source);
        Assert.Equal("", err);
        Assert.Equal(0, exit);

        var (dump, dumpErr, dumpExit) = MinisqlProcess.Run("", source, ".dump");
        Assert.Equal("", dumpErr);
        Assert.Equal(0, dumpExit);
        DumpRoundTripTests.Execute(copy, dump);
        Assert.Equal(DumpRoundTripTests.Snapshot(source), DumpRoundTripTests.Snapshot(copy));
    }

    [Fact]
    public void Import_of_100000_line_csv_through_the_engine()
    {
        using var dir = TestShell.CreateTempDir();
        string csv = dir.File("data.csv"), db = dir.File("import.db");
        ImportTests.WriteCsv(csv);
        var (stdout, stderr, exit) = MinisqlProcess.Run(".import " + csv + " people\nSELECT count(*), max(CAST(id AS INTEGER)) FROM people;\n", db);
        Assert.Equal("", stderr);
        Assert.Equal(ImportTests.LineCount + "|" + (ImportTests.LineCount - 1) + "\n", stdout);
        Assert.Equal(0, exit);

        using var c = new SqliteConnection("Data Source=" + db + ";Pooling=False;Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM people WHERE note = 'multi' || char(10) || 'line'";
        Assert.Equal((long)(ImportTests.LineCount / 1000), (long)cmd.ExecuteScalar()!);
    }
}
