using System.Data;
using System.Data.Common;

namespace MiniSql.OracleTests.Provider;

/// <summary>
/// GetSchemaTable: every column of the schema table (key info, base table and column, nullability,
/// auto-increment, types) for table columns, aliases, expressions, views, joins, rowid aliases (MiniSql has no WITHOUT ROWID tables).
/// </summary>
public sealed class SchemaTableConformanceTests
{
    private const string Schema =
        "CREATE TABLE parent(id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL UNIQUE, name VARCHAR(20), score REAL DEFAULT 0);" +
        "CREATE TABLE child(a INTEGER NOT NULL, b TEXT, c BLOB, parent_id INTEGER REFERENCES parent(id), PRIMARY KEY (a, b));" +
        "CREATE UNIQUE INDEX child_c ON child(c);" +
        "CREATE INDEX child_b ON child(b);" +
        "CREATE TABLE plain(x, y INT UNIQUE, z DATETIME);" +
        "CREATE UNIQUE INDEX plain_xz ON plain(x, z);" +
        "CREATE TABLE ipk(rid INTEGER PRIMARY KEY, t TEXT);" +
        "CREATE VIEW v AS SELECT p.id, p.code AS pcode, c.b, c.a + 1 AS a1 FROM parent p JOIN child c ON c.parent_id = p.id;" +
        "INSERT INTO parent(code, name) VALUES ('x', 'n');" +
        "INSERT INTO child VALUES (1, 'b', x'00', 1);";

    public static TheoryData<string> Queries() => new()
    {
        "SELECT * FROM parent",
        "SELECT * FROM child",
        "SELECT * FROM plain",
        "SELECT * FROM ipk",
        "SELECT rowid, _rowid_, oid FROM plain",
        "SELECT rowid FROM ipk",
        "SELECT id AS ident, code c, name FROM parent",
        "SELECT 1, 'a' AS s, NULL, id + 1, upper(code) FROM parent",
        "SELECT * FROM v",
        "SELECT p.name, c.a, c.b FROM parent p JOIN child c ON c.parent_id = p.id",
        "SELECT p.*, c.a FROM parent p LEFT JOIN child c ON c.parent_id = p.id",
        "SELECT x FROM (SELECT code AS x FROM parent)",
        "SELECT count(*), max(id) FROM parent",
        "SELECT id FROM parent UNION SELECT a FROM child",
        "SELECT Code, NAME FROM Parent",
        "WITH w AS (SELECT id, code FROM parent) SELECT * FROM w",
    };

    /// <summary>Every schema-table column of every result column.</summary>
    [Theory]
    [MemberData(nameof(Queries))]
    public void SchemaTableColumns(string sql) => ConformanceRunner.Compare((target, t, path) =>
    {
        using var c = target.Open("Data Source=" + path);
        using (var setup = c.CreateCommand())
        {
            setup.CommandText = Schema;
            setup.ExecuteNonQuery();
        }
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        Dump(t, r.GetSchemaTable()!, path);
        r.Read();
        Dump(t, r.GetSchemaTable()!, path);
    });

    /// <summary>Schema table of a statement without result columns, and after the reader moved past the rows.</summary>
    [Fact]
    public void SchemaTableEdges() => ConformanceRunner.Compare((target, t, path) =>
    {
        using var c = target.Open("Data Source=" + path);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "CREATE TABLE e(a INTEGER PRIMARY KEY, b); SELECT a, b FROM e";
        using var r = cmd.ExecuteReader();
        t.Try("rows", () => r.GetSchemaTable()?.Rows.Count);
        while (r.Read())
        {
        }
        Dump(t, r.GetSchemaTable()!, path);
    });

    private static void Dump(Transcript t, DataTable schema, string path)
    {
        t.Add("columns", string.Join(",", schema.Columns.Cast<DataColumn>().Select(c => c.ColumnName + ":" + c.DataType.Name)));
        foreach (DataRow row in schema.Rows)
        {
            foreach (DataColumn col in schema.Columns)
            {
                object value = row[col];
                if (value is string s && s.Length > 0 && s == Path.GetFullPath(path)) value = "<path>";
                t.Add(row["ColumnOrdinal"] + "." + col.ColumnName, value);
            }
        }
    }
}
