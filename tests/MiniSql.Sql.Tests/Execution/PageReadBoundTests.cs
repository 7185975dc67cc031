using MiniSql.Sql;

namespace MiniSql.Sql.Tests.Execution;

/// <summary>
/// Proves the planner's index paths touch O(log n + k) pages: the pager counts page fetches (cache hits and misses)
/// while a statement steps, over tables of 1k, 10k and 100k rows.
/// </summary>
public sealed class PageReadBoundTests
{
    private static readonly int[] Sizes = [1_000, 10_000, 100_000];

    /// <summary>Rows a range query returns.</summary>
    private const int RangeRows = 50;

    /// <summary>Outer rows of the join (each probes the inner table's index once).</summary>
    private const int JoinRows = 10;

    /// <summary>c in c·(log2 n + k): a seek descends ~3 levels and each returned row costs ~2 fetches.</summary>
    private const int Factor = 4;

    private static Database Build(int n)
    {
        var db = Database.Open(":memory:");
        db.Execute("CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, c INTEGER, pad TEXT)");
        db.Execute("CREATE INDEX ta ON t(a)");
        db.Execute("CREATE TABLE u(x INTEGER PRIMARY KEY, y INTEGER)");
        // a is a permutation of 0..n-1 (n is not a multiple of 7919), so index order differs from rowid order.
        db.Execute($"WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {n - 1}) "
            + $"INSERT INTO t SELECT i, (i * 7919) % {n}, i % 100, printf('%040d', i) FROM s");
        db.Execute($"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 100) "
            + $"INSERT INTO u SELECT i, (i * 31) % {n} FROM s");
        return db;
    }

    /// <summary>Runs <paramref name="sql"/> to completion; returns (rows, page fetches while stepping).</summary>
    private static (int Rows, long Fetches) Measure(Database db, string sql)
    {
        using var statement = db.Prepare(sql)!;
        db.Pager.ResetStats();
        int rows = 0;
        while (statement.Step()) rows++;
        return (rows, db.Pager.Stats.Fetches);
    }

    private static string Plan(Database db, string sql)
    {
        using var statement = db.Prepare("EXPLAIN QUERY PLAN " + sql)!;
        var details = new List<string>();
        while (statement.Step()) details.Add(statement.Column(3).AsString);
        return string.Join("; ", details);
    }

    private static long Bound(int n, int k) => Factor * ((long)Math.Ceiling(Math.Log2(n)) + k);

    [Fact]
    public void IndexedLookupsTouchLogarithmicPages()
    {
        var eq = new long[Sizes.Length];
        var range = new long[Sizes.Length];
        var join = new long[Sizes.Length];
        var scan = new long[Sizes.Length];
        for (int s = 0; s < Sizes.Length; s++)
        {
            int n = Sizes[s];
            using var db = Build(n);
            int probe = n / 3;

            string eqSql = $"SELECT * FROM t WHERE a = {probe}";
            Assert.Equal("SEARCH t USING INDEX ta (a=?)", Plan(db, eqSql));
            var (eqRows, eqFetches) = Measure(db, eqSql);
            Assert.Equal(1, eqRows);
            Assert.True(eqFetches <= Bound(n, 1), $"n={n}: equality lookup fetched {eqFetches} pages, bound {Bound(n, 1)}");
            eq[s] = eqFetches;

            string rangeSql = $"SELECT * FROM t WHERE a >= {probe} AND a < {probe + RangeRows}";
            Assert.Equal("SEARCH t USING INDEX ta (a>? AND a<?)", Plan(db, rangeSql));
            var (rangeRows, rangeFetches) = Measure(db, rangeSql);
            Assert.Equal(RangeRows, rangeRows);
            Assert.True(rangeFetches <= Bound(n, RangeRows), $"n={n}: range of {RangeRows} fetched {rangeFetches} pages, bound {Bound(n, RangeRows)}");
            range[s] = rangeFetches;

            string joinSql = $"SELECT * FROM u, t WHERE u.x <= {JoinRows} AND t.a = u.y";
            Assert.Equal("SEARCH u USING INTEGER PRIMARY KEY (rowid<?); SEARCH t USING INDEX ta (a=?)", Plan(db, joinSql));
            var (joinRows, joinFetches) = Measure(db, joinSql);
            Assert.Equal(JoinRows, joinRows);
            Assert.True(joinFetches <= JoinRows * Bound(n, 1), $"n={n}: join fetched {joinFetches} pages, bound {JoinRows * Bound(n, 1)}");
            join[s] = joinFetches;

            // Control: an unindexed filter scans the table, so the counter does grow with n there.
            var (scanRows, scanFetches) = Measure(db, "SELECT id FROM t WHERE c = 7");
            Assert.Equal(n / 100, scanRows);
            scan[s] = scanFetches;
        }
        string all = $"eq {string.Join(",", eq)}; range {string.Join(",", range)}; join {string.Join(",", join)}; scan {string.Join(",", scan)}";
        Console.WriteLine(all);
        // n grows 100x; the index paths may add a b-tree level or two, the scan grows with n.
        Assert.True(eq[2] <= eq[0] + 4, all);
        Assert.True(range[2] <= range[0] + 4 + RangeRows, all);
        Assert.True(join[2] <= join[0] + 4 * JoinRows, all);
        Assert.True(scan[2] >= 50 * scan[0], all);
    }

    /// <summary>
    /// Deleting a parent row looks its children up through an index on the child key (as SQLite does), so a
    /// cascading delete touches O(log n + k) pages however large the child table is; without that index it scans.
    /// </summary>
    [Fact]
    public void ForeignKeyChildrenAreFoundThroughTheChildIndex()
    {
        var fetches = new long[Sizes.Length];
        var scans = new long[Sizes.Length];
        for (int s = 0; s < Sizes.Length; s++)
        {
            int n = Sizes[s];
            foreach (bool indexed in new[] { true, false })
            {
                using var db = Database.Open(":memory:");
                db.Execute("PRAGMA foreign_keys = ON");
                db.Execute("CREATE TABLE p(id INTEGER PRIMARY KEY)");
                db.Execute("CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ON DELETE CASCADE, pad TEXT)");
                if (indexed) db.Execute("CREATE INDEX c_pid ON c(pid)");
                db.Execute($"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n / 10}) INSERT INTO p SELECT i FROM s");
                db.Execute($"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) "
                    + $"INSERT INTO c SELECT i, (i * 7919) % {n / 10} + 1, printf('%040d', i) FROM s");
                var (_, f) = Measure(db, "DELETE FROM p WHERE id = 5");
                using var count = db.Prepare("SELECT count(*) FROM c WHERE pid = 5")!;
                Assert.True(count.Step());
                Assert.Equal(0L, count.Column(0).AsInteger);
                if (indexed) fetches[s] = f;
                else scans[s] = f;
            }
            // 10 children per parent: each costs an index entry, a table row delete and an index entry delete.
            Assert.True(fetches[s] <= Bound(n, 3 * 10), $"n={n}: cascading delete fetched {fetches[s]} pages, bound {Bound(n, 30)}");
        }
        string all = $"indexed {string.Join(",", fetches)}; unindexed {string.Join(",", scans)}";
        Console.WriteLine(all);
        Assert.True(fetches[2] <= fetches[0] + 40, all);
        Assert.True(scans[2] >= 20 * scans[0], all);
    }
}
