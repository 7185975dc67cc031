using MiniSql.OracleTests.Infrastructure;

namespace MiniSql.OracleTests.Executor;

/// <summary>
/// EXPLAIN QUERY PLAN on MiniSql against real SQLite for indexed equality, range, IN, joins on indexed and
/// unindexed columns, covering indexes and ORDER BY satisfied by an index: same detail lines, same nesting.
/// </summary>
public sealed class ExplainQueryPlanOracleTests
{
    private static readonly string[] Schema =
    [
        "CREATE TABLE t(a, b, c, d)",
        "CREATE INDEX ta ON t(a)",
        "CREATE INDEX tbc ON t(b, c)",
        "CREATE TABLE u(x INTEGER PRIMARY KEY, y, z)",
        "CREATE INDEX uy ON u(y)",
        "CREATE TABLE w(p, q)",
        "INSERT INTO t VALUES(1, 2, 3, 4), (5, 6, 7, 8)",
        "INSERT INTO u VALUES(1, 2, 3), (4, 5, 6)",
        "INSERT INTO w VALUES(1, 2), (5, 6)",
    ];

    public static TheoryData<string> Queries =>
    [
        "SELECT * FROM t WHERE a = 1",
        "SELECT * FROM t WHERE a > 1 AND a < 5",
        "SELECT * FROM t WHERE a BETWEEN 1 AND 4",
        "SELECT * FROM t WHERE a > 5",
        "SELECT * FROM t WHERE b = 1 AND c > 2",
        "SELECT * FROM u WHERE x = 3",
        "SELECT * FROM u WHERE x > 5",
        "SELECT * FROM u WHERE x >= 2 AND x <= 9",
        "SELECT * FROM t",
        "SELECT * FROM t WHERE d = 4",
        "SELECT * FROM t WHERE a IN (1, 2, 3)",
        "SELECT * FROM u WHERE x IN (1, 2, 3)",
        "SELECT a FROM t WHERE a = 1",
        "SELECT a, rowid FROM t WHERE a = 2",
        "SELECT b, c FROM t WHERE b = 1",
        "SELECT b FROM t WHERE b > 3",
        "SELECT * FROM t ORDER BY a",
        "SELECT * FROM t ORDER BY a DESC",
        "SELECT a FROM t ORDER BY a",
        "SELECT * FROM t ORDER BY d",
        "SELECT * FROM t WHERE b = 1 ORDER BY c",
        "SELECT * FROM t WHERE a = 1 ORDER BY b",
        "SELECT * FROM t WHERE a > 5 ORDER BY a",
        "SELECT * FROM u ORDER BY x DESC",
        "SELECT * FROM t, u WHERE t.a = u.x",
        "SELECT * FROM t, u WHERE t.b = u.y",
        "SELECT * FROM w, u WHERE w.p = u.y",
        "SELECT * FROM w, t WHERE w.p = t.a AND w.q = 5",
        "SELECT * FROM w, t WHERE w.p = t.d",
        "SELECT * FROM t WHERE a = 1 AND d = 4",
        "SELECT * FROM t WHERE b = 1 AND c = 2",
        "SELECT c FROM t WHERE b = 1 ORDER BY c DESC",
        "SELECT * FROM t WHERE a = 1 LIMIT 1",
        "SELECT * FROM t ORDER BY a LIMIT 1",
        "SELECT * FROM u WHERE y IN (2, 5)",
        "SELECT * FROM t, u WHERE u.x = t.a AND t.b = 2",
        "SELECT * FROM t WHERE b IN (2, 6) AND c = 3",
        "SELECT * FROM t WHERE a = 1 ORDER BY rowid",
        "SELECT * FROM u WHERE y = 2 ORDER BY x",
        "SELECT * FROM t WHERE a IS NULL",
        "SELECT count(*) FROM t",
        "SELECT a FROM t",
        "SELECT group_concat(b) FROM t",
        "SELECT b, c FROM t WHERE c > 5",
        "SELECT * FROM t, u, w WHERE t.a = u.x AND u.y = w.p",
        "SELECT * FROM w, u, t WHERE t.a = u.x AND u.y = w.p",
        "SELECT * FROM u, t WHERE u.z = t.b AND u.x = 5",
        "SELECT * FROM t, u WHERE t.a IS NULL AND u.x = t.b",
        "SELECT * FROM w, t WHERE w.p = t.b AND t.c = 5",
        "SELECT * FROM t AS t1, t AS t2 WHERE t1.a = t2.b",
        "SELECT * FROM w, u WHERE u.y = w.p AND w.q > 3",
    ];

    [Theory]
    [MemberData(nameof(Queries))]
    public void PlanMatchesSqlite(string sql)
    {
        using var sqlite = new SqliteEngine();
        using var mini = new MiniSqlEngine();
        foreach (var statement in Schema)
        {
            sqlite.Execute(statement);
            mini.Execute(statement);
        }
        var expected = Plan(sqlite, sql);
        var actual = Plan(mini, sql);
        Assert.Equal(expected, actual);
        // The plan must not change the answer.
        Assert.Equal(Rows(sqlite, sql), Rows(mini, sql));
    }

    /// <summary>The plan as "depth:detail" lines (ids differ between engines; the tree shape must not).</summary>
    private static List<string> Plan(ISqlEngine engine, string sql)
    {
        var result = engine.Query("EXPLAIN QUERY PLAN " + sql);
        var depth = new Dictionary<long, int> { [0] = 0 };
        var lines = new List<string>();
        foreach (var row in result.Rows)
        {
            long id = row[0].AsInteger, parent = row[1].AsInteger;
            int d = depth.TryGetValue(parent, out int p) ? p + 1 : 1;
            depth[id] = d;
            lines.Add(d + ":" + row[3].AsString);
        }
        return lines;
    }

    private static List<string> Rows(ISqlEngine engine, string sql)
    {
        var lines = new List<string>();
        foreach (var row in engine.Query(sql).Rows) lines.Add(string.Join("|", row.Select(v => v.ToString())));
        return lines;
    }
}
