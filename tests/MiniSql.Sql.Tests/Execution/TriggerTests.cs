using MiniSql.Sql;

namespace MiniSql.Sql.Tests.Execution;

/// <summary>Trigger execution limits that the oracle tests cannot provoke: small thread stacks and result codes.</summary>
public sealed class TriggerTests
{
    private static long Count(Database db, string table)
    {
        using var s = db.Prepare("SELECT count(*) FROM " + table)!;
        Assert.True(s.Step());
        return s.Column(0).AsInteger;
    }

    /// <summary>Runs <paramref name="action"/> on a thread with a 256 KB stack and rethrows what it threw.</summary>
    private static void OnSmallStack(Action action)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { action(); }
            catch (Exception ex) { error = ex; }
        }, 256 * 1024);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "trigger recursion did not finish");
        if (error is not null) throw error;
    }

    [Fact]
    public void Recursion_to_the_depth_limit_works_on_a_small_stack()
    {
        OnSmallStack(() =>
        {
            using var db = Database.Open(":memory:");
            db.Execute("PRAGMA recursive_triggers = ON; CREATE TABLE t(x);" +
                "CREATE TRIGGER r AFTER INSERT ON t WHEN new.x < 1000 BEGIN INSERT INTO t VALUES(new.x + 1); END;");
            db.Execute("INSERT INTO t VALUES(1)");
            Assert.Equal(1000, Count(db, "t"));
            Assert.Equal(1, db.Changes);
        });
    }

    [Fact]
    public void Recursion_past_the_limit_fails_and_rolls_back()
    {
        OnSmallStack(() =>
        {
            using var db = Database.Open(":memory:");
            db.Execute("PRAGMA recursive_triggers = ON; CREATE TABLE t(x);" +
                "CREATE TRIGGER r AFTER INSERT ON t BEGIN INSERT INTO t VALUES(new.x + 1); END;");
            var ex = Assert.Throws<MiniSqlException>(() => db.Execute("INSERT INTO t VALUES(1)"));
            Assert.Equal("too many levels of trigger recursion", ex.Message);
            Assert.Equal(ResultCode.Error, ex.ResultCode);
            Assert.Equal(0, Count(db, "t"));
        });
    }

    [Fact]
    public void Raise_reports_constraint_trigger_code()
    {
        using var db = Database.Open(":memory:");
        db.Execute("CREATE TABLE t(x); CREATE TRIGGER g BEFORE INSERT ON t BEGIN SELECT RAISE(ABORT, 'no ' || new.x); END;");
        var ex = Assert.Throws<MiniSqlException>(() => db.Execute("INSERT INTO t VALUES(7)"));
        Assert.Equal("no 7", ex.Message);
        Assert.Equal(ResultCode.ConstraintTrigger, ex.ExtendedResultCode);
        Assert.Equal(ResultCode.Constraint, ex.ResultCode);
    }

    [Fact]
    public void Raise_rollback_ends_the_transaction()
    {
        using var db = Database.Open(":memory:");
        db.Execute("CREATE TABLE t(x); CREATE TRIGGER g BEFORE INSERT ON t WHEN new.x < 0 BEGIN SELECT RAISE(ROLLBACK, 'negative'); END;");
        db.Execute("BEGIN; INSERT INTO t VALUES(1);");
        Assert.False(db.IsAutocommit);
        Assert.Throws<MiniSqlException>(() => db.Execute("INSERT INTO t VALUES(-1)"));
        Assert.True(db.IsAutocommit);
        Assert.Equal(0, Count(db, "t"));
    }
}
