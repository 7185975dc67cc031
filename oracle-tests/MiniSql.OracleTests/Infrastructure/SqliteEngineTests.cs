using MiniSql.Engine.Records;

namespace MiniSql.OracleTests.Infrastructure;

public sealed class SqliteEngineTests
{
    [Fact]
    public void QueryReturnsExactStorageClasses()
    {
        using var engine = new SqliteEngine();
        engine.Execute("CREATE TABLE t(a); INSERT INTO t VALUES(1),(1.0),('1'),(x'01'),(NULL);");
        var result = engine.Query("SELECT a, typeof(a) FROM t");

        Assert.Equal(2, result.ColumnCount);
        Assert.Equal(["a", "typeof(a)"], result.ColumnNames!);
        Assert.Null(result.StepError);
        Assert.Equal(
            [SqlValue.Integer(1), SqlValue.Real(1.0), SqlValue.Text("1"), SqlValue.Blob([1]), SqlValue.Null],
            result.Rows.Select(r => r[0]));
        Assert.Equal(["integer", "real", "text", "blob", "null"], result.Rows.Select(r => r[1].AsString));
    }

    [Fact]
    public void TextKeepsItsRawBytesEvenWhenNotValidUtf8()
    {
        using var engine = new SqliteEngine();
        var row = engine.Query("SELECT CAST(x'ff00fe' AS TEXT), 'é', -0.0, 9223372036854775807").Rows.Single();

        Assert.Equal(StorageClass.Text, row[0].Type);
        Assert.Equal(new byte[] { 0xFF, 0x00, 0xFE }, row[0].Bytes.ToArray());
        Assert.Equal("é"u8.ToArray(), row[1].Bytes.ToArray());
        Assert.Equal(StorageClass.Real, row[2].Type);
        Assert.Equal(long.MaxValue, row[3].AsInteger);
    }

    [Fact]
    public void ErrorsCarryResultCodesAndTheBareMessage()
    {
        using var engine = new SqliteEngine();
        engine.Execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE NOT NULL)");
        engine.Execute("INSERT INTO t VALUES(1, 'x')");

        var unique = Assert.Throws<SqlEngineException>(() => engine.Execute("INSERT INTO t VALUES(2, 'x')"));
        Assert.Equal((19, 2067, "UNIQUE constraint failed: t.b"), (unique.ResultCode, unique.ExtendedResultCode, unique.Message));
        var notNull = Assert.Throws<SqlEngineException>(() => engine.Execute("INSERT INTO t VALUES(3, NULL)"));
        Assert.Equal((19, 1299, "NOT NULL constraint failed: t.b"), (notNull.ResultCode, notNull.ExtendedResultCode, notNull.Message));
        var syntax = Assert.Throws<SqlEngineException>(() => engine.Query("SELEC 1"));
        Assert.Equal((1, 1, "near \"SELEC\": syntax error"), (syntax.ResultCode, syntax.ExtendedResultCode, syntax.Message));
    }

    [Fact]
    public void ExecuteRunsEveryStatementAndStopsAtTheFirstError()
    {
        using var engine = new SqliteEngine();
        engine.Execute("CREATE TABLE t(a);");
        Assert.Throws<SqlEngineException>(() => engine.Execute("INSERT INTO t VALUES(1); SELECT * FROM nope; INSERT INTO t VALUES(2);"));
        Assert.Equal([SqlValue.Integer(1)], engine.Query("SELECT a FROM t").Rows.Select(r => r[0]));
    }

    [Fact]
    public void StepErrorsAreReturnedWithTheRowsProducedBeforeThem()
    {
        using var engine = new SqliteEngine();
        engine.Execute("CREATE TABLE t(a); INSERT INTO t VALUES(1),(2),(9223372036854775807);");

        var aggregate = engine.Query("SELECT sum(a) FROM t");
        Assert.Equal(1, aggregate.ColumnCount);
        Assert.Equal(["sum(a)"], aggregate.ColumnNames!);
        Assert.Empty(aggregate.Rows);
        Assert.Equal((1, "integer overflow"), (aggregate.StepError!.ResultCode, aggregate.StepError.Message));

        engine.Execute("INSERT INTO t VALUES(-9223372036854775808)");
        var partial = engine.Query("SELECT a, abs(a) AS b FROM t");
        Assert.Equal(["a", "b"], partial.ColumnNames!);
        Assert.Equal(2, partial.ColumnCount);
        Assert.Equal(3, partial.Rows.Count);
        Assert.Equal("integer overflow", partial.StepError!.Message);
    }
}
