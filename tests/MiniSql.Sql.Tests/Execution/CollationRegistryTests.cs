using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;

namespace MiniSql.Sql.Tests.Execution;

/// <summary>
/// The connection's collation registry (Database.CreateCollation, sqlite3_create_collation): lookup by name,
/// replacement and removal, its effect on prepared statements and index key info, and its errors.
/// </summary>
public sealed class CollationRegistryTests
{
    private static int Reverse(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => b.SequenceCompareTo(a);

    private static List<string> Column(Database db, string sql)
    {
        using var statement = db.Prepare(sql)!;
        var values = new List<string>();
        while (statement.Step()) values.Add(statement.Column(0).Type == StorageClass.Text ? statement.Column(0).AsString : statement.Column(0).ToString());
        return values;
    }

    private static long Scalar(Database db, string sql)
    {
        using var statement = db.Prepare(sql)!;
        Assert.True(statement.Step());
        return statement.Column(0).AsInteger;
    }

    [Fact]
    public void StartsWithTheBuiltInsFoundCaseInsensitively()
    {
        using var db = Database.Open(":memory:");
        Assert.Same(CollatingSequence.Binary, db.FindCollation("binary"));
        Assert.Same(CollatingSequence.NoCase, db.FindCollation("NoCase"));
        Assert.Same(CollatingSequence.RTrim, db.FindCollation("RTRIM"));
        Assert.Null(db.FindCollation("rev"));
    }

    [Fact]
    public void RegisterUseReplaceAndRemove()
    {
        using var db = Database.Open(":memory:");
        int version = db.Collations.Version;
        int generation = db.SchemaGeneration;
        db.CreateCollation("Rev", Reverse);
        Assert.True(db.Collations.Version > version);
        Assert.True(db.SchemaGeneration > generation);
        Assert.NotNull(db.FindCollation("REV"));
        Assert.Equal(0, Scalar(db, "SELECT 'a' < 'b' COLLATE rev"));

        db.CreateCollation("REV", (a, b) => a.SequenceCompareTo(b));
        Assert.Equal(1, Scalar(db, "SELECT 'a' < 'b' COLLATE rev"));

        db.CreateCollation("rev", null);
        Assert.Null(db.FindCollation("rev"));
        var error = Assert.Throws<MiniSqlException>(() => db.Prepare("SELECT 'a' < 'b' COLLATE rev"));
        Assert.Equal(ResultCode.ErrorMissingCollSeq, error.ExtendedResultCode);
        Assert.Equal("no such collation sequence: rev", error.Message);

        generation = db.SchemaGeneration;
        db.CreateCollation("never-registered", null);
        Assert.Equal(generation, db.SchemaGeneration);
    }

    [Fact]
    public void PreparedStatementsRecompileAfterARedefinition()
    {
        using var db = Database.Open(":memory:");
        db.CreateCollation("c", Reverse);
        using var statement = db.Prepare("SELECT 'a' < 'b' COLLATE c")!;
        Assert.True(statement.Step());
        Assert.Equal(0, statement.Column(0).AsInteger);
        statement.Reset();
        db.CreateCollation("c", (a, b) => a.SequenceCompareTo(b));
        Assert.True(statement.Step());
        Assert.Equal(1, statement.Column(0).AsInteger);
    }

    [Fact]
    public void NoCaseAndRTrimCanBeRedefinedOrRemovedUntilReset()
    {
        using var db = Database.Open(":memory:");
        db.CreateCollation("nocase", Reverse);
        db.CreateCollation("extra", Reverse);
        Assert.Equal(0, Scalar(db, "SELECT 'a' < 'b' COLLATE NOCASE"));
        db.CreateCollation("RTRIM", null);
        Assert.Null(db.FindCollation("rtrim"));
        Assert.Throws<MiniSqlException>(() => db.Prepare("SELECT 'a' = 'a ' COLLATE rtrim"));
        int generation = db.SchemaGeneration;
        db.ResetCollations();
        Assert.True(db.SchemaGeneration > generation);
        Assert.Same(CollatingSequence.NoCase, db.FindCollation("nocase"));
        Assert.Same(CollatingSequence.RTrim, db.FindCollation("rtrim"));
        Assert.Null(db.FindCollation("extra"));
        Assert.Equal(1, Scalar(db, "SELECT 'a' = 'A' COLLATE NOCASE"));
        generation = db.SchemaGeneration;
        db.ResetCollations();
        Assert.Equal(generation, db.SchemaGeneration);
    }

    [Fact]
    public void BinaryStaysByteWise()
    {
        using var db = Database.Open(":memory:");
        db.CreateCollation("BINARY", Reverse);
        Assert.Same(CollatingSequence.Binary, db.FindCollation("binary"));
        Assert.Equal(1, Scalar(db, "SELECT 'a' < 'b'"));
    }

    [Fact]
    public void ChangingACollationWhileAStatementRunsIsBusy()
    {
        using var db = Database.Open(":memory:");
        db.CreateCollation("rev", Reverse);
        using var statement = db.Prepare("SELECT 1 UNION ALL SELECT 2")!;
        Assert.True(statement.Step());
        db.CreateCollation("fresh", Reverse);
        var error = Assert.Throws<MiniSqlException>(() => db.CreateCollation("rev", null));
        Assert.Equal(ResultCode.Busy, error.ResultCode);
        Assert.Equal("unable to delete/modify collation sequence due to active statements", error.Message);
        Assert.Throws<MiniSqlException>(() => db.CreateCollation("nocase", Reverse));
        Assert.True(statement.Step());
        Assert.False(statement.Step());
        db.CreateCollation("rev", null);
    }

    [Fact]
    public void EmptyNameIsRejected()
    {
        using var db = Database.Open(":memory:");
        Assert.ThrowsAny<ArgumentException>(() => db.CreateCollation("", Reverse));
        Assert.ThrowsAny<ArgumentException>(() => db.CreateCollation(null!, Reverse));
    }

    [Fact]
    public void IndexKeysFollowTheCollationAndReResolveAfterChanges()
    {
        using var db = Database.Open(":memory:");
        db.CreateCollation("rev", Reverse);
        db.Execute("CREATE TABLE t(a TEXT COLLATE rev); CREATE INDEX t_a ON t(a); INSERT INTO t VALUES ('a'), ('c'), ('b')");
        Assert.Equal(["c", "b", "a"], Column(db, "SELECT a FROM t ORDER BY a"));
        Assert.Equal(["c", "b", "a"], Column(db, "SELECT a FROM t INDEXED BY t_a WHERE a >= 'zzz'"));
        Assert.Equal(["ok"], Column(db, "PRAGMA integrity_check"));

        var index = db.Catalog.Indexes["t_a"];
        Assert.Equal(0, index.KeyInfo.GetCollation(0).Compare("a"u8, "a"u8));
        Assert.True(index.KeyInfo.GetCollation(0).Compare("a"u8, "b"u8) > 0);
        db.CreateCollation("rev", null);
        var error = Assert.Throws<MiniSqlException>(() => index.KeyInfo);
        Assert.Equal(ResultCode.ErrorMissingCollSeq, error.ExtendedResultCode);
        db.CreateCollation("REV", Reverse);
        Assert.True(index.SemanticCollations[0].Compare("a"u8, "b"u8) > 0);
    }

    [Fact]
    public void SchemaNamingAnUnknownCollationLoadsAndFailsOnlyWhereUsed()
    {
        string path = Path.Combine(Path.GetTempPath(), "minisql-coll-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            using (var db = Database.Open(path))
            {
                db.CreateCollation("rev", Reverse);
                db.Execute("CREATE TABLE t(a TEXT COLLATE rev, b INT); CREATE INDEX t_a ON t(a); INSERT INTO t VALUES ('a', 1), ('b', 2)");
            }
            using (var db = Database.Open(path))
            {
                Assert.Equal(["1", "2"], Column(db, "SELECT b FROM t ORDER BY b"));
                Assert.Equal(["a"], Column(db, "SELECT a FROM t WHERE b = 1"));
                foreach (var sql in new[] { "SELECT a FROM t ORDER BY a", "INSERT INTO t VALUES ('c', 3)", "PRAGMA integrity_check", "SELECT count(*) FROM t" })
                {
                    var error = Assert.Throws<MiniSqlException>(() => Column(db, sql));
                    Assert.Equal("no such collation sequence: rev", error.Message);
                }
                db.CreateCollation("rev", Reverse);
                db.Execute("INSERT INTO t VALUES ('c', 3)");
                Assert.Equal(["c", "b", "a"], Column(db, "SELECT a FROM t ORDER BY a"));
                Assert.Equal(["ok"], Column(db, "PRAGMA integrity_check"));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AComparerExceptionFailsTheStatementAndRollsItBack()
    {
        using var db = Database.Open(":memory:");
        bool fail = false;
        db.CreateCollation("fragile", (a, b) => fail ? throw new InvalidOperationException("boom") : a.SequenceCompareTo(b));
        db.Execute("CREATE TABLE t(a TEXT UNIQUE COLLATE fragile); INSERT INTO t VALUES ('a'), ('b')");
        fail = true;
        foreach (var sql in new[] { "INSERT INTO t VALUES ('c')", "SELECT a FROM t WHERE a > 'a'", "SELECT a || '' AS x FROM t ORDER BY x COLLATE fragile", "SELECT 'x' < 'y' COLLATE fragile" })
        {
            var error = Assert.Throws<MiniSqlException>(() => Column(db, sql));
            Assert.Equal(ResultCode.Error, error.ResultCode);
            Assert.Contains("boom", error.Message);
            Assert.IsType<InvalidOperationException>(error.InnerException);
        }
        fail = false;
        Assert.Equal(["a", "b"], Column(db, "SELECT a FROM t ORDER BY a"));
        Assert.Equal(["ok"], Column(db, "PRAGMA integrity_check"));
    }

    [Fact]
    public void MissingCollationRequireThrowsOnlyForMissing()
    {
        Assert.Same(CollatingSequence.NoCase, MissingCollation.Require(CollatingSequence.NoCase));
        Assert.Null(MissingCollation.Require(null));
        var error = Assert.Throws<MiniSqlException>(() => MissingCollation.Require(new MissingCollation("zz")));
        Assert.Equal("no such collation sequence: zz", error.Message);
    }
}
