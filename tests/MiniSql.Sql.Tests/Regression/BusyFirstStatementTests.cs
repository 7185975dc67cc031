namespace MiniSql.Sql.Tests.Regression;

/// <summary>
/// A statement whose first step fails with BUSY leaves its connection holding no lock, so the other connection
/// can commit again and the statement works once the lock is free. (Guards Statement.Step's savepoint-depth
/// bookkeeping when BeginStatement throws.)
/// </summary>
public sealed class BusyFirstStatementTests
{
    [Fact]
    public void BusyOnFirstStepReleasesEverything()
    {
        string dir = Path.Combine(Path.GetTempPath(), "minisql-busy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "t.db");
        try
        {
            using var a = Database.Open(path);
            using var b = Database.Open(path);
            a.Execute("CREATE TABLE t(x)");
            using var select = b.Prepare("SELECT count(*) FROM t")!; // prepared while nothing is locked
            a.Execute("BEGIN EXCLUSIVE");
            a.Execute("INSERT INTO t VALUES (1)");

            var busy = Assert.Throws<MiniSqlException>(() => select.Step());
            Assert.Equal(ResultCode.Busy, busy.ResultCode);

            a.Execute("COMMIT");
            a.Execute("BEGIN IMMEDIATE");
            a.Execute("INSERT INTO t VALUES (2)");
            a.Execute("COMMIT"); // BUSY here before the fix: b still held SHARED

            using var count = b.Prepare("SELECT count(*) FROM t")!;
            Assert.True(count.Step());
            Assert.Equal(2, count.Column(0).AsInteger);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
