using MiniSql.OracleTests.Infrastructure;

namespace MiniSql.OracleTests.Executor;

/// <summary>
/// Window functions ("Window Functions" in the SQLite documentation) against real SQLite: ranking, navigation and
/// aggregate window functions over ROWS/RANGE/GROUPS frames with EXCLUDE, named windows, FILTER, windows over
/// aggregate queries, and the errors SQLite raises for misuse. Rows compare value by value and storage class by
/// storage class; every query has an outer ORDER BY (with a unique tiebreaker) so row order is defined.
/// </summary>
public sealed class WindowFunctionOracleTests
{
    private static readonly string[] Setup =
    [
        "CREATE TABLE w(id INTEGER PRIMARY KEY, g TEXT COLLATE NOCASE, x INT, y REAL, s TEXT)",
        "INSERT INTO w VALUES(1,'a',10,1.5,'p'),(2,'A',20,2.25,'q'),(3,'a',20,NULL,'r'),(4,'b',5,0.5,NULL)",
        "INSERT INTO w VALUES(5,'B',NULL,4.0,'s'),(6,'b',5,-1.25,'t'),(7,'c',30,8.0,'u'),(8,NULL,15,3.5,'v')",
        "INSERT INTO w VALUES(9,'a',NULL,2.0,'w'),(10,'c',30,8.0,'x'),(11,'b',7,0.75,'y'),(12,NULL,NULL,NULL,'z')",
        "CREATE TABLE e(k INT)",
        "CREATE TABLE n(v TEXT COLLATE NOCASE, k INT)",
        "INSERT INTO n VALUES('b',1),('B',2),('a',3),('A',4),('c',5)",
    ];

    private static readonly string[] Queries =
    [
        // Ranking.
        "SELECT id, row_number() OVER (ORDER BY id) FROM w ORDER BY id",
        "SELECT id, row_number() OVER (ORDER BY id DESC) FROM w ORDER BY id",
        "SELECT id, row_number() OVER (PARTITION BY g ORDER BY id) FROM w ORDER BY id",
        "SELECT id, x, rank() OVER (ORDER BY x) FROM w ORDER BY id",
        "SELECT id, x, rank() OVER (ORDER BY x DESC) FROM w ORDER BY id",
        "SELECT id, x, dense_rank() OVER (ORDER BY x) FROM w ORDER BY id",
        "SELECT id, x, rank() OVER (ORDER BY x NULLS LAST) FROM w ORDER BY id",
        "SELECT id, g, x, rank() OVER (PARTITION BY g ORDER BY x), dense_rank() OVER (PARTITION BY g ORDER BY x) FROM w ORDER BY id",
        "SELECT id, x, percent_rank() OVER (ORDER BY x), cume_dist() OVER (ORDER BY x) FROM w ORDER BY id",
        "SELECT id, percent_rank() OVER (PARTITION BY g ORDER BY x), cume_dist() OVER (PARTITION BY g ORDER BY x) FROM w ORDER BY id",
        "SELECT id, percent_rank() OVER (), cume_dist() OVER (), rank() OVER (), dense_rank() OVER () FROM w ORDER BY id",
        "SELECT id, ntile(3) OVER (ORDER BY id) FROM w ORDER BY id",
        "SELECT id, ntile(5) OVER (ORDER BY id), ntile(1) OVER (ORDER BY id), ntile(20) OVER (ORDER BY id) FROM w ORDER BY id",
        "SELECT id, ntile(2) OVER (PARTITION BY g ORDER BY id) FROM w ORDER BY id",
        // Navigation.
        "SELECT id, lag(x) OVER (ORDER BY id), lead(x) OVER (ORDER BY id) FROM w ORDER BY id",
        "SELECT id, lag(x, 2) OVER (ORDER BY id), lead(x, 3) OVER (ORDER BY id) FROM w ORDER BY id",
        "SELECT id, lag(x, 1, -1) OVER (ORDER BY id), lead(s, 2, 'none') OVER (ORDER BY id) FROM w ORDER BY id",
        "SELECT id, lag(y) OVER (PARTITION BY g ORDER BY id), lead(y) OVER (PARTITION BY g ORDER BY id) FROM w ORDER BY id",
        "SELECT id, lag(id, 0) OVER (ORDER BY id), lead(id, NULL) OVER (ORDER BY id) FROM w ORDER BY id",
        "SELECT id, first_value(s) OVER (ORDER BY id), last_value(s) OVER (ORDER BY id) FROM w ORDER BY id",
        "SELECT id, first_value(s) OVER (PARTITION BY g ORDER BY x), last_value(s) OVER (PARTITION BY g ORDER BY x) FROM w ORDER BY id",
        "SELECT id, nth_value(s, 2) OVER (ORDER BY id), nth_value(s, 3) OVER (PARTITION BY g ORDER BY id) FROM w ORDER BY id",
        "SELECT id, last_value(id) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM w ORDER BY id",
        "SELECT id, nth_value(id, 2) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM w ORDER BY id",
        "SELECT id, first_value(id) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING) FROM w ORDER BY id",
        // Aggregates, default frame and whole partition.
        "SELECT id, sum(x) OVER () FROM w ORDER BY id",
        "SELECT id, sum(x) OVER (ORDER BY id) FROM w ORDER BY id",
        "SELECT id, x, sum(x) OVER (ORDER BY x) FROM w ORDER BY id",
        "SELECT id, count(*) OVER (ORDER BY x), count(x) OVER (ORDER BY x) FROM w ORDER BY id",
        "SELECT id, g, sum(x) OVER (PARTITION BY g), count(*) OVER (PARTITION BY g) FROM w ORDER BY id",
        "SELECT id, total(y) OVER (PARTITION BY g ORDER BY id), avg(y) OVER (PARTITION BY g ORDER BY id) FROM w ORDER BY id",
        "SELECT id, min(x) OVER (ORDER BY id), max(x) OVER (ORDER BY id) FROM w ORDER BY id",
        "SELECT id, min(s) OVER (PARTITION BY g), max(s) OVER (PARTITION BY g) FROM w ORDER BY id",
        "SELECT id, group_concat(s) OVER (ORDER BY id) FROM w ORDER BY id",
        "SELECT id, group_concat(s, '-') OVER (PARTITION BY g ORDER BY id DESC) FROM w ORDER BY id",
        "SELECT id, avg(x) OVER (ORDER BY y) FROM w ORDER BY id",
        "SELECT id, sum(y) OVER (ORDER BY y DESC) FROM w ORDER BY id",
        // ROWS frames.
        "SELECT id, sum(x) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM w ORDER BY id",
        "SELECT id, sum(x) OVER (ORDER BY id ROWS 2 PRECEDING) FROM w ORDER BY id",
        "SELECT id, sum(x) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM w ORDER BY id",
        "SELECT id, count(*) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) FROM w ORDER BY id",
        "SELECT id, group_concat(id) OVER (PARTITION BY g ORDER BY id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) FROM w ORDER BY id",
        "SELECT id, sum(x) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 PRECEDING) FROM w ORDER BY id",
        "SELECT id, sum(x) OVER (ORDER BY id ROWS BETWEEN 0 PRECEDING AND 0 FOLLOWING) FROM w ORDER BY id",
        "SELECT id, sum(x) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) FROM w ORDER BY id",
        // RANGE frames.
        "SELECT id, x, sum(x) OVER (ORDER BY x RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING) FROM w ORDER BY id",
        "SELECT id, x, count(*) OVER (ORDER BY x RANGE BETWEEN 10 PRECEDING AND CURRENT ROW) FROM w ORDER BY id",
        "SELECT id, x, count(*) OVER (ORDER BY x DESC RANGE BETWEEN 10 PRECEDING AND 2 FOLLOWING) FROM w ORDER BY id",
        "SELECT id, y, group_concat(id) OVER (ORDER BY y RANGE BETWEEN 1.5 PRECEDING AND 0.5 FOLLOWING) FROM w ORDER BY id",
        "SELECT id, x, sum(x) OVER (ORDER BY x RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM w ORDER BY id",
        "SELECT id, x, count(*) OVER (ORDER BY x RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM w ORDER BY id",
        "SELECT id, x, count(*) OVER (PARTITION BY g ORDER BY x RANGE BETWEEN 5 FOLLOWING AND 20 FOLLOWING) FROM w ORDER BY id",
        "SELECT id, x, count(*) OVER (ORDER BY x NULLS LAST RANGE BETWEEN 5 PRECEDING AND CURRENT ROW) FROM w ORDER BY id",
        // GROUPS frames.
        "SELECT id, x, sum(x) OVER (ORDER BY x GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM w ORDER BY id",
        "SELECT id, x, group_concat(id) OVER (ORDER BY x GROUPS BETWEEN CURRENT ROW AND 1 FOLLOWING) FROM w ORDER BY id",
        "SELECT id, x, count(*) OVER (ORDER BY x GROUPS 2 PRECEDING) FROM w ORDER BY id",
        "SELECT id, x, count(*) OVER (ORDER BY x GROUPS BETWEEN 2 FOLLOWING AND UNBOUNDED FOLLOWING) FROM w ORDER BY id",
        // EXCLUDE.
        "SELECT id, x, group_concat(id) OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW) FROM w ORDER BY id",
        "SELECT id, x, group_concat(id) OVER (ORDER BY x ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE GROUP) FROM w ORDER BY id",
        "SELECT id, x, group_concat(id) OVER (ORDER BY x RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE TIES) FROM w ORDER BY id",
        "SELECT id, x, sum(x) OVER (ORDER BY x GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE NO OTHERS) FROM w ORDER BY id",
        "SELECT id, x, count(*) OVER (ORDER BY x EXCLUDE GROUP), first_value(id) OVER (ORDER BY x EXCLUDE CURRENT ROW) FROM w ORDER BY id",
        "SELECT id, x, last_value(id) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES) FROM w ORDER BY id",
        // Named windows.
        "SELECT id, sum(x) OVER win, row_number() OVER win FROM w WINDOW win AS (PARTITION BY g ORDER BY id) ORDER BY id",
        "SELECT id, sum(x) OVER (win ORDER BY id) FROM w WINDOW win AS (PARTITION BY g) ORDER BY id",
        "SELECT id, sum(x) OVER (win ROWS 1 PRECEDING) FROM w WINDOW win AS (ORDER BY id) ORDER BY id",
        "SELECT id, count(*) OVER w1, count(*) OVER w2 FROM w WINDOW w1 AS (ORDER BY x), w2 AS (w1 ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) ORDER BY id",
        // FILTER.
        "SELECT id, count(*) FILTER (WHERE x > 10) OVER (ORDER BY id) FROM w ORDER BY id",
        "SELECT id, sum(x) FILTER (WHERE g = 'a') OVER (), group_concat(s) FILTER (WHERE y > 1) OVER (PARTITION BY g) FROM w ORDER BY id",
        // Collations, expressions, aggregates under windows, DISTINCT, subqueries, ORDER BY a window.
        "SELECT v, k, row_number() OVER (ORDER BY v, k), rank() OVER (ORDER BY v) FROM n ORDER BY k",
        "SELECT v, k, count(*) OVER (PARTITION BY v), group_concat(k) OVER (PARTITION BY v ORDER BY k) FROM n ORDER BY k",
        "SELECT v, k, rank() OVER (ORDER BY v COLLATE BINARY) FROM n ORDER BY k",
        "SELECT id, x * 2 + sum(x) OVER (), (sum(x) OVER ()) - x, typeof(sum(y) OVER ()) FROM w ORDER BY id",
        "SELECT g, count(*), sum(count(*)) OVER (), rank() OVER (ORDER BY count(*) DESC) FROM w GROUP BY g ORDER BY g",
        "SELECT g, sum(x), sum(sum(x)) OVER (ORDER BY g) FROM w GROUP BY g HAVING count(*) > 1 ORDER BY g",
        "SELECT sum(x) OVER (), count(*) FROM w",
        "SELECT DISTINCT g, count(*) OVER (PARTITION BY g) FROM w ORDER BY 1, 2",
        "SELECT id FROM w ORDER BY row_number() OVER (ORDER BY x DESC, id), id",
        "SELECT id, row_number() OVER (ORDER BY id) AS rn FROM w ORDER BY rn DESC LIMIT 3",
        "SELECT * FROM (SELECT id, rank() OVER (PARTITION BY g ORDER BY x DESC) AS r FROM w) WHERE r = 1 ORDER BY id",
        "SELECT id, (SELECT count(*) OVER () FROM w AS w2 WHERE w2.id = w.id) FROM w ORDER BY id",
        "SELECT k, row_number() OVER (), sum(k) OVER () FROM e",
        "SELECT id, max(id) OVER (PARTITION BY x IS NULL ORDER BY y NULLS FIRST) FROM w ORDER BY id",
        "SELECT id, sum(x) OVER (PARTITION BY g, x > 10 ORDER BY y DESC, id) FROM w ORDER BY id",
        "SELECT id, row_number() OVER (ORDER BY id) FROM w WHERE x > 5 ORDER BY id",
        "SELECT id, y, sum(y) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM w ORDER BY id",
        "SELECT a, b, sum(b) OVER (ORDER BY a) FROM (SELECT 1 AS a, 2 AS b UNION ALL SELECT 2, 3 UNION ALL SELECT 3, NULL) ORDER BY a",
        "SELECT id, lag(x) OVER win, lead(x) OVER win, x - lag(x) OVER win FROM w WINDOW win AS (ORDER BY x, id) ORDER BY id",
        "SELECT id, lag(x, -1) OVER (ORDER BY id), lead(x, -2) OVER (ORDER BY id) FROM w ORDER BY id",
        "SELECT id, ntile('2') OVER (ORDER BY id), nth_value(id, 2.0) OVER (ORDER BY id) FROM w ORDER BY id",
        "SELECT id, sum(x) OVER (ORDER BY id ROWS BETWEEN 1+1 PRECEDING AND '1' FOLLOWING) FROM w ORDER BY id",
        "SELECT id, sum(x) OVER (ORDER BY id ROWS 1.0 PRECEDING) FROM w ORDER BY id",
        "SELECT id, sum(x) OVER (ORDER BY x RANGE '5' PRECEDING) FROM w ORDER BY id",
        "SELECT row_number() OVER (), sum(1) OVER (), count(*) OVER ()",
        "SELECT id, row_number() OVER (ORDER BY id) FROM w WHERE id < 3 UNION ALL SELECT k, row_number() OVER () FROM n ORDER BY 1, 2",
        "WITH c AS (SELECT id, x, rank() OVER (ORDER BY x) AS r FROM w) SELECT r, count(*) FROM c GROUP BY r ORDER BY r",
        "SELECT id, x, rank() OVER (ORDER BY x) AS r FROM w ORDER BY r, id",
        "SELECT g, count(*) OVER () FROM w WHERE 0 GROUP BY g",
        "SELECT count(*), row_number() OVER () FROM w WHERE 0",
        "SELECT id, (SELECT sum(w2.x) OVER (ORDER BY w2.id) FROM w AS w2 WHERE w2.id <= w.id ORDER BY w2.id DESC LIMIT 1) FROM w ORDER BY id",
        "SELECT id, x, sum(x) OVER (ORDER BY x RANGE BETWEEN 5 PRECEDING AND 5 PRECEDING), sum(x) OVER (ORDER BY x RANGE BETWEEN 5 FOLLOWING AND 5 FOLLOWING) FROM w ORDER BY id",
        "SELECT id, y, count(*) OVER (ORDER BY y DESC RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM w ORDER BY id",
        "SELECT id, s, count(*) OVER (ORDER BY s RANGE 1 PRECEDING) FROM w ORDER BY id",
        "SELECT id, max(y) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING), min(s) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) FROM w ORDER BY id",
        "SELECT id, avg(y) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM w ORDER BY id",
        "SELECT id, g, sum(x) OVER (PARTITION BY g COLLATE BINARY ORDER BY id) FROM w ORDER BY id",
        "SELECT id, cume_dist() OVER (ORDER BY x ROWS 1 PRECEDING), row_number() OVER (ORDER BY x ROWS 1 PRECEDING) FROM w ORDER BY id",
        "SELECT id, first_value(x) OVER (PARTITION BY g ORDER BY id GROUPS BETWEEN 1 FOLLOWING AND 2 FOLLOWING) FROM w ORDER BY id",
        "SELECT x, count(*), group_concat(count(*)) OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM w GROUP BY x ORDER BY x",
        // No outer ORDER BY: rows come out in the first window's order; the last window is computed first and each
        // window's sort keeps the previous order among ties (which decides row_number() among peers).
        "SELECT id, row_number() OVER (ORDER BY x) FROM w",
        "SELECT id, row_number() OVER (PARTITION BY g ORDER BY x DESC) FROM w",
        "SELECT id, row_number() OVER (ORDER BY x), rank() OVER (ORDER BY y) FROM w",
        "SELECT id, row_number() OVER (ORDER BY y), rank() OVER (ORDER BY x) FROM w",
        "SELECT id, sum(x) OVER () FROM w",
        "SELECT id, sum(x) OVER win, rank() OVER (ORDER BY s DESC) FROM w WINDOW win AS (ORDER BY y)",
        "SELECT g, count(*) OVER (ORDER BY g DESC) FROM w GROUP BY g",
        "SELECT id FROM w ORDER BY sum(x) OVER (PARTITION BY g), id",
        "SELECT g FROM w GROUP BY g ORDER BY count(*) OVER (ORDER BY g DESC)",
        "SELECT id, x, y, sum(x) OVER (ORDER BY x RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING), sum(y) OVER (ORDER BY y RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM w ORDER BY id",
        "SELECT id, sum(id * 0.1) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING), avg(id * 0.1) OVER (ORDER BY id ROWS 3 PRECEDING) FROM w ORDER BY id",
        "SELECT id, total(id * 0.7) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING) FROM w ORDER BY id",
        "SELECT id, (SELECT group_concat(n.k) OVER (ORDER BY n.k ROWS BETWEEN CURRENT ROW AND w.id FOLLOWING) FROM n LIMIT 1) FROM w ORDER BY id",
        "SELECT id, x FROM w WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY g ORDER BY id DESC) AS rn FROM w) WHERE rn = 1) ORDER BY id",
        "SELECT x, count(*) OVER (ORDER BY x) FROM w UNION SELECT k, rank() OVER (ORDER BY v) FROM n ORDER BY 1, 2",
        "SELECT id, sum(x) OVER (ORDER BY id) FROM w ORDER BY 2 DESC, 1 LIMIT 4 OFFSET 1",
    ];

    private static readonly string[] Errors =
    [
        "SELECT id FROM w WHERE row_number() OVER () > 1",
        "SELECT sum(row_number() OVER ()) OVER () FROM w",
        "SELECT count(*) FILTER (WHERE row_number() OVER () > 1) OVER () FROM w",
        "SELECT count(*) FILTER (WHERE row_number() OVER () > 1) FROM w",
        "SELECT * FROM w JOIN n ON row_number() OVER () = 1",
        "SELECT id FROM w LIMIT row_number() OVER ()",
        "SELECT lag(x, 1, 2, 3) OVER () FROM w",
        "SELECT sum(x) OVER (PARTITION BY row_number() OVER ()) FROM w",
        "SELECT sum(x) OVER (ORDER BY id ROWS x PRECEDING) FROM w",
        "SELECT sum(x) OVER (ORDER BY id ROWS NULL PRECEDING) FROM w",
        "SELECT group_concat(x ORDER BY id) OVER () FROM w",
        "SELECT min(x, y) OVER () FROM w",
        "SELECT x, sum(x) OVER w2 FROM w WINDOW w2 AS (ORDER BY x), w2 AS (ORDER BY y)",
        "SELECT id, sum(x) OVER (nowin ORDER BY id) FROM w",
        "SELECT x FROM w GROUP BY row_number() OVER ()",
        "SELECT x FROM w GROUP BY x HAVING sum(x) OVER () > 1",
        "SELECT row_number() FROM w",
        "SELECT rank() FROM w",
        "SELECT ntile(2) FROM w",
        "SELECT sum(x) OVER nowin FROM w",
        "SELECT sum(x) OVER (ORDER BY x, id RANGE 1 PRECEDING) FROM w",
        "SELECT sum(x) OVER (RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM w",
        "SELECT sum(x) OVER (ORDER BY id ROWS -1 PRECEDING) FROM w",
        "SELECT sum(x) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND -2 FOLLOWING) FROM w",
        "SELECT sum(x) OVER (ORDER BY id ROWS 1.5 PRECEDING) FROM w",
        "SELECT sum(x) OVER (ORDER BY x RANGE -1 PRECEDING) FROM w",
        "SELECT sum(x) OVER (ORDER BY id GROUPS 'a' PRECEDING) FROM w",
        "SELECT row_number() FILTER (WHERE x > 1) OVER () FROM w",
        "SELECT abs(x) OVER () FROM w",
        "SELECT nosuchfn(x) OVER () FROM w",
        "SELECT row_number(1) OVER () FROM w",
        "SELECT lag() OVER () FROM w",
        "SELECT count(DISTINCT x) OVER () FROM w",
        "SELECT ntile(0) OVER (ORDER BY id) FROM w",
        "SELECT ntile(-1) OVER (ORDER BY id) FROM w",
        "SELECT nth_value(x, 0) OVER (ORDER BY id) FROM w",
        "SELECT sum(x) OVER (win PARTITION BY x) FROM w WINDOW win AS (ORDER BY id)",
        "SELECT sum(x) OVER (win ORDER BY x) FROM w WINDOW win AS (ORDER BY id)",
        "SELECT sum(row_number() OVER ()) FROM w",
        "SELECT sum(x) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM w",
        "SELECT sum(x) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM w",
        "UPDATE w SET x = row_number() OVER ()",
        "SELECT sum(x) OVER (ORDER BY s RANGE 1 PRECEDING) FROM w ORDER BY id",
    ];

    private static List<string> Compare(IEnumerable<string> queries) => QueryComparison.Mismatches(Setup, queries);

    [Fact]
    public void WindowQueriesMatchSqlite()
    {
        Assert.True(Queries.Length >= 60);
        var mismatches = Compare(Queries);
        Assert.True(mismatches.Count == 0, mismatches.Count + " mismatches\n" + string.Join("\n\n", mismatches));
    }

    [Fact]
    public void WindowErrorsMatchSqlite()
    {
        var mismatches = Compare(Errors);
        Assert.True(mismatches.Count == 0, mismatches.Count + " mismatches\n" + string.Join("\n\n", mismatches));
    }

    [Fact]
    public void ExplainQueryPlanOfWindowQueryDoesNotFail()
    {
        using var mini = new MiniSqlEngine();
        QueryComparison.Run(mini, Setup);
        var r = mini.Query("EXPLAIN QUERY PLAN SELECT id, sum(x) OVER (PARTITION BY g ORDER BY id) FROM w ORDER BY id");
        Assert.NotEmpty(r.Rows);
    }
}
