using MiniSql.OracleTests.Infrastructure;
using MiniSql.OracleTests.SqlLogicTest;

namespace MiniSql.OracleTests.Executor;

/// <summary>
/// Triggers against real SQLite: each scenario runs on both engines statement by statement; every statement's
/// rows or error, the change counters and all table contents must agree after each statement.
/// </summary>
public sealed class TriggerOracleTests
{
    private const string Audit =
        "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, qty INT DEFAULT 0);" +
        "CREATE TABLE log(op TEXT, id, old_qty, new_qty, at INT);";

    /// <summary>Scenario name → statements (the first entry may hold several ';'-separated setup statements).</summary>
    private static readonly Dictionary<string, string[]> Scenarios = new()
    {
        ["audit_insert_after"] =
        [
            Audit,
            "CREATE TRIGGER ti AFTER INSERT ON t BEGIN INSERT INTO log VALUES('ins', new.id, NULL, new.qty, last_insert_rowid()); END",
            "INSERT INTO t(name, qty) VALUES('a', 1), ('b', 2)",
            "INSERT INTO t VALUES(10, 'c', 3)",
            "INSERT INTO t(name) SELECT name || '2' FROM t",
            "SELECT * FROM log ORDER BY rowid",
        ],
        ["audit_update_delete"] =
        [
            Audit,
            "CREATE TRIGGER tu AFTER UPDATE ON t BEGIN INSERT INTO log VALUES('upd', old.id, old.qty, new.qty, changes()); END",
            "CREATE TRIGGER td AFTER DELETE ON t BEGIN INSERT INTO log VALUES('del', old.id, old.qty, NULL, changes()); END",
            "INSERT INTO t VALUES(1, 'a', 1), (2, 'b', 2), (3, 'c', 3)",
            "UPDATE t SET qty = qty * 10 WHERE id >= 2",
            "DELETE FROM t WHERE id = 1",
            "DELETE FROM t",
        ],
        ["before_insert_sees_defaults_and_affinity"] =
        [
            "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b INT DEFAULT 7, c REAL, d); CREATE TABLE log(x)",
            "CREATE TRIGGER tb BEFORE INSERT ON t BEGIN INSERT INTO log VALUES(quote(new.id) || ' ' || quote(new.rowid) || ' ' || quote(new.a) || ' ' || quote(new.b) || ' ' || quote(new.c) || ' ' || quote(new.d)); END",
            "INSERT INTO t(a, c, d) VALUES(12, '3', '4')",
            "INSERT INTO t VALUES(5, 1.5, '9', 2, x'00')",
            "INSERT INTO t(rowid, a) VALUES(20, 'z')",
            "INSERT INTO t(id) VALUES('abc')",
        ],
        ["before_update_new_old"] =
        [
            "CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT); CREATE TABLE log(x)",
            "INSERT INTO t VALUES(1, 10, 'x'), (2, 20, 'y')",
            "CREATE TRIGGER tb BEFORE UPDATE ON t BEGIN INSERT INTO log VALUES(old.id || ':' || old.a || '->' || quote(new.a) || ' ' || new.rowid); END",
            "UPDATE t SET a = '33' WHERE id = 1",
            "UPDATE t SET id = id + 100",
            "SELECT * FROM log",
        ],
        ["update_of_columns"] =
        [
            "CREATE TABLE t(a, b, c); CREATE TABLE log(x)",
            "INSERT INTO t VALUES(1, 2, 3)",
            "CREATE TRIGGER tu AFTER UPDATE OF b, c ON t BEGIN INSERT INTO log VALUES('bc ' || new.b || new.c); END",
            "CREATE TRIGGER ta AFTER UPDATE OF a ON t BEGIN INSERT INTO log VALUES('a ' || new.a); END",
            "UPDATE t SET a = 5",
            "UPDATE t SET c = 9",
            "UPDATE t SET b = b, a = a",
            "UPDATE t SET a = a WHERE 0",
        ],
        ["when_filter"] =
        [
            Audit,
            "CREATE TRIGGER tw AFTER UPDATE ON t WHEN new.qty > old.qty BEGIN INSERT INTO log VALUES('up', new.id, old.qty, new.qty, 0); END",
            "CREATE TRIGGER tn AFTER INSERT ON t WHEN new.name LIKE 'x%' BEGIN INSERT INTO log VALUES('x', new.id, NULL, NULL, 0); END",
            "INSERT INTO t VALUES(1, 'xa', 5), (2, 'b', 5), (3, 'xc', NULL)",
            "UPDATE t SET qty = qty + 1 WHERE id = 1",
            "UPDATE t SET qty = qty - 1 WHERE id = 2",
            "UPDATE t SET qty = 1 WHERE id = 3",
        ],
        ["when_with_subquery"] =
        [
            "CREATE TABLE t(x); CREATE TABLE log(x)",
            "CREATE TRIGGER tw AFTER INSERT ON t WHEN (SELECT count(*) FROM log) < 3 BEGIN INSERT INTO log VALUES(new.x); END",
            "INSERT INTO t VALUES(1), (2), (3), (4), (5)",
        ],
        ["cascade_update"] =
        [
            "CREATE TABLE parent(id INTEGER PRIMARY KEY, name); CREATE TABLE child(pid, v)",
            "INSERT INTO parent VALUES(1, 'a'), (2, 'b'); INSERT INTO child VALUES(1, 'x'), (1, 'y'), (2, 'z')",
            "CREATE TRIGGER pu AFTER UPDATE OF id ON parent BEGIN UPDATE child SET pid = new.id WHERE pid = old.id; END",
            "CREATE TRIGGER pd BEFORE DELETE ON parent BEGIN DELETE FROM child WHERE pid = old.id; END",
            "UPDATE parent SET id = 10 WHERE id = 1",
            "DELETE FROM parent WHERE id = 2",
            "SELECT changes()",
        ],
        ["cascade_chain"] =
        [
            "CREATE TABLE a(x); CREATE TABLE b(x); CREATE TABLE c(x)",
            "CREATE TRIGGER ab AFTER INSERT ON a BEGIN INSERT INTO b VALUES(new.x * 2); END",
            "CREATE TRIGGER bc AFTER INSERT ON b BEGIN INSERT INTO c VALUES(new.x + 1); INSERT INTO c VALUES(last_insert_rowid()); END",
            "INSERT INTO a VALUES(1), (2)",
            "SELECT last_insert_rowid(), changes()",
        ],
        ["order_of_triggers"] =
        [
            "CREATE TABLE t(x); CREATE TABLE log(x)",
            "CREATE TRIGGER t1 BEFORE INSERT ON t BEGIN INSERT INTO log VALUES('b1'); END",
            "CREATE TRIGGER t2 BEFORE INSERT ON t BEGIN INSERT INTO log VALUES('b2'); END",
            "CREATE TRIGGER t3 AFTER INSERT ON t BEGIN INSERT INTO log VALUES('a3'); END",
            "CREATE TRIGGER t4 AFTER INSERT ON t BEGIN INSERT INTO log VALUES('a4'); END",
            "INSERT INTO t VALUES(1), (2)",
        ],
        ["instead_of_insert_view"] =
        [
            "CREATE TABLE base(id INTEGER PRIMARY KEY, a, b); CREATE VIEW v AS SELECT id, a, b, a + b AS s FROM base",
            "CREATE TRIGGER vi INSTEAD OF INSERT ON v BEGIN INSERT INTO base(a, b) VALUES(new.a, coalesce(new.b, 0)); END",
            "INSERT INTO v(a, b) VALUES(1, 2)",
            "INSERT INTO v(a) VALUES(5), (6)",
            "INSERT INTO v VALUES(NULL, 7, 8, NULL)",
            "SELECT * FROM v ORDER BY id",
            "SELECT changes()",
        ],
        ["instead_of_update_delete_view"] =
        [
            "CREATE TABLE base(id INTEGER PRIMARY KEY, a, b); CREATE VIEW v AS SELECT id, a, b FROM base WHERE a > 0",
            "INSERT INTO base VALUES(1, 1, 'x'), (2, 2, 'y'), (3, -1, 'z')",
            "CREATE TRIGGER vu INSTEAD OF UPDATE ON v BEGIN UPDATE base SET a = new.a, b = old.b || new.b WHERE id = old.id; END",
            "CREATE TRIGGER vd INSTEAD OF DELETE ON v BEGIN DELETE FROM base WHERE id = old.id; END",
            "UPDATE v SET a = a * 10, b = '!' WHERE id < 3",
            "UPDATE v SET b = 'q'",
            "DELETE FROM v WHERE a = 20",
            "DELETE FROM v",
        ],
        ["view_without_trigger_errors"] =
        [
            "CREATE TABLE base(a); CREATE VIEW v AS SELECT a FROM base",
            "CREATE TRIGGER vi INSTEAD OF INSERT ON v BEGIN INSERT INTO base VALUES(new.a); END",
            "INSERT INTO v VALUES(1)",
            "UPDATE v SET a = 2",
            "DELETE FROM v",
            "DROP VIEW v",
            "SELECT name FROM sqlite_schema",
        ],
        ["instead_of_update_of_column"] =
        [
            "CREATE TABLE base(id INTEGER PRIMARY KEY, a, b); CREATE VIEW v AS SELECT id, a, b FROM base; CREATE TABLE log(x)",
            "INSERT INTO base VALUES(1, 1, 1)",
            "CREATE TRIGGER va INSTEAD OF UPDATE OF a ON v BEGIN INSERT INTO log VALUES('a ' || new.a); END",
            "CREATE TRIGGER vb INSTEAD OF UPDATE OF b ON v BEGIN INSERT INTO log VALUES('b ' || new.b); END",
            "UPDATE v SET a = 5",
            "UPDATE v SET b = 6, a = 7",
        ],
        ["raise_abort"] =
        [
            "CREATE TABLE t(x); CREATE TABLE log(x)",
            "CREATE TRIGGER tb BEFORE INSERT ON t WHEN new.x < 0 BEGIN SELECT RAISE(ABORT, 'negative value'); END",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT INTO log VALUES(new.x); END",
            "INSERT INTO t VALUES(1), (2)",
            "INSERT INTO t VALUES(3), (-4), (5)",
            "SELECT count(*) FROM log",
        ],
        ["raise_fail_keeps_earlier_rows"] =
        [
            "CREATE TABLE t(x); CREATE TABLE log(x)",
            "CREATE TRIGGER tb BEFORE INSERT ON t BEGIN INSERT INTO log VALUES(new.x); SELECT RAISE(FAIL, 'fail at ' || new.x) WHERE new.x = 3; END",
            "INSERT INTO t VALUES(1), (2), (3), (4)",
            "INSERT INTO t VALUES(5)",
        ],
        ["raise_ignore_before"] =
        [
            "CREATE TABLE t(x); CREATE TABLE log(x)",
            "CREATE TRIGGER tb BEFORE INSERT ON t BEGIN INSERT INTO log VALUES('before ' || new.x); SELECT RAISE(IGNORE) WHERE new.x % 2 = 0; INSERT INTO log VALUES('after ' || new.x); END",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT INTO log VALUES('inserted ' || new.x); END",
            "INSERT INTO t VALUES(1), (2), (3), (4)",
            "SELECT changes()",
        ],
        ["raise_ignore_update_delete"] =
        [
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v); CREATE TABLE log(x)",
            "INSERT INTO t VALUES(1, 'keep'), (2, 'x'), (3, 'keep'), (4, 'y')",
            "CREATE TRIGGER tu BEFORE UPDATE ON t WHEN old.v = 'keep' BEGIN SELECT RAISE(IGNORE); END",
            "CREATE TRIGGER td BEFORE DELETE ON t BEGIN SELECT CASE WHEN old.v = 'keep' THEN RAISE(IGNORE) END; END",
            "UPDATE t SET v = v || '!'",
            "SELECT changes()",
            "DELETE FROM t",
            "SELECT changes()",
        ],
        ["raise_ignore_after"] =
        [
            "CREATE TABLE t(x); CREATE TABLE log(x)",
            "CREATE TRIGGER a1 AFTER INSERT ON t BEGIN INSERT INTO log VALUES('a1 ' || new.x); END",
            "CREATE TRIGGER a2 AFTER INSERT ON t BEGIN INSERT INTO log VALUES('a2 ' || new.x); SELECT RAISE(IGNORE); INSERT INTO log VALUES('never'); END",
            "INSERT INTO t VALUES(1), (2)",
        ],
        ["raise_rollback_in_transaction"] =
        [
            "CREATE TABLE t(x); CREATE TABLE other(y)",
            "CREATE TRIGGER tb BEFORE INSERT ON t WHEN new.x = 'bad' BEGIN SELECT RAISE(ROLLBACK, 'rolled back'); END",
            "BEGIN",
            "INSERT INTO other VALUES(1)",
            "INSERT INTO t VALUES('ok')",
            "INSERT INTO t VALUES('bad')",
            "COMMIT",
            "INSERT INTO t VALUES('after')",
        ],
        ["raise_abort_in_transaction_keeps_transaction"] =
        [
            "CREATE TABLE t(x); CREATE TABLE log(y)",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT INTO log VALUES(new.x); SELECT RAISE(ABORT, 'no ' || new.x) WHERE new.x > 2; END",
            "BEGIN",
            "INSERT INTO t VALUES(1)",
            "INSERT INTO t VALUES(2), (3)",
            "COMMIT",
        ],
        ["raise_outside_trigger"] =
        [
            "CREATE TABLE t(x)",
            "SELECT RAISE(ABORT, 'x')",
            "SELECT RAISE(IGNORE)",
        ],
        ["raise_in_update_where"] =
        [
            "CREATE TABLE t(x); CREATE TABLE u(y); INSERT INTO u VALUES(1), (2)",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN UPDATE u SET y = y + 10 WHERE CASE WHEN new.x = 0 THEN RAISE(ABORT, 'zero') ELSE 1 END; END",
            "INSERT INTO t VALUES(1)",
            "INSERT INTO t VALUES(0)",
        ],
        ["constraint_error_in_trigger_rolls_back"] =
        [
            "CREATE TABLE t(x); CREATE TABLE u(y UNIQUE)",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT INTO u VALUES(new.x); END",
            "INSERT INTO t VALUES(1), (2)",
            "INSERT INTO t VALUES(3), (1), (4)",
            "INSERT OR IGNORE INTO t VALUES(5), (2), (6)",
            "INSERT OR REPLACE INTO t VALUES(7), (1)",
        ],
        ["outer_or_clause_overrides_body"] =
        [
            "CREATE TABLE t(x); CREATE TABLE u(y UNIQUE, z)",
            "INSERT INTO u VALUES(1, 'orig')",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT OR ABORT INTO u VALUES(new.x, 'new'); END",
            "INSERT OR REPLACE INTO t VALUES(1)",
            "INSERT OR IGNORE INTO t VALUES(1)",
            "INSERT OR FAIL INTO t VALUES(2), (1), (3)",
            "INSERT INTO t VALUES(1)",
        ],
        ["body_or_replace"] =
        [
            "CREATE TABLE t(x); CREATE TABLE latest(k PRIMARY KEY, v)",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT OR REPLACE INTO latest VALUES(new.x % 3, new.x); END",
            "INSERT INTO t VALUES(1), (2), (3), (4), (5)",
            "SELECT changes(), total_changes()",
        ],
        ["replace_no_delete_trigger_by_default"] =
        [
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v UNIQUE); CREATE TABLE log(x)",
            "CREATE TRIGGER td AFTER DELETE ON t BEGIN INSERT INTO log VALUES('del ' || old.id || ' ' || old.v); END",
            "CREATE TRIGGER ti AFTER INSERT ON t BEGIN INSERT INTO log VALUES('ins ' || new.id || ' ' || new.v); END",
            "INSERT INTO t VALUES(1, 'a'), (2, 'b')",
            "REPLACE INTO t VALUES(1, 'c')",
            "INSERT OR REPLACE INTO t VALUES(3, 'b')",
            "UPDATE OR REPLACE t SET v = 'c' WHERE id = 3",
        ],
        ["replace_fires_delete_trigger_when_recursive"] =
        [
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v UNIQUE); CREATE TABLE log(x)",
            "PRAGMA recursive_triggers = ON",
            "PRAGMA recursive_triggers",
            "CREATE TRIGGER tbd BEFORE DELETE ON t BEGIN INSERT INTO log VALUES('before del ' || old.id || ' ' || old.v); END",
            "CREATE TRIGGER td AFTER DELETE ON t BEGIN INSERT INTO log VALUES('del ' || old.id || ' ' || old.v); END",
            "INSERT INTO t VALUES(1, 'a'), (2, 'b')",
            "REPLACE INTO t VALUES(1, 'c')",
            "INSERT OR REPLACE INTO t VALUES(3, 'b')",
            "UPDATE OR REPLACE t SET v = 'c' WHERE id = 3",
            "SELECT changes()",
        ],
        ["no_recursion_by_default"] =
        [
            "CREATE TABLE t(x)",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT INTO t VALUES(new.x + 1); END",
            "INSERT INTO t VALUES(1)",
            "PRAGMA recursive_triggers",
        ],
        ["recursion_with_limit"] =
        [
            "CREATE TABLE t(x)",
            "PRAGMA recursive_triggers = 1",
            "CREATE TRIGGER ta AFTER INSERT ON t WHEN new.x < 50 BEGIN INSERT INTO t VALUES(new.x + 1); END",
            "INSERT INTO t VALUES(1)",
            "SELECT count(*), max(x), last_insert_rowid() FROM t",
        ],
        ["recursion_too_deep"] =
        [
            "CREATE TABLE t(x)",
            "PRAGMA recursive_triggers = 1",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT INTO t VALUES(new.x + 1); END",
            "INSERT INTO t VALUES(1)",
            "SELECT count(*) FROM t",
        ],
        ["recursion_depth_just_fits"] =
        [
            "CREATE TABLE t(x)",
            "PRAGMA recursive_triggers = true",
            "CREATE TRIGGER ta BEFORE INSERT ON t WHEN new.x < 1000 BEGIN INSERT INTO t VALUES(new.x + 1); END",
            "INSERT INTO t VALUES(1)",
            "DELETE FROM t",
            "INSERT INTO t VALUES(0)",
            "SELECT count(*), min(x), max(x) FROM t",
        ],
        ["mutual_recursion"] =
        [
            "CREATE TABLE a(x); CREATE TABLE b(x)",
            "CREATE TRIGGER ab AFTER INSERT ON a WHEN new.x < 10 BEGIN INSERT INTO b VALUES(new.x + 1); END",
            "CREATE TRIGGER ba AFTER INSERT ON b WHEN new.x < 10 BEGIN INSERT INTO a VALUES(new.x + 1); END",
            "INSERT INTO a VALUES(1)",
            "PRAGMA recursive_triggers = 1",
            "INSERT INTO a VALUES(1)",
        ],
        ["recursive_delete_tree"] =
        [
            "CREATE TABLE node(id INTEGER PRIMARY KEY, parent)",
            "INSERT INTO node VALUES(1, NULL), (2, 1), (3, 1), (4, 2), (5, 4), (6, 3), (7, NULL)",
            "PRAGMA recursive_triggers = 1",
            "CREATE TRIGGER nd AFTER DELETE ON node BEGIN DELETE FROM node WHERE parent = old.id; END",
            "DELETE FROM node WHERE id = 1",
            "SELECT changes()",
        ],
        ["changes_and_last_rowid_inside_triggers"] =
        [
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v); CREATE TABLE log(a, b, c, d)",
            "INSERT INTO t VALUES(100, 'seed')",
            "CREATE TRIGGER tb BEFORE INSERT ON t BEGIN INSERT INTO log VALUES('b', changes(), last_insert_rowid(), total_changes()); END",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT INTO log VALUES('a', changes(), last_insert_rowid(), new.id); UPDATE log SET d = d WHERE a = 'b'; INSERT INTO log VALUES('a2', changes(), last_insert_rowid(), NULL); END",
            "INSERT INTO t(v) VALUES('x'), ('y')",
            "SELECT changes(), last_insert_rowid()",
            "UPDATE t SET v = 'z' WHERE id = 100",
        ],
        ["trigger_body_select_and_multiple_statements"] =
        [
            "CREATE TABLE t(x); CREATE TABLE s(total)",
            "INSERT INTO s VALUES(0)",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN SELECT 1; UPDATE s SET total = total + new.x; SELECT * FROM t; DELETE FROM s WHERE total > 100; END",
            "INSERT INTO t VALUES(5), (10)",
            "INSERT INTO t VALUES(90)",
        ],
        ["update_visits_rows_after_before_trigger_changes"] =
        [
            "CREATE TABLE t(id INTEGER PRIMARY KEY, a, b)",
            "INSERT INTO t VALUES(1, 1, 'x'), (2, 2, 'y'), (3, 3, 'z')",
            "CREATE TRIGGER tb BEFORE UPDATE ON t BEGIN UPDATE t SET b = b || '+' WHERE id = old.id; END",
            "UPDATE t SET a = a * 2",
        ],
        ["before_delete_removes_other_row"] =
        [
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v); CREATE TABLE log(x)",
            "INSERT INTO t VALUES(1, 'a'), (2, 'b'), (3, 'c')",
            "CREATE TRIGGER tb BEFORE DELETE ON t BEGIN DELETE FROM t WHERE id = old.id + 1; END",
            "CREATE TRIGGER ta AFTER DELETE ON t BEGIN INSERT INTO log VALUES(old.id); END",
            "DELETE FROM t",
            "SELECT changes()",
        ],
        ["drop_table_drops_triggers"] =
        [
            "CREATE TABLE t(x); CREATE TABLE log(x)",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT INTO log VALUES(new.x); END",
            "CREATE TRIGGER tb BEFORE DELETE ON t BEGIN INSERT INTO log VALUES(old.x); END",
            "INSERT INTO t VALUES(1)",
            "DROP TABLE t",
            "CREATE TABLE t(x)",
            "INSERT INTO t VALUES(2)",
            "DROP TRIGGER ta",
        ],
        ["drop_trigger_stops_firing"] =
        [
            "CREATE TABLE t(x); CREATE TABLE log(x)",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT INTO log VALUES(new.x); END",
            "INSERT INTO t VALUES(1)",
            "DROP TRIGGER ta",
            "INSERT INTO t VALUES(2)",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT INTO log VALUES(-new.x); END",
            "INSERT INTO t VALUES(3)",
        ],
        ["trigger_on_missing_column_errors_at_fire"] =
        [
            "CREATE TABLE t(x); CREATE TABLE log(x)",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT INTO log VALUES(new.nosuch); END",
            "INSERT INTO t VALUES(1)",
            "CREATE TRIGGER td AFTER DELETE ON log BEGIN SELECT new.x; END",
            "DELETE FROM log",
        ],
        ["trigger_statement_rollback_on_error"] =
        [
            "CREATE TABLE t(x CHECK (x < 100)); CREATE TABLE log(x)",
            "CREATE TRIGGER ta AFTER INSERT ON log BEGIN INSERT INTO t VALUES(new.x * 10); END",
            "INSERT INTO log VALUES(1), (2)",
            "INSERT INTO log VALUES(3), (50), (4)",
            "INSERT OR FAIL INTO log VALUES(5), (60), (6)",
        ],
        ["autoincrement_and_triggers"] =
        [
            "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, v); CREATE TABLE log(id INTEGER PRIMARY KEY AUTOINCREMENT, msg)",
            "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT INTO log(msg) VALUES('t ' || new.id); END",
            "INSERT INTO t(v) VALUES('a'), ('b')",
            "DELETE FROM t",
            "INSERT INTO t(v) VALUES('c')",
            "SELECT * FROM sqlite_sequence ORDER BY name",
        ],
        ["trigger_with_index_lookup_and_subquery"] =
        [
            "CREATE TABLE stock(item TEXT PRIMARY KEY, qty INT); CREATE TABLE sale(item, n)",
            "INSERT INTO stock VALUES('apple', 10), ('pear', 5)",
            "CREATE TRIGGER s1 BEFORE INSERT ON sale WHEN (SELECT qty FROM stock WHERE item = new.item) < new.n BEGIN SELECT RAISE(ABORT, 'not enough ' || new.item); END",
            "CREATE TRIGGER s2 AFTER INSERT ON sale BEGIN UPDATE stock SET qty = qty - new.n WHERE item = new.item; END",
            "INSERT INTO sale VALUES('apple', 3)",
            "INSERT INTO sale VALUES('pear', 6)",
            "INSERT INTO sale VALUES('pear', 5), ('apple', 7)",
            "INSERT INTO sale VALUES('apple', 1)",
        ],
        ["timestamps_maintained_by_trigger"] =
        [
            "CREATE TABLE doc(id INTEGER PRIMARY KEY, body, version INT DEFAULT 1, edits INT DEFAULT 0)",
            "CREATE TRIGGER dv AFTER UPDATE OF body ON doc BEGIN UPDATE doc SET version = old.version + 1, edits = edits + 1 WHERE id = new.id; END",
            "INSERT INTO doc(body) VALUES('v1'), ('w1')",
            "UPDATE doc SET body = body || '*'",
            "UPDATE doc SET body = 'x' WHERE id = 2",
            "UPDATE doc SET edits = 0",
        ],
        ["qualified_and_case_names"] =
        [
            "CREATE TABLE T1(A, B); CREATE TABLE Log(X)",
            "CREATE TRIGGER Tr AFTER INSERT ON t1 FOR EACH ROW BEGIN INSERT INTO log VALUES(NEW.a || New.B || new.ROWID); END",
            "INSERT INTO t1 VALUES('p', 'q')",
            "INSERT INTO main.T1 VALUES('r', 's')",
        ],
        ["new_in_delete_trigger_is_error"] =
        [
            "CREATE TABLE t(x); CREATE TABLE log(x)",
            "CREATE TRIGGER td AFTER DELETE ON t BEGIN INSERT INTO log VALUES(new.x); END",
            "INSERT INTO t VALUES(1)",
            "DELETE FROM t",
            "CREATE TRIGGER ti AFTER INSERT ON log BEGIN INSERT INTO t VALUES(old.x); END",
            "INSERT INTO log VALUES(1)",
        ],
        ["create_trigger_validation"] =
        [
            "CREATE TABLE t(x); CREATE VIEW v AS SELECT x FROM t",
            "CREATE TRIGGER a INSTEAD OF INSERT ON t BEGIN SELECT 1; END",
            "CREATE TRIGGER a BEFORE INSERT ON v BEGIN SELECT 1; END",
            "CREATE TRIGGER a AFTER UPDATE ON v BEGIN SELECT 1; END",
            "CREATE TRIGGER a AFTER INSERT ON t BEGIN INSERT INTO main.t VALUES(1); END",
            "CREATE TRIGGER a AFTER INSERT ON t BEGIN SELECT ?; END",
            "CREATE TRIGGER a AFTER INSERT ON sqlite_schema BEGIN SELECT 1; END",
            "CREATE TRIGGER a AFTER INSERT ON t BEGIN INSERT INTO t SELECT 1 RETURNING x; END",
            "CREATE TRIGGER a AFTER INSERT ON nosuch BEGIN SELECT 1; END",
            "CREATE TRIGGER a AFTER INSERT ON t BEGIN SELECT 1; END",
            "CREATE TRIGGER a AFTER DELETE ON t BEGIN SELECT 1; END",
            "CREATE TRIGGER IF NOT EXISTS a AFTER DELETE ON t BEGIN SELECT 1; END",
        ],
        ["trigger_body_errors_at_prepare"] =
        [
            "CREATE TABLE t(x)",
            "CREATE TRIGGER a AFTER INSERT ON t BEGIN INSERT INTO nosuch VALUES(1); END",
            "INSERT INTO t VALUES(1)",
            "DROP TRIGGER a",
            "CREATE TRIGGER b AFTER INSERT ON t BEGIN SELECT nosuch; END",
            "INSERT INTO t VALUES(2)",
            "DELETE FROM t",
        ],
        ["delete_all_with_trigger_counts_rows"] =
        [
            "CREATE TABLE t(x); CREATE TABLE log(n)",
            "INSERT INTO t VALUES(1), (2), (3)",
            "CREATE TRIGGER td BEFORE DELETE ON t BEGIN INSERT INTO log VALUES(old.x); END",
            "DELETE FROM t",
            "SELECT changes(), total_changes()",
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

    [Theory]
    [InlineData("slt_lang_createtrigger.test")]
    [InlineData("slt_lang_droptrigger.test")]
    public void Sqllogictest_trigger_evidence_passes(string file)
    {
        string path = Path.Combine(TestPaths.CorpusDirectory(), "evidence", file);
        var result = SqlLogicTestRunner.RunFile(path, file, () => new MiniSqlEngine(), new SltRunOptions { MaxFailuresReported = 5 });
        Assert.True(result.Failed == 0 && result.Passed > 0,
            $"{file}: {result.Passed} passed, {result.Failed} failed: " + string.Join(" | ", result.Failures));
    }

    [Fact]
    public void Has_at_least_forty_scenarios() => Assert.True(Scenarios.Count >= 40, $"{Scenarios.Count} scenarios");
}
