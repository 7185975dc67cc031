using System.Data.Common;

namespace MiniSql.OracleTests.Provider;

/// <summary>
/// BackupDatabase (online backup by page copy) on both providers: files and :memory: on either side, destinations
/// with older content, a bigger or smaller source, WAL destinations, writers on other connections; the copy is then
/// opened by real SQLite (integrity_check, contents, page size, header journal mode).
/// </summary>
public sealed class BackupConformanceTests
{
    private const string Source =
        "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT, b BLOB); CREATE INDEX t_v ON t(v);" +
        "CREATE VIEW tv AS SELECT v FROM t; CREATE TABLE s(k INTEGER PRIMARY KEY AUTOINCREMENT, x);" +
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) " +
        "INSERT INTO t SELECT i, 'value ' || i, zeroblob(i * 7) FROM n; INSERT INTO s(x) VALUES (1), (2); DELETE FROM t WHERE id % 5 = 0;" +
        "PRAGMA user_version = 42;";

    private static void Exec(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static void Describe(Transcript t, string label, DbConnection c)
    {
        t.Try(label + " integrity", () => Scalar(c, "PRAGMA integrity_check"));
        t.Try(label + " schema", () => Scalar(c, "SELECT group_concat(type || ':' || name, ' ') FROM (SELECT * FROM sqlite_schema ORDER BY name)"));
        t.Try(label + " rows", () => Scalar(c, "SELECT count(*) || '/' || sum(id) || '/' || sum(length(v)) || '/' || sum(length(b)) FROM t"));
        t.Try(label + " by index", () => Scalar(c, "SELECT group_concat(id) FROM (SELECT id FROM t WHERE v BETWEEN 'value 10' AND 'value 11' ORDER BY v)"));
        t.Try(label + " sequence", () => Scalar(c, "SELECT group_concat(name || seq) FROM sqlite_sequence"));
        t.Try(label + " user_version", () => Scalar(c, "PRAGMA user_version"));
        t.Try(label + " page_size", () => Scalar(c, "PRAGMA page_size"));
        t.Try(label + " view", () => Scalar(c, "SELECT count(*) FROM tv"));
    }

    /// <summary>Backup between files and in-memory databases; the destination may hold older, bigger content.</summary>
    [Theory]
    [InlineData("file", "file", "")]
    [InlineData("file", "memory", "")]
    [InlineData("memory", "file", "")]
    [InlineData("memory", "memory", "")]
    [InlineData("file", "file", "CREATE TABLE junk(x); INSERT INTO junk SELECT zeroblob(50000) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3);")]
    [InlineData("file", "file", "CREATE TABLE t(other); INSERT INTO t VALUES (1);")]
    [InlineData("memory", "file", "PRAGMA page_size = 1024;")]
    public void Copies(string from, string to, string destinationSetup) => ConformanceRunner.Compare((target, t, path) =>
    {
        string destinationPath = Path.Combine(Path.GetDirectoryName(path)!, "copy.db");
        using (var src = target.Open(from == "file" ? "Data Source=" + path : "Data Source=:memory:"))
        using (var dst = target.Open(to == "file" ? "Data Source=" + destinationPath : "Data Source=:memory:"))
        {
            Exec(src, Source);
            if (destinationSetup.Length > 0) Exec(dst, destinationSetup);
            t.Try("backup", () => target.Backup(src, dst));
            Describe(t, "destination", dst);
            t.Add("same page count", Equals(Scalar(src, "PRAGMA page_count"), Scalar(dst, "PRAGMA page_count")));
            Exec(dst, "INSERT INTO t(v) VALUES ('after')");
            t.Add("insert after", Scalar(dst, "SELECT max(id) FROM t"));
            Describe(t, "source", src);
        }
        target.ClearAllPools();
        if (to == "file")
        {
            using var check = ProviderTarget.Sqlite.Open("Data Source=" + destinationPath);
            Describe(t, "sqlite reads copy", check);
        }
    });

    /// <summary>A WAL-mode destination: the copy is written through the WAL and the header says WAL.</summary>
    [Fact]
    public void WalDestination() => ConformanceRunner.Compare((target, t, path) =>
    {
        string destinationPath = Path.Combine(Path.GetDirectoryName(path)!, "copy.db");
        using (var src = target.Open("Data Source=" + path))
        using (var dst = target.Open("Data Source=" + destinationPath))
        {
            Exec(src, Source);
            Exec(dst, "CREATE TABLE junk(x)");
            t.Add("journal", Scalar(dst, "PRAGMA journal_mode = wal"));
            t.Try("backup", () => target.Backup(src, dst));
            t.Add("journal after", Scalar(dst, "PRAGMA journal_mode"));
            Describe(t, "destination", dst);
        }
        target.ClearAllPools();
        using var check = ProviderTarget.Sqlite.Open("Data Source=" + destinationPath);
        t.Add("sqlite journal", Scalar(check, "PRAGMA journal_mode"));
        Describe(t, "sqlite reads copy", check);
    });

    /// <summary>
    /// Another connection holds an uncommitted write transaction on the source during the backup: the copy has only
    /// committed data; after the writer commits, a second backup has it.
    /// </summary>
    [Fact]
    public void WriterOnAnotherConnection() => ConformanceRunner.Compare((target, t, path) =>
    {
        using var src = target.Open("Data Source=" + path);
        Exec(src, Source);
        using var writer = target.Open("Data Source=" + path);
        using var dst = target.Open("Data Source=:memory:");
        var tx = target.BeginTransaction(writer, deferred: false);
        using (var cmd = writer.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO t(v) VALUES ('pending'); DELETE FROM t WHERE id < 100";
            cmd.ExecuteNonQuery();
        }
        t.Try("backup during write", () => target.Backup(src, dst));
        Describe(t, "first copy", dst);
        tx.Commit();
        t.Try("backup after commit", () => target.Backup(src, dst));
        Describe(t, "second copy", dst);
    });

    /// <summary>Errors: closed connections, a destination with a pending transaction.</summary>
    [Fact]
    public void Errors() => ConformanceRunner.Compare((target, t, path) =>
    {
        using var src = target.Open("Data Source=" + path);
        Exec(src, Source);
        using var closed = target.Connection("Data Source=:memory:");
        t.Try("closed destination", () => target.Backup(src, closed));
        t.Try("closed source", () => target.Backup(closed, src));
        using var dst = target.Open("Data Source=:memory:");
        Exec(dst, "CREATE TABLE keep(x); INSERT INTO keep VALUES (1)");
        var tx = target.BeginTransaction(dst, deferred: false);
        t.Try("destination in transaction", () => target.Backup(src, dst));
        tx.Rollback();
        t.Try("after", () => Scalar(dst, "SELECT count(*) FROM keep"));
    });
}
