using MiniSql.Engine.Records;
using MiniSql.Sql;

namespace MiniSql.Sql.Tests.Execution;

public sealed class EndToEndTests
{
    private static List<string> Rows(Database db, string sql)
    {
        using var s = db.Prepare(sql)!;
        var rows = new List<string>();
        while (s.Step())
        {
            var parts = new List<string>();
            for (int i = 0; i < s.ColumnCount; i++) parts.Add(s.Column(i).ToString());
            rows.Add(string.Join("|", parts));
        }
        return rows;
    }

    [Fact]
    public void CreateInsertSelectWhere()
    {
        using var db = Database.Open(":memory:");
        db.Execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL); INSERT INTO t VALUES(1,'x',1.5),(2,'y',2),(3,'z',NULL);");
        Assert.Equal(["2|'y'|2"], Rows(db, "SELECT a, b, c FROM t WHERE a = 2"));
        Assert.Equal(["'real'"], Rows(db, "SELECT typeof(c) FROM t WHERE a = 2"));
        Assert.Equal(["3"], Rows(db, "SELECT count(*) FROM t"));
        Assert.Equal(["'x'", "'y'"], Rows(db, "SELECT b FROM t WHERE c IS NOT NULL ORDER BY b"));
        Assert.Equal(3, db.LastInsertRowId);
    }

    [Fact]
    public void UniqueConstraintRollsBackStatement()
    {
        using var db = Database.Open(":memory:");
        db.Execute("CREATE TABLE t(a UNIQUE, b NOT NULL)");
        db.Execute("INSERT INTO t VALUES(1, 1)");
        var ex = Assert.Throws<MiniSqlException>(() => db.Execute("INSERT INTO t VALUES(2, 2),(1, 3)"));
        Assert.Equal("UNIQUE constraint failed: t.a", ex.Message);
        Assert.Equal(ResultCode.ConstraintUnique, ex.ExtendedResultCode);
        Assert.Equal(["1"], Rows(db, "SELECT count(*) FROM t"));
        ex = Assert.Throws<MiniSqlException>(() => db.Execute("INSERT INTO t VALUES(5, NULL)"));
        Assert.Equal("NOT NULL constraint failed: t.b", ex.Message);
    }

    [Fact]
    public void JoinsGroupByAndSubqueries()
    {
        using var db = Database.Open(":memory:");
        db.Execute("CREATE TABLE a(x, y); CREATE TABLE b(x, z); CREATE INDEX bx ON b(x);" +
            "INSERT INTO a VALUES(1,'p'),(2,'q'),(3,'r'); INSERT INTO b VALUES(1,10),(1,11),(3,30);");
        Assert.Equal(["1|2", "2|0", "3|1"], Rows(db, "SELECT a.x, count(b.z) FROM a LEFT JOIN b ON a.x = b.x GROUP BY a.x"));
        Assert.Equal(["'p'", "'r'"], Rows(db, "SELECT y FROM a WHERE x IN (SELECT x FROM b) ORDER BY 1"));
        Assert.Equal(["'q'|NULL"], Rows(db, "SELECT y, (SELECT max(z) FROM b WHERE b.x = a.x) FROM a WHERE x = 2"));
        Assert.Equal(["1", "2", "3"], Rows(db, "SELECT x FROM a UNION SELECT x FROM b"));
        Assert.Equal(["1", "2", "3", "4", "5"], Rows(db, "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c WHERE n < 5) SELECT n FROM c"));
    }

    [Fact]
    public void FileIsReopenedWithSchemaAndRows()
    {
        string dir = Path.Combine(Path.GetTempPath(), "minisql-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "t.db");
            using (var db = Database.Open(path))
            {
                db.Execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE); INSERT INTO t(b) VALUES('one'),('two');");
            }
            using (var db = Database.Open(path))
            {
                Assert.Equal(["1|'one'", "2|'two'"], Rows(db, "SELECT * FROM t"));
                Assert.Equal(["'ok'"], Rows(db, "PRAGMA integrity_check"));
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
