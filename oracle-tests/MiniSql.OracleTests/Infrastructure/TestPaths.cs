namespace MiniSql.OracleTests.Infrastructure;

/// <summary>Locates the repository root, the shared sqllogictest corpus beside it, and the TestResults folder.</summary>
internal static class TestPaths
{
    /// <summary>Environment variable that overrides the corpus location.</summary>
    public const string CorpusVariable = "SLT_CORPUS";

    /// <summary>
    /// The sqllogictest corpus: <c>$SLT_CORPUS</c> if set, else the first <c>shared/sqllogictest</c> folder found
    /// walking up from the test assembly's directory (the repository clone sits beside <c>shared/</c>).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The corpus cannot be found; tests must fail, not pass.</exception>
    public static string CorpusDirectory() =>
        FindCorpus(Environment.GetEnvironmentVariable(CorpusVariable), AppContext.BaseDirectory);

    /// <summary>
    /// <paramref name="overridePath"/> if given (it must exist), else the first <c>shared/sqllogictest</c> folder in
    /// <paramref name="startDirectory"/> or one of its ancestors.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">Nothing found.</exception>
    public static string FindCorpus(string? overridePath, string startDirectory)
    {
        if (!string.IsNullOrEmpty(overridePath))
        {
            if (Directory.Exists(overridePath)) return Path.GetFullPath(overridePath);
            throw new DirectoryNotFoundException($"{CorpusVariable}={overridePath} does not exist");
        }
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "sqllogictest");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException(
            "sqllogictest corpus not found: expected a 'shared/sqllogictest' folder beside the repository " +
            $"(searched upward from {startDirectory}); set {CorpusVariable} to point at it");
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
