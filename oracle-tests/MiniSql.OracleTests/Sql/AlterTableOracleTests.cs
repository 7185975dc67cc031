using Microsoft.Data.Sqlite;
using MiniSql.OracleTests.Infrastructure;
using MiniSql.Sql;

namespace MiniSql.OracleTests.Executor;

/// <summary>
/// ALTER TABLE (RENAME TO, RENAME COLUMN, ADD COLUMN, DROP COLUMN) against real SQLite: after every statement the
/// outcome (or error message) matches, and at the end sqlite_schema's text, every table's rows and table_info match;
/// a file altered by MiniSql passes SQLite's integrity check.
/// </summary>
public sealed class AlterTableOracleTests
{
    private const string Base =
        "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT DEFAULT 'x', c);" +
        "CREATE INDEX tb ON t(b);" +
        "INSERT INTO t VALUES (1, 'one', 1.5), (2, 'two', NULL), (3, NULL, x'00ff');";

    public static TheoryData<string, string> Scripts => new()
    {
        { "rename table", Base + "ALTER TABLE t RENAME TO u; INSERT INTO u(b) VALUES ('four'); SELECT * FROM u ORDER BY a" },
        { "rename table quoted", Base + "ALTER TABLE t RENAME TO \"New Name\"; SELECT b FROM \"New Name\" WHERE a = 2" },
        { "rename table with view and trigger",
            Base + "CREATE TABLE log(x, y); CREATE VIEW v AS SELECT t.a, b FROM t WHERE t.c IS NOT NULL;" +
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.a, (SELECT count(*) FROM t)); END;" +
            "ALTER TABLE t RENAME TO u; SELECT * FROM v" },
        { "rename table referenced by foreign key", Base + "CREATE TABLE child(x REFERENCES t(a), y); ALTER TABLE t RENAME TO parent" },
        { "rename table with schema qualifier and aliases",
            Base + "CREATE VIEW w AS SELECT q.a, t.b FROM main.t AS q, t WHERE q.a = t.a; ALTER TABLE t RENAME TO z; SELECT * FROM w ORDER BY a" },
        { "rename table with autoindex", "CREATE TABLE t(a UNIQUE, b, PRIMARY KEY(b)); INSERT INTO t VALUES (1, 2); ALTER TABLE t RENAME TO t2; PRAGMA index_list(t2)" },
        { "rename table autoincrement", "CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b); INSERT INTO t(b) VALUES (1), (2); ALTER TABLE t RENAME TO s; INSERT INTO s(b) VALUES (3); SELECT * FROM sqlite_sequence" },
        { "rename table errors", Base + "CREATE TABLE other(x); CREATE VIEW v AS SELECT 1; ALTER TABLE t RENAME TO other; ALTER TABLE t RENAME TO v;" +
            "ALTER TABLE nope RENAME TO x; ALTER TABLE sqlite_schema RENAME TO x; ALTER TABLE t RENAME TO sqlite_x; ALTER TABLE v RENAME TO w" },
        { "rename column", Base + "ALTER TABLE t RENAME COLUMN b TO bee; SELECT bee FROM t ORDER BY bee; INSERT INTO t(bee) VALUES ('z'); PRAGMA index_info(tb)" },
        { "rename column quoting", "CREATE TABLE [t](a, \"b\" INT, `c`); CREATE INDEX i ON t(a, \"b\");" +
            "ALTER TABLE t RENAME COLUMN b TO \"select\"; ALTER TABLE t RENAME COLUMN c TO d; ALTER TABLE t RENAME COLUMN a TO A1" },
        { "rename column in constraints", "CREATE TABLE t(a INTEGER, b TEXT CHECK (b <> ''), c, PRIMARY KEY(a), UNIQUE (b, c), CHECK (c > a), FOREIGN KEY (c) REFERENCES t(a));" +
            "ALTER TABLE t RENAME COLUMN a TO id; ALTER TABLE t RENAME COLUMN c TO cc; INSERT INTO t VALUES (1, 'x', NULL); INSERT INTO t VALUES (5, 'y', 1);" +
            "INSERT INTO t VALUES (7, 'w', 5); SELECT * FROM t WHERE cc IS NULL" },
        { "rename column in views and triggers",
            Base + "CREATE TABLE log(x); CREATE VIEW v AS SELECT b, t.c FROM t WHERE b IS NOT NULL;" +
            "CREATE TRIGGER tr AFTER UPDATE OF b ON t BEGIN INSERT INTO log VALUES (old.b || '->' || new.b); END;" +
            "ALTER TABLE t RENAME COLUMN b TO label; SELECT * FROM v ORDER BY 1" },
        { "rename column referenced by another table", Base + "CREATE TABLE child(x REFERENCES t(a)); ALTER TABLE t RENAME COLUMN a TO id" },
        { "rename column errors", Base + "ALTER TABLE t RENAME COLUMN q TO r; ALTER TABLE t RENAME COLUMN b TO c; ALTER TABLE t RENAME COLUMN b TO b" },
        { "add column", Base + "ALTER TABLE t ADD COLUMN d INTEGER NOT NULL DEFAULT 7; ALTER TABLE t ADD e TEXT; ALTER TABLE t ADD COLUMN f DEFAULT -2.5;" +
            "ALTER TABLE t ADD COLUMN g DEFAULT (5); ALTER TABLE t ADD COLUMN h DEFAULT x'abcd'; ALTER TABLE t ADD COLUMN i DEFAULT TRUE;" +
            "INSERT INTO t(b) VALUES ('new'); SELECT * FROM t ORDER BY a; SELECT typeof(d), typeof(f), typeof(i) FROM t WHERE a = 1" },
        { "add column keeps table constraints last", "CREATE TABLE t(a, b, PRIMARY KEY(a), UNIQUE (b)); INSERT INTO t VALUES (1, 2); ALTER TABLE t ADD COLUMN c DEFAULT 3; SELECT * FROM t" },
        { "add column text as written", "CREATE TABLE t(a); ALTER TABLE t ADD s6  /* c */ TEXT  ;  ALTER TABLE t ADD COLUMN s5 INT DEFAULT 'x' COLLATE nocase CHECK (s5 <> '')" },
        { "add column then index and filter", Base + "ALTER TABLE t ADD COLUMN d DEFAULT 9; CREATE INDEX td ON t(d); SELECT a FROM t WHERE d = 9 ORDER BY a; SELECT count(*) FROM t WHERE d IS NULL" },
        { "add column errors", Base + "CREATE VIEW v AS SELECT 1; ALTER TABLE t ADD COLUMN z PRIMARY KEY; ALTER TABLE t ADD COLUMN z UNIQUE;" +
            "ALTER TABLE t ADD COLUMN z NOT NULL; CREATE TABLE empty(a); ALTER TABLE empty ADD COLUMN z NOT NULL; ALTER TABLE t ADD COLUMN z DEFAULT (1+1); ALTER TABLE t ADD COLUMN z DEFAULT CURRENT_TIME;" +
            "ALTER TABLE t ADD COLUMN b; ALTER TABLE v ADD COLUMN q; ALTER TABLE nope ADD COLUMN q; ALTER TABLE t ADD COLUMN z NOT NULL DEFAULT NULL;" +
            "ALTER TABLE sqlite_schema ADD COLUMN q" },
        { "drop column", Base + "ALTER TABLE t DROP COLUMN c; SELECT * FROM t ORDER BY a; INSERT INTO t VALUES (9, 'nine'); SELECT * FROM t WHERE b = 'nine'" },
        { "drop column spacing", "CREATE TABLE z(x, y  ,  w  ) ; INSERT INTO z VALUES (1,2,3); ALTER TABLE z DROP COLUMN y; ALTER TABLE z ADD COLUMN q; ALTER TABLE z DROP COLUMN q; SELECT * FROM z" },
        { "drop last column before constraint", "CREATE TABLE t(a, b, c, PRIMARY KEY(a)); INSERT INTO t VALUES (1, 2, 3); ALTER TABLE t DROP COLUMN c; SELECT * FROM t" },
        { "drop column with overflow rows", "CREATE TABLE t(a, b, c); INSERT INTO t VALUES (1, randomblob(10000), 'keep'), (2, zeroblob(5000), 'also');" +
            "ALTER TABLE t DROP COLUMN b; SELECT a, c FROM t ORDER BY a; PRAGMA integrity_check" },
        { "drop column errors",
            "CREATE TABLE t(a INTEGER, b TEXT, c, d CHECK (d > 0), e, f, g, h, u UNIQUE, PRIMARY KEY(a), UNIQUE (b), CHECK (c <> 1), FOREIGN KEY (e) REFERENCES t(a));" +
            "CREATE INDEX pi ON t(a) WHERE f > 0; CREATE VIEW v AS SELECT g FROM t; CREATE TRIGGER tr AFTER UPDATE ON t BEGIN SELECT new.h; END;" +
            "ALTER TABLE t DROP COLUMN a; ALTER TABLE t DROP COLUMN b; ALTER TABLE t DROP COLUMN c; ALTER TABLE t DROP COLUMN d; ALTER TABLE t DROP COLUMN e;" +
            "ALTER TABLE t DROP COLUMN f; ALTER TABLE t DROP COLUMN g; ALTER TABLE t DROP COLUMN h; ALTER TABLE t DROP COLUMN u; ALTER TABLE t DROP COLUMN nope;" +
            "CREATE TABLE one(x); ALTER TABLE one DROP COLUMN x" },
        { "alter inside a transaction rolled back", Base + "BEGIN; ALTER TABLE t ADD COLUMN d DEFAULT 1; ALTER TABLE t RENAME TO u; ROLLBACK; SELECT * FROM t ORDER BY a" },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public void AlterTableMatchesSqlite(string name, string script) => ScriptComparison.AssertSameAsSqlite(name, script);

    [Fact]
    public void SqliteAcceptsAFileAlteredByMiniSql()
    {
        string dir = Path.Combine(Path.GetTempPath(), "minisql-alter-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "a.db");
            using (var db = Database.Open(path))
            {
                db.Execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c BLOB, d)");
                db.Execute("CREATE INDEX tb ON t(b)");
                db.Execute("BEGIN");
                for (int i = 0; i < 3000; i++) db.Execute($"INSERT INTO t VALUES ({i}, 'row {i}', randomblob({i % 700}), {i * 2})");
                db.Execute("COMMIT");
                db.Execute("ALTER TABLE t DROP COLUMN c");
                db.Execute("ALTER TABLE t ADD COLUMN e DEFAULT 'e'");
                db.Execute("ALTER TABLE t RENAME COLUMN d TO dd");
                db.Execute("ALTER TABLE t RENAME TO renamed");
                db.Execute("CREATE INDEX re ON renamed(e, dd)");
            }
            using var sqlite = new SqliteConnection($"Data Source={path};Pooling=False");
            sqlite.Open();
            using var command = sqlite.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", command.ExecuteScalar());
            command.CommandText = "SELECT count(*), sum(dd), count(DISTINCT e) FROM renamed WHERE e = 'e'";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal(3000L, reader.GetInt64(0));
            Assert.Equal(2999L * 3000L, reader.GetInt64(1));
            Assert.Equal(1L, reader.GetInt64(2));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
