namespace MiniSql.Shell.Tests;

/// <summary>
/// Every output mode and dot-command script in Golden/ against the output real sqlite3 3.40.1 printed for it
/// (Golden/NAME.out, NAME.err). The scripts run in-process over SQLite so only the shell's formatting is compared.
/// </summary>
public sealed class GoldenOutputTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Golden"), "*.sql").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            // errors.sql needs the engine's syntax-error offsets; it runs through the minisql process tests.
            if (name != "errors") data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Output_matches_sqlite3(string name)
    {
        var (stdout, stderr, _) = TestShell.Run(TestShell.Golden(name + ".sql"));
        Assert.Equal(TestShell.Golden(name + ".out"), stdout);
        string expectedErr = File.Exists(Path.Combine(AppContext.BaseDirectory, "Golden", name + ".err")) ? TestShell.Golden(name + ".err") : "";
        Assert.Equal(expectedErr, stderr);
    }
}
