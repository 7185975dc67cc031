using System.Data.Common;

namespace MiniSql.OracleTests.Provider;

/// <summary>
/// Result shapes through the reader: column names, GetFieldType (by storage class, declared type and earlier rows),
/// GetDataTypeName, typed values, multi-statement result sets and RecordsAffected, on both providers.
/// </summary>
public sealed class QueryConformanceTests
{
    private const string People = "CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INT, score REAL, photo BLOB, note);"
        + "INSERT INTO people VALUES (1, 'Ann', 31, 4.5, x'0102', NULL), (2, 'Bob', NULL, 3.25, NULL, 'x'), (3, 'Cy', 22, NULL, x'', 7);";

    /// <summary>Scenario name, setup SQL, query SQL.</summary>
    public static TheoryData<string, string, string> Cases() => new()
    {
        { "int literal", "", "SELECT 1" },
        { "negative int", "", "SELECT -9223372036854775808" },
        { "real literal", "", "SELECT 1.5" },
        { "real whole", "", "SELECT 2.0" },
        { "text literal", "", "SELECT 'hello'" },
        { "empty text", "", "SELECT ''" },
        { "unicode text", "", "SELECT 'żółw 🐢'" },
        { "blob literal", "", "SELECT x'DEADBEEF'" },
        { "empty blob", "", "SELECT x''" },
        { "null literal", "", "SELECT NULL" },
        { "several columns", "", "SELECT 1 AS a, 'b' AS b, 2.5 AS c, NULL AS d, x'00' AS e" },
        { "unnamed expression", "", "SELECT 1 + 2, 'a' || 'b'" },
        { "column alias case", "", "SELECT 1 AS MixedCase" },
        { "no rows", People, "SELECT * FROM people WHERE id > 100" },
        { "all people", People, "SELECT * FROM people" },
        { "people ordered", People, "SELECT name, age FROM people ORDER BY name DESC" },
        { "declared types", People, "SELECT id, name, age, score, photo, note FROM people WHERE id = 2" },
        { "null in declared int", People, "SELECT age FROM people ORDER BY id DESC" },
        { "null then value", People, "SELECT score FROM people ORDER BY id DESC" },
        { "value then null", People, "SELECT score FROM people ORDER BY id" },
        { "expression over column", People, "SELECT age + 1, score * 2, name || '!' FROM people ORDER BY id" },
        { "aggregate count", People, "SELECT count(*) FROM people" },
        { "aggregate sum avg", People, "SELECT sum(age), avg(score), min(name), max(name) FROM people" },
        { "group by", People, "SELECT age IS NULL, count(*) FROM people GROUP BY 1 ORDER BY 1" },
        { "typeof", People, "SELECT typeof(id), typeof(name), typeof(age), typeof(score), typeof(photo), typeof(note) FROM people ORDER BY id" },
        { "cast int", "", "SELECT CAST('12' AS INTEGER), CAST(3.9 AS INTEGER), CAST('x' AS INTEGER)" },
        { "cast real", "", "SELECT CAST('1.5' AS REAL), CAST(2 AS REAL)" },
        { "cast text", "", "SELECT CAST(12 AS TEXT), CAST(1.5 AS TEXT), CAST(x'41' AS TEXT)" },
        { "cast blob", "", "SELECT CAST('ab' AS BLOB)" },
        { "big integer", "", "SELECT 9223372036854775807" },
        { "integer overflow to real", "", "SELECT 9223372036854775808" },
        { "division", "", "SELECT 7 / 2, 7.0 / 2, 7 % 3" },
        { "comparison results", "", "SELECT 1 < 2, 'a' = 'A', NULL = NULL" },
        { "case expression", "", "SELECT CASE WHEN 1 THEN 'yes' ELSE 'no' END" },
        { "coalesce", "", "SELECT coalesce(NULL, NULL, 3)" },
        { "string functions", "", "SELECT upper('abc'), lower('ABC'), length('hello'), substr('hello', 2, 3)" },
        { "hex and quote", "", "SELECT hex('A'), quote('it''s'), quote(x'01')" },
        { "multi statements", People, "SELECT 1; SELECT 'two', 2.0; SELECT NULL" },
        { "dml only", People, "UPDATE people SET age = 40 WHERE id = 1" },
        { "dml then select", People, "INSERT INTO people(name) VALUES ('Dee'); SELECT last_insert_rowid()" },
        { "insert many", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1), (2), (3)" },
        { "update none", People, "UPDATE people SET age = 1 WHERE id = 99" },
        { "two dml", People, "UPDATE people SET age = 1; DELETE FROM people WHERE id = 1" },
        { "ddl records affected", "", "CREATE TABLE t(x)" },
        { "ddl after dml", "CREATE TABLE u(x); INSERT INTO u VALUES (1), (2)", "INSERT INTO u VALUES (3); CREATE TABLE t(x)" },
        { "drop table", "CREATE TABLE t(x)", "DROP TABLE t" },
        { "empty statements", "", ";;SELECT 1;;" },
        { "comment only tail", "", "SELECT 1; -- trailing comment" },
        { "pragma user_version", "", "PRAGMA user_version" },
        { "pragma table_info", People, "PRAGMA table_info(people)" },
        { "sqlite_schema", People, "SELECT type, name, tbl_name FROM sqlite_schema" },
        { "sqlite_master alias", People, "SELECT name FROM sqlite_master WHERE type = 'table'" },
        { "where with like", People, "SELECT name FROM people WHERE name LIKE 'a%'" },
        { "join", People + "CREATE TABLE pets(owner INT, kind TEXT); INSERT INTO pets VALUES (1, 'cat'), (1, 'dog'), (3, 'fish');",
            "SELECT p.name, pets.kind FROM people p JOIN pets ON pets.owner = p.id ORDER BY 1, 2" },
        { "left join nulls", People + "CREATE TABLE pets(owner INT, kind TEXT); INSERT INTO pets VALUES (1, 'cat');",
            "SELECT p.name, pets.kind FROM people p LEFT JOIN pets ON pets.owner = p.id ORDER BY p.id" },
        { "subquery", People, "SELECT name FROM people WHERE age = (SELECT max(age) FROM people)" },
        { "in list", People, "SELECT id FROM people WHERE id IN (1, 3) ORDER BY id" },
        { "limit offset", People, "SELECT id FROM people ORDER BY id LIMIT 1 OFFSET 1" },
        { "distinct", "CREATE TABLE t(x); INSERT INTO t VALUES (1),(1),(2)", "SELECT DISTINCT x FROM t ORDER BY x" },
        { "union", "", "SELECT 1 UNION SELECT 2 UNION SELECT 1" },
        { "values clause", "", "VALUES (1, 'a'), (2, 'b')" },
        { "numeric affinity", "CREATE TABLE t(n NUMERIC); INSERT INTO t VALUES ('12'), ('1.5'), ('abc'), (3.0)", "SELECT n, typeof(n) FROM t" },
        { "text affinity", "CREATE TABLE t(s TEXT); INSERT INTO t VALUES (12), (1.5), (x'41')", "SELECT s, typeof(s) FROM t" },
        { "integer affinity", "CREATE TABLE t(i INTEGER); INSERT INTO t VALUES ('7'), (2.0), (2.5), ('z')", "SELECT i, typeof(i) FROM t" },
        { "real affinity", "CREATE TABLE t(r REAL); INSERT INTO t VALUES (1), ('2'), ('q')", "SELECT r, typeof(r) FROM t" },
        { "odd declared types", "CREATE TABLE t(a VARCHAR(10), b DATETIME, c BOOLEAN, d DECIMAL(10,2), e GUID, f FLOATING POINT); INSERT INTO t VALUES (NULL, NULL, NULL, NULL, NULL, NULL)",
            "SELECT * FROM t" },
        { "odd declared types with values", "CREATE TABLE t(a VARCHAR(10), b DATETIME, c BOOLEAN, d DECIMAL(10,2)); INSERT INTO t VALUES ('x', '2020-01-02 03:04:05', 1, 1.25)",
            "SELECT * FROM t" },
        { "mixed storage classes in one column", "CREATE TABLE t(v); INSERT INTO t VALUES (1), ('a'), (2.5), (x'01'), (NULL)", "SELECT v FROM t" },
        { "view", People + "CREATE VIEW adults AS SELECT name, age FROM people WHERE age >= 18;", "SELECT * FROM adults ORDER BY name" },
        { "printf", "", "SELECT printf('%5.2f|%d|%s', 3.14159, 42, 'x')" },
        { "abs round", "", "SELECT abs(-3), round(2.567, 2), round(2.5)" },
        { "boolean expressions", "", "SELECT 1 AND 0, 1 OR 0, NOT 1" },
        { "blob concat", "", "SELECT x'41' || x'42'" },
        { "zeroblob length", "", "SELECT length(zeroblob(4)), typeof(zeroblob(2))" },
        { "max int arithmetic", "", "SELECT 9223372036854775807 + 1" },
        { "real formatting", "", "SELECT 1e20, 0.1, 1.0 / 3" },
        { "group_concat", People, "SELECT group_concat(name, ',') FROM (SELECT name FROM people ORDER BY id)" },
        { "select star two tables", People + "CREATE TABLE pets(owner INT, kind TEXT); INSERT INTO pets VALUES (2, 'cat');",
            "SELECT * FROM people, pets WHERE people.id = pets.owner" },
    };

    /// <summary>Runs the setup, then dumps every result set of the query.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Query(string name, string setup, string query)
    {
        Assert.NotNull(name);
        ConformanceRunner.Compare((target, t, path) =>
        {
            using var connection = target.Open("Data Source=" + path);
            if (setup.Length > 0)
            {
                using var s = connection.CreateCommand();
                s.CommandText = setup;
                t.Try("setup", () => s.ExecuteNonQuery());
            }
            using var command = connection.CreateCommand();
            command.CommandText = query;
            DbDataReader? reader = null;
            t.Try("execute", () => reader = command.ExecuteReader());
            if (reader is not null)
            {
                using (reader)
                {
                    t.Try("dump", () => t.Dump(reader));
                }
            }
            using var again = connection.CreateCommand();
            again.CommandText = query;
            t.Try("ExecuteNonQuery", () => again.ExecuteNonQuery());
            t.Try("ExecuteScalar", () => again.ExecuteScalar());
        });
    }
}
