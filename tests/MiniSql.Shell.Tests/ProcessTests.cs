namespace MiniSql.Shell.Tests;

/// <summary>The minisql executable's option handling, which needs no database.</summary>
public sealed class ProcessTests
{
    [Fact]
    public void Version_prints_and_exits_0()
    {
        var (stdout, _, exit) = MinisqlProcess.Run("", "-version");
        Assert.StartsWith("3.", stdout);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void Unknown_option_exits_1()
    {
        var (_, stderr, exit) = MinisqlProcess.Run("", "-nosuchoption");
        Assert.Equal("minisql: Error: unknown option: -nosuchoption\nUse -help for a list of options.\n", stderr);
        Assert.Equal(1, exit);
    }

    [Fact]
    public void Help_lists_options()
    {
        var (_, stderr, exit) = MinisqlProcess.Run("", "-help");
        Assert.Contains("-readonly", stderr);
        Assert.Contains("-separator SEP", stderr);
        Assert.Equal(0, exit);
    }
}
