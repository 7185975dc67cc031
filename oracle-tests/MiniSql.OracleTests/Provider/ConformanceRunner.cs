namespace MiniSql.OracleTests.Provider;

/// <summary>
/// Runs one scenario body against Microsoft.Data.Sqlite and MiniSql.Data, each in a fresh temporary folder, and
/// asserts that the two transcripts are equal.
/// </summary>
public static class ConformanceRunner
{
    /// <summary>Environment variable naming a file to which both transcripts of every scenario are appended.</summary>
    public const string DumpVariable = "MINISQL_PROVIDER_DUMP";

    private static readonly object DumpLock = new();

    /// <summary>Runs <paramref name="scenario"/> (target, transcript, data-source path of a fresh file) on both providers.</summary>
    public static void Compare(Action<ProviderTarget, Transcript, string> scenario)
    {
        string expected = Run(ProviderTarget.Sqlite, scenario);
        string actual = Run(ProviderTarget.MiniSql, scenario);
        if (Environment.GetEnvironmentVariable(DumpVariable) is { Length: > 0 } dump)
        {
            lock (DumpLock) File.AppendAllText(dump, "=== sqlite\n" + expected + "=== minisql" + (expected == actual ? " (same)\n" : "\n" + actual));
        }
        Assert.False(string.IsNullOrEmpty(expected), "scenario recorded nothing");
        Assert.Equal(expected, actual);
    }

    /// <summary>Runs a scenario on one provider and returns its transcript.</summary>
    public static string Run(ProviderTarget target, Action<ProviderTarget, Transcript, string> scenario)
    {
        string dir = Path.Combine(Path.GetTempPath(), "minisql-provider-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var transcript = new Transcript();
        try
        {
            scenario(target, transcript, Path.Combine(dir, "test.db"));
        }
        catch (Exception ex)
        {
            transcript.AddException("unhandled", ex);
        }
        finally
        {
            target.ClearAllPools();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        return transcript.ToString();
    }
}
