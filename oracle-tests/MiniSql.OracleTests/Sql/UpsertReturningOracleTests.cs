namespace MiniSql.OracleTests.Executor;

/// <summary>
/// UPSERT (ON CONFLICT DO NOTHING / DO UPDATE with excluded.) and RETURNING against real SQLite: rows, errors,
/// change counters and table contents after every statement.
/// </summary>
public sealed class UpsertReturningOracleTests
{
    private static readonly Dictionary<string, string[]> Scenarios = new()
    {
        ["upsert_do_nothing"] =
        [
            "CREATE TABLE kv(k TEXT PRIMARY KEY, v)",
            "INSERT INTO kv VALUES('a', 1)",
            "INSERT INTO kv VALUES('a', 2) ON CONFLICT(k) DO NOTHING",
            "INSERT INTO kv VALUES('a', 3), ('b', 4) ON CONFLICT DO NOTHING",
            "SELECT changes()",
        ],
        ["upsert_do_update_excluded"] =
        [
            "CREATE TABLE kv(k TEXT PRIMARY KEY, v INT, n INT DEFAULT 0)",
            "INSERT INTO kv(k, v) VALUES('a', 1)",
            "INSERT INTO kv(k, v) VALUES('a', 10), ('b', 20), ('a', 5) ON CONFLICT(k) DO UPDATE SET v = v + excluded.v, n = n + 1",
            "SELECT changes(), last_insert_rowid()",
            "INSERT INTO kv(k, v) VALUES('b', '7') ON CONFLICT(k) DO UPDATE SET v = excluded.v WHERE excluded.v > kv.v",
            "INSERT INTO kv(k, v) VALUES('b', 70) ON CONFLICT(k) DO UPDATE SET v = excluded.v WHERE excluded.v > kv.v",
        ],
        ["upsert_integer_primary_key"] =
        [
            "CREATE TABLE t(id INTEGER PRIMARY KEY, hits INT)",
            "INSERT INTO t VALUES(1, 1) ON CONFLICT(id) DO UPDATE SET hits = hits + 1",
            "INSERT INTO t VALUES(1, 1) ON CONFLICT(id) DO UPDATE SET hits = hits + 1",
            "INSERT INTO t VALUES(1, 1) ON CONFLICT DO UPDATE SET hits = hits + 10",
            "INSERT INTO t(hits) VALUES(5) ON CONFLICT(id) DO UPDATE SET hits = 0",
        ],
        ["upsert_unique_index_and_other_constraint"] =
        [
            "CREATE TABLE u(id INTEGER PRIMARY KEY, email TEXT UNIQUE, name TEXT UNIQUE)",
            "INSERT INTO u VALUES(1, 'a@x', 'ann'), (2, 'b@x', 'bob')",
            "INSERT INTO u(email, name) VALUES('a@x', 'ann2') ON CONFLICT(email) DO UPDATE SET name = excluded.name",
            "INSERT INTO u(email, name) VALUES('c@x', 'bob') ON CONFLICT(email) DO UPDATE SET name = excluded.name",
            "INSERT INTO u(email, name) VALUES('a@x', 'bob') ON CONFLICT(email) DO UPDATE SET name = excluded.name",
            "INSERT INTO u(email, name) VALUES('b@x', 'zed') ON CONFLICT(name) DO NOTHING ON CONFLICT(email) DO UPDATE SET name = 'via second'",
        ],
        ["upsert_multi_column_target"] =
        [
            "CREATE TABLE c(a, b, n, UNIQUE(a, b))",
            "INSERT INTO c VALUES(1, 1, 1)",
            "INSERT INTO c VALUES(1, 1, 1) ON CONFLICT(b, a) DO UPDATE SET n = n + excluded.n",
            "INSERT INTO c VALUES(1, 2, 1) ON CONFLICT(a, b) DO UPDATE SET n = n + excluded.n",
            "INSERT INTO c VALUES(1, 1, 1) ON CONFLICT(a) DO NOTHING",
            "INSERT INTO c VALUES(1, 1, 1) ON CONFLICT(n) DO NOTHING",
        ],
        ["upsert_with_triggers"] =
        [
            "CREATE TABLE kv(k PRIMARY KEY, v); CREATE TABLE log(x)",
            "CREATE TRIGGER ti AFTER INSERT ON kv BEGIN INSERT INTO log VALUES('ins ' || new.k); END",
            "CREATE TRIGGER tu AFTER UPDATE ON kv BEGIN INSERT INTO log VALUES('upd ' || old.v || '->' || new.v); END",
            "CREATE TRIGGER tb BEFORE INSERT ON kv BEGIN INSERT INTO log VALUES('before ' || new.k); END",
            "INSERT INTO kv VALUES('a', 1) ON CONFLICT(k) DO UPDATE SET v = v + 1",
            "INSERT INTO kv VALUES('a', 1) ON CONFLICT(k) DO UPDATE SET v = v + 1",
            "INSERT INTO kv VALUES('a', 1) ON CONFLICT(k) DO NOTHING",
        ],
        ["upsert_update_conflicts_aborts"] =
        [
            "CREATE TABLE t(a UNIQUE, b UNIQUE)",
            "INSERT INTO t VALUES(1, 1), (2, 2)",
            "INSERT INTO t VALUES(1, 9) ON CONFLICT(a) DO UPDATE SET b = 2",
            "INSERT OR IGNORE INTO t VALUES(1, 9) ON CONFLICT(a) DO UPDATE SET b = excluded.b",
        ],
        ["returning_insert"] =
        [
            "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b INT DEFAULT 42)",
            "INSERT INTO t(a) VALUES('x'), ('y') RETURNING id, a, b",
            "INSERT INTO t VALUES(10, 5, '6') RETURNING *",
            "INSERT INTO t(a) SELECT a || '!' FROM t RETURNING rowid, a || '?', typeof(b)",
            "INSERT INTO t(a) VALUES('z') RETURNING (SELECT count(*) FROM t), last_insert_rowid()",
        ],
        ["returning_update_delete"] =
        [
            "CREATE TABLE t(id INTEGER PRIMARY KEY, a, b)",
            "INSERT INTO t VALUES(1, 1, 'p'), (2, 2, 'q'), (3, 3, 'r')",
            "UPDATE t SET a = a * 10 WHERE id > 1 RETURNING id, a, b",
            "UPDATE t SET id = id + 100 WHERE id = 1 RETURNING *",
            "DELETE FROM t WHERE a = 20 RETURNING *",
            "DELETE FROM t RETURNING id, upper(b)",
            "DELETE FROM t RETURNING *",
        ],
        ["returning_with_triggers_and_upsert"] =
        [
            "CREATE TABLE t(id INTEGER PRIMARY KEY, k UNIQUE, v); CREATE TABLE log(x)",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN UPDATE t SET v = 'trig' WHERE id = new.id; INSERT INTO log VALUES(new.id); END",
            "INSERT INTO t(k, v) VALUES('a', 1), ('b', 2) RETURNING *",
            "INSERT INTO t(k, v) VALUES('a', 'n'), ('c', 'm') ON CONFLICT(k) DO UPDATE SET v = excluded.v || v RETURNING id, k, v",
            "INSERT INTO t(k, v) VALUES('a', 0) ON CONFLICT DO NOTHING RETURNING *",
            "SELECT changes()",
        ],
        ["returning_errors"] =
        [
            "CREATE TABLE t(a UNIQUE)",
            "INSERT INTO t VALUES(1) RETURNING nosuch",
            "INSERT INTO t VALUES(1), (1) RETURNING a",
            "INSERT INTO t VALUES(2) RETURNING count(*)",
            "DELETE FROM t RETURNING a + 1 AS b",
        ],
        ["upsert_target_errors"] =
        [
            "CREATE TABLE t(a, b UNIQUE)",
            "INSERT INTO t VALUES(1, 1) ON CONFLICT(a) DO NOTHING",
            "INSERT INTO t VALUES(1, 1) ON CONFLICT DO NOTHING ON CONFLICT(b) DO NOTHING",
            "INSERT INTO t VALUES(1, 1) ON CONFLICT(b) DO UPDATE SET nosuch = 1",
        ],
    };

    /// <summary>Scenario names for the theory.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Scenarios.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Scenario_matches_sqlite(string name) => TriggerScript.AssertMatchesSqlite(name, Scenarios[name]);
}
