using MiniSql.Sql.Parsing;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Tests.Parsing;

/// <summary>Deep nesting and huge expressions must end in a MiniSqlException, never a stack overflow.</summary>
public class HostileInputTests
{
    [Fact]
    public void HundredThousandNestedParenthesesIsAnError()
    {
        string sql = "SELECT " + new string('(', 100_000) + "1" + new string(')', 100_000);
        var e = Assert.Throws<MiniSqlException>(() => SqlParser.ParseStatement(sql, 0, out _));
        Assert.Equal(ResultCode.Error, e.ResultCode);
        Assert.Equal("parser stack overflow", e.Message);
    }

    [Fact]
    public void NestingUpToTheLimitParses()
    {
        int depth = StatementParser.MaxNestingDepth;
        string sql = "SELECT " + new string('(', depth) + "1" + new string(')', depth);
        var select = Assert.IsType<SelectStatement>(SqlParser.ParseStatement(sql, 0, out _));
        var column = Assert.IsType<ExpressionColumn>(Assert.IsType<SelectCore>(select.Body).Columns[0]);
        Assert.Equal(1L, Assert.IsType<IntegerLiteral>(column.Expression).Value);
    }

    [Fact]
    public void DeepScalarSubqueriesParseOnABigStack()
    {
        const int depth = 300;
        string sql = string.Concat(Enumerable.Repeat("SELECT (", depth)) + "1" + new string(')', depth);
        Assert.IsType<SelectStatement>(SqlParser.ParseStatement(sql, 0, out _));
    }

    [Fact]
    public void DeepCaseNestingParses()
    {
        const int depth = 400;
        string sql = "SELECT " + string.Concat(Enumerable.Repeat("CASE WHEN 1 THEN ", depth)) + "1" + string.Concat(Enumerable.Repeat(" END", depth));
        Assert.IsType<SelectStatement>(SqlParser.ParseStatement(sql, 0, out _));
    }

    [Fact]
    public void MillionTermExpressionIsTooDeep()
    {
        string sql = "SELECT 1" + string.Concat(Enumerable.Repeat("+1", 1_000_000));
        var e = Assert.Throws<MiniSqlException>(() => SqlParser.ParseStatement(sql, 0, out _));
        Assert.Equal("Expression tree is too large (maximum depth 1000)", e.Message);
    }

    [Fact]
    public void ThousandTermExpressionIsAllowed()
    {
        string sql = "SELECT 1" + string.Concat(Enumerable.Repeat("+1", 999));
        Assert.IsType<SelectStatement>(SqlParser.ParseStatement(sql, 0, out _));
    }

    [Fact]
    public void LongPrefixOperatorRunsDoNotRecurse()
    {
        string sql = "SELECT " + string.Concat(Enumerable.Repeat("NOT ", 100_000)) + "1";
        var e = Assert.Throws<MiniSqlException>(() => SqlParser.ParseStatement(sql, 0, out _));
        Assert.Equal("Expression tree is too large (maximum depth 1000)", e.Message);
        sql = "SELECT " + string.Concat(Enumerable.Repeat("- ", 100_000)) + "1";
        e = Assert.Throws<MiniSqlException>(() => SqlParser.ParseStatement(sql, 0, out _));
        Assert.Equal("Expression tree is too large (maximum depth 1000)", e.Message);
    }

    [Fact]
    public void ManyUnionTermsAreLimited()
    {
        string ok = "SELECT 1" + string.Concat(Enumerable.Repeat(" UNION SELECT 1", 499));
        Assert.IsType<SelectStatement>(SqlParser.ParseStatement(ok, 0, out _));
        string bad = ok + " UNION SELECT 1";
        var e = Assert.Throws<MiniSqlException>(() => SqlParser.ParseStatement(bad, 0, out _));
        Assert.Equal("too many terms in compound SELECT", e.Message);
    }

    [Fact]
    public void WideInListParses()
    {
        string sql = "SELECT 1 IN (" + string.Join(",", Enumerable.Range(0, 100_000)) + ")";
        var select = Assert.IsType<SelectStatement>(SqlParser.ParseStatement(sql, 0, out _));
        var column = Assert.IsType<ExpressionColumn>(Assert.IsType<SelectCore>(select.Body).Columns[0]);
        Assert.Equal(100_000, Assert.IsType<InListExpr>(column.Expression).Items.Length);
    }

    [Fact]
    public void DeepNestingInsideATriggerBodyIsBounded()
    {
        string sql = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT " + new string('(', 5000) + "1" + new string(')', 5000) + "; END;";
        var e = Assert.Throws<MiniSqlException>(() => SqlParser.ParseStatement(sql, 0, out _));
        Assert.Equal("parser stack overflow", e.Message);
    }
}
