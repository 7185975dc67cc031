namespace MiniSql.OracleTests.Executor;

/// <summary>
/// Foreign key enforcement against real SQLite: each script runs statement by statement on both engines with
/// foreign_keys ON (and some with it OFF) and every outcome, error and final table content must match.
/// </summary>
public sealed class ForeignKeyOracleTests
{
    private const string On = "PRAGMA foreign_keys = ON;";

    private const string Parent =
        On + "CREATE TABLE artist(id INTEGER PRIMARY KEY, name TEXT);" +
        "INSERT INTO artist VALUES (1, 'Dean'), (2, 'Sammy'), (3, 'Frank');";

    public static TheoryData<string, string> Scripts => new()
    {
        { "insert needs a parent", Parent + "CREATE TABLE track(id INTEGER PRIMARY KEY, artist INTEGER REFERENCES artist(id), title TEXT);" +
            "INSERT INTO track VALUES (1, 1, 'a'); INSERT INTO track VALUES (2, 9, 'b'); INSERT INTO track VALUES (3, NULL, 'c');" +
            "INSERT INTO track VALUES (4, '2', 'text key with integer affinity'); INSERT INTO track SELECT 10 + id, id + 1, name FROM artist" },
        { "update of a child key", Parent + "CREATE TABLE track(id INTEGER PRIMARY KEY, artist REFERENCES artist, title);" +
            "INSERT INTO track VALUES (1, 1, 'a'), (2, 2, 'b'); UPDATE track SET artist = 7 WHERE id = 1; UPDATE track SET artist = 3 WHERE id = 1; UPDATE track SET title = 'x'" },
        { "delete of a referenced parent (no action)", Parent + "CREATE TABLE track(id INTEGER PRIMARY KEY, artist REFERENCES artist(id));" +
            "INSERT INTO track VALUES (1, 1), (2, 1), (3, 2); DELETE FROM artist WHERE id = 1; DELETE FROM artist WHERE id = 3; DELETE FROM artist;" +
            "DELETE FROM track WHERE artist = 1; DELETE FROM artist WHERE id = 1" },
        { "update of a referenced parent key", Parent + "CREATE TABLE track(id INTEGER PRIMARY KEY, artist REFERENCES artist(id));" +
            "INSERT INTO track VALUES (1, 1); UPDATE artist SET id = 10 WHERE id = 1; UPDATE artist SET name = 'D' WHERE id = 1; UPDATE artist SET id = 20 WHERE id = 2" },
        { "on delete cascade", Parent + "CREATE TABLE track(id INTEGER PRIMARY KEY, artist REFERENCES artist(id) ON DELETE CASCADE, title);" +
            "CREATE TABLE note(track REFERENCES track(id) ON DELETE CASCADE, text);" +
            "INSERT INTO track VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c'); INSERT INTO note VALUES (1, 'n1'), (2, 'n2'), (3, 'n3');" +
            "DELETE FROM artist WHERE id = 1; SELECT count(*) FROM note" },
        { "on delete set null and set default", Parent + "CREATE TABLE a(x REFERENCES artist(id) ON DELETE SET NULL, y);" +
            "CREATE TABLE b(x DEFAULT 3 REFERENCES artist(id) ON DELETE SET DEFAULT, y); CREATE TABLE c(x DEFAULT 99 REFERENCES artist(id) ON DELETE SET DEFAULT);" +
            "INSERT INTO a VALUES (1, 'a1'), (2, 'a2'); INSERT INTO b VALUES (1, 'b1'); INSERT INTO c VALUES (2);" +
            "DELETE FROM artist WHERE id = 1; DELETE FROM artist WHERE id = 2" },
        { "on update cascade", Parent + "CREATE TABLE track(id INTEGER PRIMARY KEY, artist REFERENCES artist(id) ON UPDATE CASCADE);" +
            "INSERT INTO track VALUES (1, 1), (2, 1), (3, 2); UPDATE artist SET id = 100 WHERE id = 1; SELECT * FROM track ORDER BY id" },
        { "restrict", Parent + "CREATE TABLE track(artist REFERENCES artist(id) ON DELETE RESTRICT ON UPDATE RESTRICT);" +
            "INSERT INTO track VALUES (2); DELETE FROM artist WHERE id = 2; UPDATE artist SET id = 5 WHERE id = 2; DELETE FROM artist WHERE id = 1" },
        { "deferred keys checked at commit", Parent + "CREATE TABLE track(artist REFERENCES artist(id) DEFERRABLE INITIALLY DEFERRED);" +
            "BEGIN; INSERT INTO track VALUES (5); SELECT count(*) FROM track; COMMIT; INSERT INTO artist VALUES (5, 'late'); COMMIT; SELECT * FROM track" },
        { "deferred violation never fixed is rolled back", Parent + "CREATE TABLE track(artist REFERENCES artist(id) DEFERRABLE INITIALLY DEFERRED);" +
            "BEGIN; INSERT INTO track VALUES (6); COMMIT; ROLLBACK; SELECT count(*) FROM track; INSERT INTO track VALUES (7)" },
        { "defer_foreign_keys pragma", Parent + "CREATE TABLE track(artist REFERENCES artist(id));" +
            "BEGIN; PRAGMA defer_foreign_keys = ON; INSERT INTO track VALUES (8); COMMIT; UPDATE track SET artist = 1; COMMIT; PRAGMA defer_foreign_keys" },
        { "composite key to a unique index", On + "CREATE TABLE p(a, b, c, UNIQUE (a, b)); INSERT INTO p VALUES (1, 'x', 0), (2, 'y', 0);" +
            "CREATE TABLE ch(q, r, FOREIGN KEY (q, r) REFERENCES p(a, b)); INSERT INTO ch VALUES (1, 'x'); INSERT INTO ch VALUES (1, 'y');" +
            "INSERT INTO ch VALUES (NULL, 'zz'); DELETE FROM p WHERE a = 2; DELETE FROM p WHERE a = 1" },
        { "self reference", On + "CREATE TABLE emp(id INTEGER PRIMARY KEY, boss REFERENCES emp(id) ON DELETE CASCADE, name);" +
            "INSERT INTO emp VALUES (1, NULL, 'ceo'), (2, 1, 'vp'), (3, 2, 'dev'), (4, 4, 'self'); INSERT INTO emp VALUES (5, 50, 'orphan');" +
            "DELETE FROM emp WHERE id = 1; SELECT count(*) FROM emp; DELETE FROM emp WHERE id = 4" },
        { "self reference no action within one statement", On + "CREATE TABLE node(id INTEGER PRIMARY KEY, parent REFERENCES node(id));" +
            "INSERT INTO node VALUES (1, NULL), (2, 1), (3, 2); DELETE FROM node WHERE id = 2; DELETE FROM node WHERE id >= 2; DELETE FROM node" },
        { "violation fixed later in the same statement", Parent + "CREATE TABLE track(artist REFERENCES artist(id));" +
            "INSERT INTO track VALUES (1); UPDATE artist SET id = CASE id WHEN 1 THEN 2 WHEN 2 THEN 1 ELSE id END WHERE id IN (1, 2)" },
        { "missing parent table", On + "CREATE TABLE orphan(x REFERENCES nowhere(id)); INSERT INTO orphan VALUES (NULL); INSERT INTO orphan VALUES (1)" },
        { "parent key not unique", On + "CREATE TABLE p(a, b); CREATE TABLE ch(x REFERENCES p(a)); INSERT INTO p VALUES (1, 2); INSERT INTO ch VALUES (1); DELETE FROM p" },
        { "foreign keys off", "PRAGMA foreign_keys = OFF; CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE ch(x REFERENCES p(id)); INSERT INTO ch VALUES (5); PRAGMA foreign_keys" },
        { "pragma ignored inside a transaction", "PRAGMA foreign_keys = OFF; CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE ch(x REFERENCES p(id));" +
            "BEGIN; PRAGMA foreign_keys = ON; INSERT INTO ch VALUES (5); COMMIT; PRAGMA foreign_keys" },
        { "replace deletes a referenced parent", Parent + "CREATE TABLE track(artist REFERENCES artist(id) ON DELETE CASCADE);" +
            "INSERT INTO track VALUES (1), (2); INSERT OR REPLACE INTO artist VALUES (1, 'Dino'); SELECT count(*) FROM track" },
        { "foreign_key_list", On + "CREATE TABLE p(a PRIMARY KEY, b, UNIQUE (a, b));" +
            "CREATE TABLE c2(x REFERENCES p, y REFERENCES p(b) ON DELETE CASCADE ON UPDATE SET NULL, z, FOREIGN KEY (x, z) REFERENCES p(a, b) DEFERRABLE INITIALLY DEFERRED);" +
            "PRAGMA foreign_key_list(c2); PRAGMA foreign_key_list(p)" },
        { "savepoint rollback restores deferred violations", Parent + "CREATE TABLE track(artist REFERENCES artist(id) DEFERRABLE INITIALLY DEFERRED);" +
            "BEGIN; SAVEPOINT s; INSERT INTO track VALUES (42); ROLLBACK TO s; COMMIT; SELECT count(*) FROM track" },
        { "failed statement restores deferred violations", Parent + "CREATE TABLE u(k UNIQUE); CREATE TABLE track(artist REFERENCES artist(id) DEFERRABLE INITIALLY DEFERRED, k);" +
            "INSERT INTO u VALUES (1); BEGIN; INSERT INTO track SELECT 77, 1 UNION ALL SELECT 1, 1; INSERT INTO u VALUES (1); COMMIT; SELECT count(*) FROM track" },
        { "drop table", Parent + "CREATE TABLE track(artist REFERENCES artist(id)); CREATE TABLE liked(artist REFERENCES artist(id) ON DELETE CASCADE);" +
            "INSERT INTO track VALUES (1); INSERT INTO liked VALUES (2), (3); DROP TABLE artist; DELETE FROM track; DROP TABLE artist; SELECT count(*) FROM liked;" +
            "INSERT INTO track VALUES (NULL); INSERT INTO track VALUES (1)" },
        { "many children checked through a scan", Parent + "CREATE TABLE track(artist REFERENCES artist(id));" +
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO track SELECT 1 + i % 3 FROM n;" +
            "DELETE FROM artist WHERE id = 2; UPDATE track SET artist = 1 WHERE artist = 2; DELETE FROM artist WHERE id = 2; SELECT artist, count(*) FROM track GROUP BY 1" },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public void ForeignKeysMatchSqlite(string name, string script) => ScriptComparison.AssertSameAsSqlite(name, script);
}
