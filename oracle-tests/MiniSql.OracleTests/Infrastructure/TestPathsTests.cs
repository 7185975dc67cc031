namespace MiniSql.OracleTests.Infrastructure;

public sealed class TestPathsTests
{
    [Fact]
    public void CorpusIsFoundBesideAnAncestorAndItsAbsenceIsAnError()
    {
        string root = Path.Combine(Path.GetTempPath(), "minisql-paths-" + Guid.NewGuid().ToString("N"));
        try
        {
            string start = Path.Combine(root, "clone", "oracle-tests", "bin");
            Directory.CreateDirectory(start);
            var missing = Assert.Throws<DirectoryNotFoundException>(() => TestPaths.FindCorpus(null, start));
            Assert.Contains("shared/sqllogictest", missing.Message);

            string corpus = Path.Combine(root, "shared", "sqllogictest");
            Directory.CreateDirectory(corpus);
            Assert.Equal(corpus, TestPaths.FindCorpus(null, start));
            Assert.Equal(start, TestPaths.FindCorpus(start, "/"));
            Assert.Throws<DirectoryNotFoundException>(() => TestPaths.FindCorpus(Path.Combine(root, "nope"), start));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
