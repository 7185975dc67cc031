namespace MiniSql.OracleTests.Infrastructure;

/// <summary>Locates the repository root, the shared sqllogictest corpus beside it, and the TestResults folder.</summary>
public static class TestPaths
{
    /// <summary>Environment variable that overrides the corpus location.</summary>
    public const string CorpusVariable = "SLT_CORPUS";

    /// <summary>
    /// The sqllogictest corpus: <c>$SLT_CORPUS</c> if set, else the first <c>shared/sqllogictest</c> folder found
    /// walking up from the test assembly's directory (the repository clone sits beside <c>shared/</c>).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The corpus cannot be found; tests must fail, not pass.</exception>
    public static string CorpusDirectory()
    {
        string? fromEnv = Environment.GetEnvironmentVariable(CorpusVariable);
        if (!string.IsNullOrEmpty(fromEnv))
        {
            if (Directory.Exists(fromEnv)) return Path.GetFullPath(fromEnv);
            throw new DirectoryNotFoundException($"{CorpusVariable}={fromEnv} does not exist");
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "sqllogictest");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException(
            "sqllogictest corpus not found: expected a 'shared/sqllogictest' folder beside the repository " +
            $"(searched upward from {AppContext.BaseDirectory}); set {CorpusVariable} to point at it");
    }

    /// <summary>The repository root (the folder holding MiniSql.sln), or the assembly directory if none.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MiniSql.sln"))) return dir.FullName;
        }
        return AppContext.BaseDirectory;
    }

    /// <summary>The repository's TestResults folder (git-ignored), created if missing.</summary>
    public static string TestResultsDirectory()
    {
        string path = Path.Combine(RepositoryRoot(), "TestResults");
        Directory.CreateDirectory(path);
        return path;
    }
}
