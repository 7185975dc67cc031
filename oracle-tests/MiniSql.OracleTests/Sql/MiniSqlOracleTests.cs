using Microsoft.Data.Sqlite;
using MiniSql.Engine.Records;
using MiniSql.OracleTests.Infrastructure;
using MiniSql.Sql;

namespace MiniSql.OracleTests.Executor;

/// <summary>MiniSql against real SQLite: same statements, same rows, storage classes, column names and errors; files cross-readable.</summary>
public sealed class MiniSqlOracleTests
{
    private static readonly string[] Setup =
    [
        "CREATE TABLE t1(a INTEGER PRIMARY KEY, b TEXT, c REAL, d NUMERIC, e BLOB, UNIQUE(b, c))",
        "CREATE TABLE t2(x INT NOT NULL, y TEXT COLLATE NOCASE, z CHECK (z > 0))",
        "CREATE INDEX t2x ON t2(x)",
        "INSERT INTO t1 VALUES(1,'one',1.0,'1',x'01'),(2,'two',2.5,'2.0',NULL),(3,'Three',NULL,'abc',x'')",
        "INSERT INTO t1(b,c,d) VALUES('four',4,4),('five','5','5e0')",
        "INSERT INTO t2 VALUES(1,'A',1),(2,'b',2),(2,'B',3),(5,NULL,NULL)",
        "CREATE VIEW v1 AS SELECT a, b || '!' AS bang FROM t1 WHERE a > 1",
    ];

    private static readonly string[] Queries =
    [
        "SELECT * FROM t1",
        "SELECT a, b, typeof(c), d, typeof(d) FROM t1 ORDER BY a DESC",
        "SELECT b AS name, c*2, a+d FROM t1 WHERE c IS NOT NULL",
        "SELECT count(*), sum(a), avg(c), min(b), max(b) FROM t1", "SELECT group_concat(x) FROM t2",
        "SELECT x, count(*), max(z) FROM t2 GROUP BY x HAVING count(*) > 0 ORDER BY x",
        "SELECT y FROM t2 WHERE y = 'a' OR y = 'B' ORDER BY y",
        "SELECT DISTINCT x FROM t2 ORDER BY 1",
        "SELECT t1.a, t2.z FROM t1 JOIN t2 ON t1.a = t2.x ORDER BY 1, 2",
        "SELECT t1.a, t2.z FROM t1 LEFT JOIN t2 ON t1.a = t2.x ORDER BY 1, 2",
        "SELECT a FROM t1 WHERE a IN (SELECT x FROM t2) ORDER BY a",
        "SELECT a, (SELECT count(*) FROM t2 WHERE t2.x <= t1.a) FROM t1 ORDER BY a",
        "SELECT a FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE x = a) ORDER BY a",
        "SELECT a FROM t1 UNION SELECT x FROM t2",
        "SELECT a FROM t1 INTERSECT SELECT x FROM t2",
        "SELECT a FROM t1 EXCEPT SELECT x FROM t2 ORDER BY 1 DESC",
        "SELECT * FROM v1 ORDER BY a",
        "SELECT * FROM (SELECT a, b FROM t1 WHERE a < 3) AS s ORDER BY s.a",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c WHERE n < 10) SELECT sum(n) FROM c",
        "SELECT a, b FROM t1 ORDER BY b COLLATE NOCASE LIMIT 2 OFFSET 1",
        "SELECT 1 = '1', 1 < 'a', NULL IS NULL, 5 BETWEEN 1 AND 10, 'abc' LIKE 'A%'",
        "SELECT * FROM t1 WHERE a = 2",
        "SELECT * FROM t1 WHERE b = 'two' AND c = 2.5",
        "SELECT a FROM t1 WHERE d = 1 ORDER BY a",
        "SELECT x FROM t2 WHERE x > 1 ORDER BY x",
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
        "SELECT nosuchcolumn FROM t1",
        "SELECT * FROM nosuchtable",
        "SELECT a FROM t1, t2 WHERE a = x AND y IS NULL",
        "VALUES (1, 'a'), (2, 'b')",
        "SELECT CAST('12abc' AS INTEGER), CAST(3.9 AS INTEGER), CAST(x'41' AS TEXT)",
        "PRAGMA table_info(t1)",
        "PRAGMA index_list(t1)",
        // Found by the differential generator.
        "SELECT -0.0, 1e-300, 0.0 * -1, total_changes() >= 0",
        "SELECT 0 AS x UNION SELECT 0.0", "SELECT 0 AS x UNION SELECT 0.0 ORDER BY 1", "SELECT 'a' COLLATE NOCASE AS x UNION SELECT 'A'",
        "SELECT count(*), (SELECT count(t1.a) FROM t2) FROM t1", "SELECT (SELECT max(t1.b) FROM t2) FROM t1",
        "SELECT a FROM t1 WHERE (SELECT sum(t1.a) FROM t2)", "SELECT a FROM t1 WHERE EXISTS (SELECT sum(t1.a) FROM t2 WHERE x > 1)",
        "SELECT a FROM t1 WHERE EXISTS (SELECT 1 FROM t2 GROUP BY t1.a)", "SELECT a FROM t1 ORDER BY -1", "SELECT a FROM t1 GROUP BY +2",
        "SELECT x FROM t2 UNION SELECT a FROM t1 GROUP BY t1.a ORDER BY 1 COLLATE NOCASE",
        "SELECT count(*), b FROM t1", "SELECT substr(x'', 1), substr('', 1)", "SELECT x FROM t2 LIMIT 0",
        "SELECT +d = 1, d = 1 FROM t1 ORDER BY a", "SELECT likelihood(a, 0.5), likelihood(a, 1.0) FROM t1 ORDER BY a",
        // Which unknown column SQLite names: arms right to left; result columns, HAVING, WHERE + ON, ORDER BY, GROUP BY;
        // within an expression the last one met before the walk stops.
        "SELECT q.a UNION SELECT q.b", "SELECT q.a FROM t1 UNION SELECT q.b FROM t1 UNION ALL SELECT q.c",
        "SELECT 1 FROM t1 WHERE q.a UNION SELECT 2 FROM t1 WHERE q.b ORDER BY q.c",
        "SELECT 1 FROM t1 WHERE abs(q.x) GROUP BY q.y", "SELECT 1 FROM t1 GROUP BY abs(q.x) ORDER BY q.y",
        "SELECT 1 FROM t1 JOIN t2 ON abs(q.x) WHERE abs(q.y)", "SELECT 1 FROM t1 JOIN t2 ON abs(q.x) + 1 WHERE abs(q.y)",
        "SELECT 1 FROM t1 JOIN t2 ON abs(q.x) WHERE abs(q.y) + 1", "SELECT q.x / q.y FROM t1", "SELECT abs(q.x) / q.y FROM t1",
        "SELECT abs(q.x) / abs(q.y) FROM t1", "SELECT abs(q.x, q.y) FROM t1", "SELECT (abs(q.x) / 2) IS NOT q.y FROM t1",
        "SELECT abs(q.x) + abs(q.y) + q.z FROM t1", "SELECT abs(q.x) + (abs(q.y) + q.z) FROM t1", "SELECT -abs(q.x) + q.y FROM t1",
        "SELECT a FROM t1 WHERE q.y LIKE abs(q.x)", "SELECT a FROM t1 WHERE CASE WHEN abs(q.x) THEN q.y END",
        "SELECT count(*) FROM t1 GROUP BY q.a HAVING count(q.b) / avg(q.c)", "SELECT count(*) FROM t1 GROUP BY q.a HAVING count(q.b) IS NOT 9",
        "SELECT q.r, count(*) FROM t1 GROUP BY q.a HAVING count(q.b)",
        // A DISTINCT arm of UNION/INTERSECT/EXCEPT feeds the compound's temp index: of equal rows the last one stays.
        "SELECT DISTINCT column1 FROM (VALUES (0), (-0.0), (1), (1.0)) UNION SELECT 7",
        "SELECT DISTINCT column1 FROM (VALUES (1.0), (1), ('a'), ('A')) EXCEPT SELECT 7",
        "SELECT DISTINCT column1 COLLATE NOCASE FROM (VALUES ('a'), ('A')) INTERSECT SELECT 'a'",
        "SELECT DISTINCT column1 FROM (VALUES (0), (-0.0)) UNION ALL SELECT 7",
        "SELECT DISTINCT column1 FROM (VALUES (0), (-0.0)) UNION SELECT 7 ORDER BY 1",
        // A LEFT JOIN that DISTINCT makes a no-op is not coded, ON clause included.
        "SELECT DISTINCT t1.a FROM t1 LEFT JOIN t2 ON (SELECT group_concat(t2.x) FROM t1 AS q) > 0 ORDER BY 1",
        "SELECT t1.a FROM t1 LEFT JOIN t2 ON (SELECT group_concat(t2.x) FROM t1 AS q) > 0",
        "SELECT DISTINCT t1.a, t2.x FROM t1 LEFT JOIN t2 ON (SELECT group_concat(t2.x) FROM t1 AS q) > 0",
        "SELECT DISTINCT t1.a FROM t1 LEFT JOIN t2 ON (SELECT group_concat(t2.x) FROM t1 AS q) > 0 WHERE t2.z IS NULL",
        "SELECT DISTINCT t1.b FROM t1 LEFT JOIN t2 ON t2.x = t1.a ORDER BY 1",
    ];

    private static readonly string[] Errors =
    [
        "INSERT INTO t1(a, b, c) VALUES(1, 'dup', 0)",
        "INSERT INTO t1(b, c) VALUES('one', 1.0)",
        "INSERT INTO t2 VALUES(NULL, 'x', 1)",
        "INSERT INTO t2 VALUES(1, 'x', -1)",
        "INSERT INTO t1(a) VALUES('abc')",
        "CREATE TABLE t1(q)",
        "DROP TABLE nosuch",
        "INSERT INTO v1 VALUES(1, 2)",
        "SELECT a FROM t1 UNION SELECT x, y FROM t2",
        "SELECT likelihood(a, 0.5 + 0) FROM t1", "SELECT likelihood(a, 1) FROM t1",
        "UPDATE t1 SET a = NULL WHERE a = 1", "SELECT a FROM t1 ORDER BY count(*)",
    ];

    private static void Run(ISqlEngine engine, IEnumerable<string> statements) => QueryComparison.Run(engine, statements);

    private static string Describe(Func<QueryResult> query) => QueryComparison.Describe(query);

    [Fact]
    public void QueriesMatchSqlite()
    {
        var mismatches = QueryComparison.Mismatches(Setup, Queries);
        Assert.True(mismatches.Count == 0, string.Join("\n\n", mismatches));
    }

    private static string Rep(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    /// <summary>
    /// SQLite's expression depth limit: one expression may be 1000 nodes tall (qualified names count two), and the
    /// heights of the clauses being resolved add up through nested subqueries, so a chain of about 44 scalar
    /// subqueries fails while 43 pass. Each shape is tried just below and at SQLite's threshold.
    /// </summary>
    [Theory]
    [InlineData("scalar", 43)]
    [InlineData("scalar-sum", 35)]
    [InlineData("plus-each", 30)]
    [InlineData("exists", 43)]
    [InlineData("where", 43)]
    [InlineData("in", 42)]
    [InlineData("mixed", 29)]
    [InlineData("qualified", 999)]
    [InlineData("plus", 999)]
    [InlineData("limit", 43)]
    public void ExpressionDepthLimitMatchesSqlite(string shape, int lastAccepted)
    {
        Func<int, string> make = shape switch
        {
            "scalar" => n => "SELECT " + Rep("(SELECT ", n) + "1" + new string(')', n),
            "scalar-sum" => n => "SELECT " + Rep("(SELECT ", n) + string.Join("+", Enumerable.Repeat("1", 10)) + new string(')', n),
            "plus-each" => n => "SELECT " + Rep("(SELECT 1+", n) + "1" + new string(')', n),
            "exists" => n => "SELECT " + Rep("EXISTS (SELECT ", n) + "1" + new string(')', n),
            "where" => n => "SELECT 1 WHERE " + Rep("(SELECT 1 WHERE ", n) + "1" + new string(')', n),
            "in" => n => "SELECT 1 IN " + Rep("(SELECT 1 IN ", n) + "(SELECT 1)" + new string(')', n),
            "mixed" => n => "SELECT (SELECT x FROM (SELECT 1 AS x) WHERE x IN " + Rep("(SELECT x + ", n) + "1" + new string(')', n) + ")",
            "qualified" => n => "SELECT 1 FROM t1 WHERE " + string.Join(" + ", Enumerable.Repeat("t1.a", n)),
            "plus" => n => "SELECT " + string.Join("+", Enumerable.Repeat("1", n + 1)),
            _ => n => "SELECT 1 LIMIT " + Rep("(SELECT ", n) + "1" + new string(')', n),
        };
        using var sqlite = new SqliteEngine();
        using var mini = new MiniSqlEngine();
        Run(sqlite, Setup);
        Run(mini, Setup);
        foreach (int n in new[] { lastAccepted, lastAccepted + 1 })
        {
            string sql = make(n);
            string expected = Describe(() => sqlite.Query(sql));
            Assert.Equal(expected, Describe(() => mini.Query(sql)));
            Assert.Equal(n > lastAccepted, expected.Contains("Expression tree is too large (maximum depth 1000)"));
        }
    }

    [Fact]
    public void ErrorsMatchSqlite()
    {
        using var sqlite = new SqliteEngine();
        using var mini = new MiniSqlEngine();
        Run(sqlite, Setup);
        Run(mini, Setup);
        var mismatches = new List<string>();
        foreach (var q in Errors)
        {
            string expected = Describe(() => { sqlite.Execute(q); return new QueryResult(0, []); });
            string actual = Describe(() => { mini.Execute(q); return new QueryResult(0, []); });
            if (expected != actual) mismatches.Add($"{q}\n expected: {expected}\n actual:   {actual}");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n\n", mismatches));
        // The failed statements changed nothing.
        Assert.Equal(Describe(() => sqlite.Query("SELECT count(*) FROM t1")), Describe(() => mini.Query("SELECT count(*) FROM t1")));
    }

    [Fact]
    public void ColumnNamesMatchSqlite()
    {
        string[] queries = ["SELECT a, b AS bee, a+1, t1.c, * FROM t1", "SELECT count(*), max(a) FROM t1", "SELECT x FROM t2 UNION SELECT a FROM t1"];
        using var sqlite = new SqliteConnection("Data Source=:memory:");
        sqlite.Open();
        using var mini = Database.Open(":memory:");
        foreach (var s in Setup)
        {
            using (var c = sqlite.CreateCommand()) { c.CommandText = s; c.ExecuteNonQuery(); }
            mini.Execute(s);
        }
        foreach (var q in queries)
        {
            using var c = sqlite.CreateCommand();
            c.CommandText = q;
            using var reader = c.ExecuteReader();
            using var statement = mini.Prepare(q)!;
            Assert.Equal(reader.FieldCount, statement.ColumnCount);
            for (int i = 0; i < reader.FieldCount; i++)
            {
                Assert.Equal(reader.GetName(i), statement.ColumnName(i));
            }
        }
    }

    [Fact]
    public void SqliteOpensMiniSqlFileWithIntegrityOk()
    {
        string dir = Path.Combine(Path.GetTempPath(), "minisql-oracle-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "m.db");
            using (var db = Database.Open(path))
            {
                foreach (var s in Setup) db.Execute(s);
                db.Execute("BEGIN");
                for (int i = 0; i < 2000; i++) db.Execute($"INSERT INTO t2 VALUES({i}, 'row {i} {new string('x', i % 300)}', {i + 1})");
                db.Execute("COMMIT");
                db.Execute("DELETE FROM t2 WHERE x % 3 = 0");
                db.Execute("UPDATE t2 SET y = upper(y) WHERE x % 5 = 0");
            }
            using (var sqlite = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                sqlite.Open();
                using var check = sqlite.CreateCommand();
                check.CommandText = "PRAGMA integrity_check";
                Assert.Equal("ok", check.ExecuteScalar());
                check.CommandText = "SELECT count(*), sum(x) FROM t2";
                using var reader = check.ExecuteReader();
                Assert.True(reader.Read());
                using var mini = Database.Open(path);
                using var st = mini.Prepare("SELECT count(*), sum(x) FROM t2")!;
                Assert.True(st.Step());
                Assert.Equal(reader.GetInt64(0), st.Column(0).AsInteger);
                Assert.Equal(reader.GetInt64(1), st.Column(1).AsInteger);
            }
            // And MiniSql reads what SQLite writes.
            using (var sqlite = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                sqlite.Open();
                using var c = sqlite.CreateCommand();
                c.CommandText = "CREATE TABLE s(p TEXT PRIMARY KEY, q); INSERT INTO s VALUES('k1', 1), ('k2', 2.5);";
                c.ExecuteNonQuery();
            }
            using (var mini = Database.Open(path))
            {
                using var st = mini.Prepare("SELECT q FROM s WHERE p = 'k2'")!;
                Assert.True(st.Step());
                Assert.Equal(2.5, st.Column(0).AsReal);
                using var ic = mini.Prepare("PRAGMA integrity_check")!;
                Assert.True(ic.Step());
                Assert.Equal("ok", ic.Column(0).AsString);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, true);
        }
    }
}
