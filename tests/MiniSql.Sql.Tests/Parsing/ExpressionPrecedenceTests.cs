using MiniSql.Sql.Parsing;

namespace MiniSql.Sql.Tests.Parsing;

/// <summary>Operator precedence and associativity, printed fully parenthesized (lang_expr "Operators").</summary>
public class ExpressionPrecedenceTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "(1 + (2 * 3))")]
    [InlineData("1 * 2 + 3", "((1 * 2) + 3)")]
    [InlineData("1 - 2 - 3", "((1 - 2) - 3)")]
    [InlineData("8 / 4 / 2", "((8 / 4) / 2)")]
    [InlineData("a || b * c", "((a || b) * c)")]
    [InlineData("a * b || c", "(a * (b || c))")]
    [InlineData("a -> 'x' ->> 'y'", "((a -> 'x') ->> 'y')")]
    [InlineData("1 + 2 << 3", "((1 + 2) << 3)")]
    [InlineData("a & b | c << d", "(((a & b) | c) << d)")]
    [InlineData("a < b = c > d", "((a < b) = (c > d))")]
    [InlineData("a = b == c", "((a = b) = c)")]
    [InlineData("a != b <> c", "((a != b) != c)")]
    [InlineData("a OR b AND c", "(a OR (b AND c))")]
    [InlineData("a AND b OR c AND d", "((a AND b) OR (c AND d))")]
    [InlineData("NOT a AND b", "((NOT a) AND b)")]
    [InlineData("NOT a = b", "(NOT (a = b))")]
    [InlineData("NOT NOT a", "(NOT (NOT a))")]
    [InlineData("a = NOT b AND c", "((a = (NOT b)) AND c)")]
    [InlineData("- a * b", "((-a) * b)")]
    [InlineData("-a COLLATE nocase", "((-a) COLLATE nocase)")]
    [InlineData("a || b COLLATE nocase", "(a || (b COLLATE nocase))")]
    [InlineData("~ - + 1", "(~(-(+1)))")]
    [InlineData("- 5", "(-5)")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("9223372036854775808", "R9.223372036854776E+18")]
    [InlineData("a IS NULL", "(a IS NULL)")]
    [InlineData("a IS NOT NULL", "(a IS NOT NULL)")]
    [InlineData("a IS DISTINCT FROM b", "(a IS NOT b)")]
    [InlineData("a IS NOT DISTINCT FROM b", "(a IS b)")]
    [InlineData("a ISNULL", "(a ISNULL)")]
    [InlineData("a NOTNULL", "(a NOTNULL)")]
    [InlineData("a NOT NULL", "(a NOTNULL)")]
    [InlineData("a + 1 NOT NULL AND b", "(((a + 1) NOTNULL) AND b)")]
    [InlineData("a BETWEEN 1 AND 2 AND b", "((a BETWEEN 1 AND 2) AND b)")]
    [InlineData("a NOT BETWEEN b + 1 AND c * 2", "(a NOT BETWEEN (b + 1) AND (c * 2))")]
    [InlineData("a BETWEEN 1 AND 2 = 1", "((a BETWEEN 1 AND 2) = 1)")]
    [InlineData("a LIKE 'x%' ESCAPE '\\'", "(a LIKE 'x%' ESCAPE '\\')")]
    [InlineData("a NOT GLOB b || c", "(a NOT GLOB (b || c))")]
    [InlineData("a MATCH b AND c REGEXP d", "((a MATCH b) AND (c REGEXP d))")]
    [InlineData("a = b LIKE c", "((a = b) LIKE c)")]
    [InlineData("a < b LIKE c", "((a < b) LIKE c)")]
    [InlineData("a IN (1, 2) = 0", "((a IN (1, 2)) = 0)")]
    [InlineData("a NOT IN ()", "(a NOT IN ())")]
    [InlineData("a IN t", "(a IN t)")]
    [InlineData("a IN main.t", "(a IN main.t)")]
    [InlineData("a IN json_each('[1]')", "(a IN json_each('[1]'))")]
    [InlineData("a IN (SELECT b FROM t)", "(a IN (SELECT b FROM t))")]
    [InlineData("(a, b) = (1, 2)", "((a, b) = (1, 2))")]
    [InlineData("(((a)))", "a")]
    [InlineData("(SELECT 1) + 1", "((SELECT 1) + 1)")]
    [InlineData("NOT EXISTS (SELECT 1)", "(NOT EXISTS(SELECT 1))")]
    [InlineData("CASE WHEN a THEN b ELSE c END", "CASE WHEN a THEN b ELSE c END")]
    [InlineData("CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' END", "CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' END")]
    [InlineData("CAST(a AS VARCHAR(10)) + 1", "(CAST(a AS VARCHAR(10)) + 1)")]
    [InlineData("CAST(a AS unsigned big int)", "CAST(a AS unsigned big int)")]
    [InlineData("count(*)", "count(*)")]
    [InlineData("count(DISTINCT a)", "count(DISTINCT a)")]
    [InlineData("group_concat(a, ',' ORDER BY b DESC)", "group_concat(a, ',' ORDER BY b DESC)")]
    [InlineData("sum(a) FILTER (WHERE a > 0)", "sum(a) FILTER (WHERE (a > 0))")]
    [InlineData("row_number() OVER (PARTITION BY a ORDER BY b ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)",
        "row_number() OVER ( PARTITION BY a ORDER BY b ROWS 1 Preceding AND CurrentRow)")]
    [InlineData("sum(a) OVER w", "sum(a) OVER (w)")]
    [InlineData("t.a + main.t.b", "(t.a + main.t.b)")]
    [InlineData("\"a\" + [b] + `c`", "((a\" + b) + c)")]
    [InlineData("true AND FALSE", "(TRUE AND FALSE)")]
    [InlineData("CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP")]
    [InlineData("x'0aFF'", "X'0AFF'")]
    [InlineData("'it''s'", "'it''s'")]
    [InlineData("NULL IS NULL", "(NULL IS NULL)")]
    [InlineData("RAISE(ABORT, 'no')", "RAISE(ABORT, 'no')")]
    [InlineData("RAISE(IGNORE)", "RAISE(IGNORE)")]
    [InlineData("replace(a, 'x', 'y') || like(a, b)", "(replace(a, 'x', 'y') || like(a, b))")]
    [InlineData("key + action + temp + first", "(((key + action) + temp) + first)")]
    [InlineData("?1 + ? + :a + @b + $c + :a", "(((((?1#1 + ?#2) + :a#3) + @b#4) + $c#5) + :a#3)")]
    [InlineData("1_000 + 0x1_F + 1.5e1_0", "((1000 + 31) + R15000000000)")]
    [InlineData(".5 + 5. + 0x10", "((R0.5 + R5) + 16)")]
    [InlineData("0xFFFFFFFFFFFFFFFF", "-1")]
    public void PrintsFullyParenthesized(string sql, string expected) =>
        Assert.Equal(expected, AstPrinter.Print(SqlParser.ParseExpression(sql)));

    [Fact]
    public void NumericLiteralsKeepTheirText()
    {
        var real = Assert.IsType<MiniSql.Sql.Parsing.Ast.RealLiteral>(SqlParser.ParseExpression("1.50e1"));
        Assert.Equal("1.50e1", real.Text);
        Assert.Equal(15.0, real.Value);
        var hex = Assert.IsType<MiniSql.Sql.Parsing.Ast.IntegerLiteral>(SqlParser.ParseExpression("0x1F"));
        Assert.Equal("0x1F", hex.Text);
    }
}
