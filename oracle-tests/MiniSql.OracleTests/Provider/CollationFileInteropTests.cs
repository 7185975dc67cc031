using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using MiniSql.Data;

namespace MiniSql.OracleTests.Provider;

/// <summary>
/// Index b-trees ordered by user-defined collations are the same file format both ways: a file MiniSql writes
/// passes SQLite's PRAGMA integrity_check with the same collations registered, and the reverse, and ordered
/// queries give the same rows on both engines.
/// </summary>
public sealed class CollationFileInteropTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "minisql-coll-interop-" + Guid.NewGuid().ToString("N"));

    public CollationFileInteropTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        MiniSqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int Numeric(string x, string y)
    {
        bool nx = long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out long a);
        bool ny = long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out long b);
        if (nx && ny) return a.CompareTo(b);
        if (nx != ny) return nx ? -1 : 1;
        return string.CompareOrdinal(x, y);
    }

    private static void Register(Action<string, Comparison<string>> create)
    {
        create("num", Numeric);
        create("nc", (x, y) => string.Compare(x, y, StringComparison.OrdinalIgnoreCase));
        create("rev", (x, y) => -string.CompareOrdinal(x, y));
    }

    private static DbConnection OpenSqlite(string path)
    {
        var c = new SqliteConnection("Data Source=" + path + ";Pooling=False");
        c.Open();
        Register(c.CreateCollation);
        return c;
    }

    private static DbConnection OpenMiniSql(string path)
    {
        var c = new MiniSqlConnection("Data Source=" + path + ";Pooling=False");
        c.Open();
        Register(c.CreateCollation);
        return c;
    }

    private static void Exec(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static List<string> Rows(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var values = new string[reader.FieldCount];
            for (int i = 0; i < values.Length; i++) values[i] = Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
            rows.Add(string.Join("|", values));
        }
        return rows;
    }

    /// <summary>Builds a multi-level table with three custom-collation indexes, then churns it.</summary>
    private static void Populate(DbConnection c)
    {
        Exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT COLLATE num, b TEXT, c TEXT UNIQUE COLLATE nc)");
        Exec(c, "CREATE INDEX t_a ON t(a)");
        Exec(c, "CREATE INDEX t_b ON t(b COLLATE rev DESC, a)");
        Exec(c, "CREATE UNIQUE INDEX t_bnc ON t(b COLLATE nc, id)");
        using (var tx = c.BeginTransaction())
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO t(a, b, c) VALUES ($a, $b, $c)";
            var pa = cmd.CreateParameter();
            pa.ParameterName = "$a";
            var pb = cmd.CreateParameter();
            pb.ParameterName = "$b";
            var pc = cmd.CreateParameter();
            pc.ParameterName = "$c";
            cmd.Parameters.Add(pa);
            cmd.Parameters.Add(pb);
            cmd.Parameters.Add(pc);
            for (int i = 0; i < 1500; i++)
            {
                pa.Value = (i * 7919 % 2000).ToString(new string('0', i % 4 + 1), CultureInfo.InvariantCulture);
                pb.Value = (i % 3 == 0 ? "Word" : "word") + (i * 31 % 97) + new string('x', i % 40);
                pc.Value = (i % 2 == 0 ? "Key-" : "kEY-") + i.ToString(CultureInfo.InvariantCulture) + new string('~', i % 50);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
        Exec(c, "DELETE FROM t WHERE id % 7 = 3");
        Exec(c, "UPDATE t SET a = a || '0', b = upper(b) WHERE id % 11 = 5");
    }

    private static readonly string[] Queries =
    [
        "SELECT a FROM t ORDER BY a, id LIMIT 40",
        "SELECT id FROM t WHERE a > '1500' ORDER BY a, id",
        "SELECT b, a FROM t ORDER BY b COLLATE rev DESC, a LIMIT 60",
        "SELECT count(*), min(c), max(c) FROM t",
        "SELECT id FROM t WHERE c = 'KEY-100' || substr('~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~', 1, 100 % 50)",
        "SELECT b COLLATE nc, count(*) FROM t GROUP BY 1 ORDER BY 1 LIMIT 30",
        "PRAGMA integrity_check",
    ];

    [Fact]
    public void MiniSqlWritesSqliteChecksAndReads()
    {
        string path = Path.Combine(_dir, "minisql.db");
        List<string>[] expected;
        using (var m = OpenMiniSql(path))
        {
            Populate(m);
            expected = Queries.Select(q => Rows(m, q)).ToArray();
        }
        Assert.Equal(["ok"], expected[^1]);
        using var s = OpenSqlite(path);
        for (int i = 0; i < Queries.Length; i++) Assert.Equal(expected[i], Rows(s, Queries[i]));
        // SQLite keeps writing through MiniSql's index pages, and its own check still passes.
        Exec(s, "INSERT INTO t(a, b, c) VALUES ('0042', 'zz', 'fresh'); DELETE FROM t WHERE id % 5 = 0");
        Assert.Equal(["ok"], Rows(s, "PRAGMA integrity_check"));
    }

    [Fact]
    public void SqliteWritesMiniSqlChecksAndReads()
    {
        string path = Path.Combine(_dir, "sqlite.db");
        List<string>[] expected;
        using (var s = OpenSqlite(path))
        {
            Populate(s);
            expected = Queries.Select(q => Rows(s, q)).ToArray();
        }
        Assert.Equal(["ok"], expected[^1]);
        using var m = OpenMiniSql(path);
        for (int i = 0; i < Queries.Length; i++) Assert.Equal(expected[i], Rows(m, Queries[i]));
        Exec(m, "INSERT INTO t(a, b, c) VALUES ('0042', 'zz', 'fresh'); DELETE FROM t WHERE id % 5 = 0");
        Assert.Equal(["ok"], Rows(m, "PRAGMA integrity_check"));
        using var s2 = OpenSqlite(path);
        Assert.Equal(["ok"], Rows(s2, "PRAGMA integrity_check"));
    }

    [Fact]
    public void UniqueViolationOnlyTheCollationSees()
    {
        string path = Path.Combine(_dir, "unique.db");
        using (var m = OpenMiniSql(path))
        {
            Populate(m);
            var error = Assert.Throws<MiniSqlException>(() => Exec(m, "INSERT INTO t(a, b, c) VALUES ('1', 'b', 'KEY-0')"));
            Assert.Equal(2067, error.SqliteExtendedErrorCode);
        }
        using var s = OpenSqlite(path);
        var sqliteError = Assert.Throws<SqliteException>(() => Exec(s, "INSERT INTO t(a, b, c) VALUES ('1', 'b', 'KEY-0')"));
        Assert.Equal(2067, sqliteError.SqliteExtendedErrorCode);
    }

    /// <summary>
    /// Microsoft.Data.Sqlite lets an exception escape a collation callback into native code, which ends the
    /// process, so this is MiniSql only: the statement fails with SQLITE_ERROR carrying the original exception,
    /// is rolled back, and the connection stays usable.
    /// </summary>
    [Fact]
    public void ComparerExceptionFailsTheStatement()
    {
        using var c = new MiniSqlConnection("Data Source=:memory:");
        c.Open();
        bool fail = false;
        c.CreateCollation("fragile", (x, y) => fail ? throw new FormatException("bad input " + x) : string.CompareOrdinal(x, y));
        Exec(c, "CREATE TABLE t(a TEXT UNIQUE COLLATE fragile); INSERT INTO t VALUES ('a'), ('b')");
        fail = true;
        var error = Assert.Throws<MiniSqlException>(() => Exec(c, "INSERT INTO t VALUES ('c')"));
        Assert.Equal(1, error.SqliteErrorCode);
        Assert.Contains("bad input", error.Message);
        Assert.IsType<FormatException>(error.InnerException?.InnerException ?? error.InnerException);
        fail = false;
        Assert.Equal(["a", "b"], Rows(c, "SELECT a FROM t ORDER BY a"));
        Assert.Equal(["ok"], Rows(c, "PRAGMA integrity_check"));
    }
}
