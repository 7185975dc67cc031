using MiniSql.Engine.Storage;
using MiniSql.Sql;
using MiniSql.Vfs;

namespace MiniSql.Sql.Tests.Execution;

/// <summary>
/// A single-row INSERT runs without a statement savepoint (SQLite's statement journal) because every check that can
/// fail runs before its first change. These pin what that must not change: a failed check leaves the transaction
/// and its earlier rows alone, multi-row statements and foreign keys still undo just the statement, and a failure
/// after the first change (I/O) rolls the whole transaction back instead of leaving half a row.
/// </summary>
public sealed class StatementJournalTests
{
    private static long Scalar(Database db, string sql)
    {
        using var s = db.Prepare(sql)!;
        Assert.True(s.Step());
        return s.Column(0).AsInteger;
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES(1, 'dup', 1)", ResultCode.ConstraintPrimaryKey)]
    [InlineData("INSERT INTO t(a, b, c) VALUES(50, 'x1', 1)", ResultCode.ConstraintUnique)]
    [InlineData("INSERT INTO t VALUES(51, NULL, 1)", ResultCode.ConstraintNotNull)]
    [InlineData("INSERT INTO t VALUES(52, 'new', -1)", ResultCode.ConstraintCheck)]
    public void FailedCheckOfSingleRowInsertKeepsTransactionAndEarlierRows(string sql, ResultCode code)
    {
        using var db = Database.Open(":memory:");
        db.Execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL UNIQUE, c CHECK (c >= 0)); CREATE INDEX tc ON t(c);");
        for (int i = 1; i <= 20; i++) db.Execute($"INSERT INTO t VALUES({i}, 'x{i}', {i})");
        db.Execute("BEGIN");
        db.Execute("INSERT INTO t VALUES(30, 'in transaction', 3)");
        var ex = Assert.Throws<MiniSqlException>(() => db.Execute(sql));
        Assert.Equal(code, ex.ExtendedResultCode);
        Assert.False(db.IsAutocommit);
        db.Execute("INSERT INTO t VALUES(31, 'after', 4)");
        db.Execute("COMMIT");
        Assert.Equal(22, Scalar(db, "SELECT count(*) FROM t"));
        Assert.Equal(1, Scalar(db, "SELECT count(*) FROM t WHERE c = 3 AND a = 30"));
        Assert.Equal(22, Scalar(db, "SELECT count(*) FROM t INDEXED BY tc WHERE c >= 0"));
    }

    [Fact]
    public void MultiRowInsertStillUndoesOnlyTheStatement()
    {
        using var db = Database.Open(":memory:");
        db.Execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE)");
        db.Execute("BEGIN; INSERT INTO t VALUES(1, 'a');");
        Assert.Throws<MiniSqlException>(() => db.Execute("INSERT INTO t VALUES(2, 'b'), (3, 'a')"));
        Assert.False(db.IsAutocommit);
        db.Execute("COMMIT");
        Assert.Equal(1, Scalar(db, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void ForeignKeyViolationOfSingleRowInsertUndoesOnlyTheStatement()
    {
        using var db = Database.Open(":memory:");
        db.Execute("PRAGMA foreign_keys = 1; CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(x REFERENCES p(id));");
        db.Execute("INSERT INTO p VALUES(1)");
        db.Execute("BEGIN; INSERT INTO c VALUES(1);");
        var ex = Assert.Throws<MiniSqlException>(() => db.Execute("INSERT INTO c VALUES(2)"));
        Assert.Equal(ResultCode.ConstraintForeignKey, ex.ExtendedResultCode);
        Assert.False(db.IsAutocommit);
        db.Execute("COMMIT");
        Assert.Equal(1, Scalar(db, "SELECT count(*) FROM c"));
    }

    [Fact]
    public void IoFailureDuringSingleRowInsertRollsTheTransactionBackAndLeavesNoHalfRow()
    {
        int failures = 0;
        for (int n = 1; n <= 12; n++)
        {
            var vfs = new FaultInjectingVfs(new MemoryVfs(n));
            using (var db = Database.Open("j.db", new DatabaseOptions { Vfs = vfs, PageSize = 512, CacheSize = 4 }))
            {
                db.Execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT); CREATE INDEX tb ON t(b);");
                db.Execute("BEGIN");
                for (int i = 1; i <= 60; i++) db.Execute($"INSERT INTO t VALUES({i * 2}, '{new string('v', 40)}{i}')");
                db.Execute("COMMIT");
                db.Execute("BEGIN; INSERT INTO t VALUES(1, 'first');");
                vfs.FailAfter(FaultKind.Write, n, ResultCode.IoErrWrite);
                bool failed = false;
                try
                {
                    for (int i = 0; i < 30; i++) db.Execute($"INSERT INTO t VALUES({3 + i * 4}, '{new string('w', 60)}{i}')");
                }
                catch (MiniSqlException)
                {
                    failed = true;
                }
                vfs.ClearFaults();
                if (failed)
                {
                    failures++;
                    Assert.True(db.IsAutocommit, $"n={n}: the transaction must be rolled back");
                    Assert.Equal(60, Scalar(db, "SELECT count(*) FROM t"));
                }
                else
                {
                    db.Execute("COMMIT");
                }
                using var check = db.Prepare("PRAGMA integrity_check")!;
                Assert.True(check.Step());
                Assert.Equal("ok", check.Column(0).AsString);
            }
        }
        Assert.True(failures > 0);
    }
}
