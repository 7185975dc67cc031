using Microsoft.Data.Sqlite;

namespace MiniSql.Shell.Tests;

/// <summary>.dump output loaded back by real SQLite yields an identical database (schema and every value's storage class).</summary>
public sealed class DumpRoundTripTests
{
    internal const string Fixture = """"
        CREATE TABLE t(a, b TEXT, c REAL, d BLOB);
        INSERT INTO t VALUES(NULL, 'it''s "quoted"', 0.1, x'00ff7f80');
        INSERT INTO t VALUES(9223372036854775807, 'line1
        line2', 1e300, x'');
        INSERT INTO t VALUES(-9223372036854775808, 'cr' || char(13) || 'lf' || char(10) || 'back\nslash', -2.5e-10, NULL);
        INSERT INTO t VALUES(1.0/3, 'ü€日本😀', 123456789012345678.0, zeroblob(3));
        INSERT INTO t VALUES(3.0, '', 1e-300, 'text in blob column');
        INSERT INTO t VALUES(1e400, -1e400, 4.9e-324, 1.7976931348623157e308);
        CREATE TABLE "odd ""name"""(x INTEGER PRIMARY KEY, "y z" TEXT DEFAULT 'q', UNIQUE("y z"));
        INSERT INTO "odd ""name""" VALUES(7, 'a'), (9, 'b');
        CREATE TABLE seq(id INTEGER PRIMARY KEY AUTOINCREMENT, v);
        INSERT INTO seq(v) VALUES('one'), ('two');
        CREATE INDEX t_b ON t(b);
        CREATE VIEW v AS SELECT a, b FROM t WHERE a IS NOT NULL;
        CREATE TRIGGER tr AFTER INSERT ON seq BEGIN SELECT 1; END;
        """";

    [Fact]
    public void Dump_loads_back_into_identical_database()
    {
        using var dir = TestShell.CreateTempDir();
        string source = dir.File("source.db"), copy = dir.File("copy.db");
        Execute(source, Fixture);

        var (dump, err, errors) = TestShell.Run(".dump\n", source);
        Assert.Equal("", err);
        Assert.Equal(0, errors);
        Assert.StartsWith("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n", dump);
        Assert.EndsWith("COMMIT;\n", dump);

        Execute(copy, dump);
        Assert.Equal(Snapshot(source), Snapshot(copy));
    }

    internal static void Execute(string file, string sql)
    {
        using var c = new SqliteConnection("Data Source=" + file + ";Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Schema rows and every table's rows as "typeof:value" text, in rowid order.</summary>
    internal static List<string> Snapshot(string file)
    {
        var result = new List<string>();
        using var c = new SqliteConnection("Data Source=" + file + ";Pooling=False;Mode=ReadOnly");
        c.Open();
        var tables = new List<string>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                result.Add(string.Join("|", r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? "" : r.GetString(3)));
                if (r.GetString(0) == "table") tables.Add(r.GetString(1));
            }
        }
        foreach (var table in tables)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT * FROM \"" + table.Replace("\"", "\"\"") + "\"";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var cells = new List<string> { table };
                for (int i = 0; i < r.FieldCount; i++)
                {
                    object v = r.GetValue(i);
                    cells.Add(v switch
                    {
                        DBNull => "null",
                        long l => "integer:" + l,
                        double d => "real:" + BitConverter.DoubleToInt64Bits(d).ToString("x16"),
                        string s => "text:" + s,
                        byte[] b => "blob:" + Convert.ToHexString(b),
                        _ => "?" + v,
                    });
                }
                result.Add(string.Join("|", cells));
            }
        }
        return result;
    }
}
