using MiniSql.Sql.Parsing;

namespace MiniSql.Sql.Tests.Parsing;

public class SmokeTests
{
    [Theory]
    [InlineData("select 1 + 2 * 3", "SELECT (1 + (2 * 3))")]
    [InlineData("SELECT a, b AS c FROM t WHERE x = 1 AND NOT y ORDER BY a DESC LIMIT 5", "SELECT a, b AS c FROM t WHERE ((x = 1) AND (NOT y)) ORDER BY a DESC LIMIT 5")]
    public void Parses(string sql, string expected)
    {
        var s = SqlParser.ParseStatement(sql, 0, out int end);
        Assert.Equal(sql.Length, end);
        Assert.Equal(expected, AstPrinter.Print(s!));
    }
}
