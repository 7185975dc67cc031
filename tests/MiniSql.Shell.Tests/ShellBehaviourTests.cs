using System.Text;

namespace MiniSql.Shell.Tests;

/// <summary>Dot-command parsing, statement assembly and error layout, in-process over SQLite.</summary>
public sealed class ShellBehaviourTests
{
    [Fact]
    public void Statements_run_when_complete_across_lines_and_semicolons_inside_literals()
    {
        var (stdout, _, errors) = TestShell.Run("SELECT 'a;b'\n  , 2\n;\nSELECT 3; SELECT 4;\nCREATE TRIGGER x AFTER INSERT ON nope BEGIN\nSELECT 1;\nEND;\n");
        Assert.StartsWith("a;b|2\n3\n4\n", stdout);
        Assert.Equal(1, errors); // the trigger references a missing table, but was run as one statement
    }

    [Fact]
    public void Bail_stops_after_first_error()
    {
        var (stdout, stderr, errors) = TestShell.Run("SELECT 1;\nSELECT * FROM nope;\nSELECT 2;\n", configure: s => s.Settings.Bail = true);
        Assert.Equal("1\n", stdout);
        Assert.Equal("Parse error near line 2: no such table: nope\n", stderr);
        Assert.Equal(1, errors);
    }

    [Fact]
    public void Unknown_dot_command_is_reported_like_sqlite3()
    {
        var (_, stderr, errors) = TestShell.Run(".frobnicate\n");
        Assert.Equal("Error: unknown command or invalid arguments:  \"frobnicate\". Enter \".help\" for help\n", stderr);
        Assert.Equal(1, errors);
    }

    [Fact]
    public void Once_redirects_one_statement_and_output_redirects_until_reset()
    {
        using var dir = TestShell.CreateTempDir();
        string once = dir.File("once.txt"), all = dir.File("all.txt");
        var (stdout, _, _) = TestShell.Run($".once {once}\nSELECT 1;\nSELECT 2;\n.output {all}\nSELECT 3;\nSELECT 4;\n.output\nSELECT 5;\n");
        Assert.Equal("2\n5\n", stdout);
        Assert.Equal("1\n", File.ReadAllText(once));
        Assert.Equal("3\n4\n", File.ReadAllText(all));
    }

    [Fact]
    public void Read_runs_a_script_file()
    {
        using var dir = TestShell.CreateTempDir();
        string script = dir.File("s.sql");
        File.WriteAllText(script, "CREATE TABLE r(x);\nINSERT INTO r VALUES(42);\n");
        var (stdout, _, errors) = TestShell.Run($".read {script}\nSELECT x FROM r;\n");
        Assert.Equal("42\n", stdout);
        Assert.Equal(0, errors);
    }

    [Fact]
    public void Changes_reports_counts_after_each_statement()
    {
        var (stdout, _, _) = TestShell.Run("CREATE TABLE c(x);\n.changes on\nINSERT INTO c VALUES(1),(2);\n");
        Assert.Equal("changes: 2   total_changes: 2\n", stdout);
    }

    [Fact]
    public void Arguments_split_on_spaces_and_quotes()
    {
        Assert.Equal(["separator", "a b", "\t"], Shell.SplitArguments("separator 'a b' \"\\t\""));
    }

    [Fact]
    public void Error_context_places_caret_under_offset()
    {
        var sb = new StringBuilder();
        Shell.AppendErrorContext(sb, "\nSELECT\n  2 +;\n", 13);
        Assert.Equal("  SELECT   2 +;\n              ^--- error here\n", sb.ToString());
    }
}
