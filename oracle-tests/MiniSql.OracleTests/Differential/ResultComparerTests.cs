using MiniSql.Engine.Records;
using MiniSql.OracleTests.Infrastructure;

namespace MiniSql.OracleTests.Differential;

public sealed class ResultComparerTests
{
    private static DiffOutcome Rows(params SqlValue[][] rows) => new(new QueryResult(rows.Length == 0 ? 1 : rows[0].Length, rows), null);

    private static SqlValue[] Row(params SqlValue[] values) => values;

    private static readonly SqlValue One = SqlValue.Integer(1);
    private static readonly SqlValue OneReal = SqlValue.Real(1.0);
    private static readonly SqlValue Two = SqlValue.Integer(2);

    [Fact]
    public void UnorderedComparesMultisetsExactly()
    {
        Assert.Null(ResultComparer.Difference(Rows(Row(One), Row(Two), Row(One)), Rows(Row(Two), Row(One), Row(One)), DiffCompareMode.Unordered));
        Assert.NotNull(ResultComparer.Difference(Rows(Row(One), Row(Two), Row(One)), Rows(Row(Two), Row(Two), Row(One)), DiffCompareMode.Unordered));
        Assert.NotNull(ResultComparer.Difference(Rows(Row(One)), Rows(Row(One), Row(One)), DiffCompareMode.Unordered));
    }

    [Fact]
    public void StorageClassAndRealBitsMatter()
    {
        var diff = ResultComparer.Difference(Rows(Row(One)), Rows(Row(OneReal)), DiffCompareMode.Unordered);
        Assert.Equal("different rows", diff);
        Assert.True(ResultComparer.SameUpToTies(Rows(Row(One)), Rows(Row(OneReal))));
        Assert.True(ResultComparer.SameUpToTies(Rows(Row(SqlValue.Text("Abc "))), Rows(Row(SqlValue.Text("abc")))));
        Assert.False(ResultComparer.SameUpToTies(Rows(Row(SqlValue.Text("Ä"))), Rows(Row(SqlValue.Text("ä")))));
        Assert.False(ResultComparer.SameUpToTies(Rows(Row(One)), Rows(Row(Two))));
        Assert.NotNull(ResultComparer.Difference(Rows(Row(SqlValue.Real(0.0))), Rows(Row(SqlValue.Real(-0.0))), DiffCompareMode.Unordered));
        Assert.NotNull(ResultComparer.Difference(Rows(Row(SqlValue.Real(0.1 + 0.2))), Rows(Row(SqlValue.Real(0.3))), DiffCompareMode.Unordered));
        Assert.NotNull(ResultComparer.Difference(Rows(Row(SqlValue.Text("1"))), Rows(Row(SqlValue.Blob("1"u8))), DiffCompareMode.Unordered));
    }

    [Fact]
    public void OrderedAllowsSwapsOnlyAmongRowsThatSortEqual()
    {
        // 1 and 1.0 sort equal, so their order is not fixed by ORDER BY; 1 and 2 are.
        var oracle = Rows(Row(One), Row(OneReal), Row(Two));
        Assert.Null(ResultComparer.Difference(oracle, Rows(Row(OneReal), Row(One), Row(Two)), DiffCompareMode.Ordered));
        Assert.Equal("different rows at position 0", ResultComparer.Difference(oracle, Rows(Row(Two), Row(One), Row(OneReal)), DiffCompareMode.Ordered));
        Assert.NotNull(ResultComparer.Difference(oracle, Rows(Row(One), Row(One), Row(Two)), DiffCompareMode.Ordered));
        Assert.Null(ResultComparer.Difference(Rows(Row(One), Row(Two)), Rows(Row(Two), Row(One)), DiffCompareMode.Unordered));
        Assert.NotNull(ResultComparer.Difference(Rows(Row(One), Row(Two)), Rows(Row(Two), Row(One)), DiffCompareMode.Ordered));
    }

    [Fact]
    public void ColumnNamesAreComparedWhenBothEnginesReportThem()
    {
        var named = new DiffOutcome(new QueryResult(1, [Row(One)], null, ["x0"]), null);
        var renamed = new DiffOutcome(new QueryResult(1, [Row(One)], null, ["a"]), null);
        Assert.Equal("different column names", ResultComparer.Difference(named, renamed, DiffCompareMode.Unordered));
        Assert.Null(ResultComparer.Difference(named, Rows(Row(One)), DiffCompareMode.Unordered));
    }

    [Fact]
    public void ErrorsCompareByCodesAndMessage()
    {
        var a = new DiffOutcome(null, new SqlEngineException(19, 2067, "UNIQUE constraint failed: t.a"));
        var b = new DiffOutcome(null, new SqlEngineException(19, 2067, "UNIQUE constraint failed: t.a"));
        var c = new DiffOutcome(null, new SqlEngineException(19, 1555, "UNIQUE constraint failed: t.a"));
        var d = new DiffOutcome(null, new SqlEngineException(19, 2067, "UNIQUE constraint failed: t.b"));
        Assert.Null(ResultComparer.Difference(a, b, DiffCompareMode.Unordered));
        Assert.NotNull(ResultComparer.Difference(a, c, DiffCompareMode.Unordered));
        Assert.NotNull(ResultComparer.Difference(a, d, DiffCompareMode.Unordered));
        Assert.Equal("only the oracle failed to prepare", ResultComparer.Difference(a, Rows(), DiffCompareMode.Unordered));

        var stepA = new DiffOutcome(new QueryResult(1, [], new SqlEngineException(1, 1, "integer overflow")), null);
        var stepB = new DiffOutcome(new QueryResult(1, [Row(One)], new SqlEngineException(1, 1, "integer overflow")), null);
        Assert.Null(ResultComparer.Difference(stepA, stepB, DiffCompareMode.Unordered));
        Assert.Equal("only the oracle failed while stepping", ResultComparer.Difference(stepA, Rows(Row(One)), DiffCompareMode.Unordered));
    }
}
