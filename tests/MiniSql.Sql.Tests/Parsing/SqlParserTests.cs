using MiniSql.Sql.Parsing;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Tests.Parsing;

using Statement = MiniSql.Sql.Parsing.Ast.Statement;

/// <summary>The public entry points: statement walking, tails, spans, errors with offsets, sqlite3_complete.</summary>
public class SqlParserTests
{
    [Fact]
    public void WalksAScriptWithEmptyStatementsAndComments()
    {
        const string sql = " ; SELECT 1; ;; /* c */ INSERT INTO t VALUES (';'); -- trailing\n";
        var kinds = new List<string>();
        int position = 0, nulls = 0;
        while (position < sql.Length)
        {
            Statement? s = SqlParser.ParseStatement(sql, position, out int end);
            Assert.True(end > position);
            if (s is null) nulls++;
            else kinds.Add(s.GetType().Name + ":" + s.GetText(sql));
            position = end;
        }
        Assert.Equal(new[] { "SelectStatement:SELECT 1", "InsertStatement:INSERT INTO t VALUES (';')" }, kinds.ToArray());
        Assert.True(nulls >= 3);
        Assert.Equal(2, SqlParser.ParseScript(sql).Length);
    }

    [Fact]
    public void TailStartsAfterTheSemicolon()
    {
        const string sql = "SELECT 1;SELECT 2";
        var s = SqlParser.ParseStatement(sql, 0, out int end);
        Assert.Equal(9, end);
        Assert.Equal((0, 8), (s!.Start, s.End));
        var t = SqlParser.ParseStatement(sql, end, out end);
        Assert.Equal(sql.Length, end);
        Assert.Equal("SELECT 2", t!.GetText(sql));
    }

    [Fact]
    public void ErrorInALaterStatementDoesNotAffectTheFirst()
    {
        const string sql = "SELECT 1; SELECT 'unterminated";
        Assert.IsType<SelectStatement>(SqlParser.ParseStatement(sql, 0, out int end));
        var e = Assert.Throws<MiniSqlException>(() => SqlParser.ParseStatement(sql, end, out _));
        Assert.Equal(17, e.ErrorOffset);
    }

    [Fact]
    public void BlankInputGivesNull()
    {
        Assert.Null(SqlParser.ParseStatement("  -- nothing\n", 0, out int end));
        Assert.Equal(13, end);
        Assert.Empty(SqlParser.ParseScript(""));
    }

    [Theory]
    [InlineData("SELECT 1 2", "near \"2\": syntax error", 9)]
    [InlineData("SELECT * FROM t WHERE", "incomplete input", 21)]
    [InlineData("SELECT (1;", "near \";\": syntax error", 9)]
    [InlineData("  selec 1", "near \"selec\": syntax error", 2)]
    [InlineData("SELECT 'abc", "unrecognized token: \"'abc\"", 7)]
    [InlineData("SELECT x'abc'", "unrecognized token: \"x'abc'\"", 7)]
    [InlineData("SELECT 0x1FFFFFFFFFFFFFFFF", "hex literal too big: 0x1FFFFFFFFFFFFFFFF", 7)]
    [InlineData("SELECT ?0", "variable number must be between ?1 and ?32766", 7)]
    [InlineData("CREATE TABLE t(a) junk", "unknown table option: junk", 0)]
    [InlineData("SELECT a FROM t ORDER BY a DESC ASC", "near \"ASC\": syntax error", 32)]
    [InlineData("UPDATE t SET WHERE 1", "near \"WHERE\": syntax error", 13)]
    [InlineData("SELECT 1 NOT 2", "near \"2\": syntax error", 13)]
    public void ErrorsUseSqliteWordingAndOffsets(string sql, string message, int offset)
    {
        var e = Assert.Throws<MiniSqlException>(() => SqlParser.ParseStatement(sql, 0, out _));
        Assert.Equal(ResultCode.Error, e.ResultCode);
        Assert.Equal(message, e.Message);
        Assert.Equal(offset, e.ErrorOffset);
    }

    [Fact]
    public void StatementParametersAreListed()
    {
        var s = SqlParser.ParseStatement("SELECT :a, ?, :a, ?4", 0, out _);
        Assert.Equal(new string?[] { ":a", null, null, "?4" }, s!.Parameters.ToArray());
        var p = Assert.IsType<ParameterExpr>(Assert.IsType<ExpressionColumn>(Assert.IsType<SelectCore>(((SelectStatement)s).Body).Columns[2]).Expression);
        Assert.Equal(1, p.Index);
    }

    [Fact]
    public void ParseExpressionForSchemaText()
    {
        Assert.Equal("((a > 0) AND (b IS NOT NULL))", AstPrinter.Print(SqlParser.ParseExpression("a > 0 AND b IS NOT NULL")));
        var e = Assert.Throws<MiniSqlException>(() => SqlParser.ParseExpression("a > 0 junk"));
        Assert.Equal("near \"junk\": syntax error", e.Message);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("SELECT 1", false)]
    [InlineData("SELECT 1;", true)]
    [InlineData(";", true)]
    [InlineData("SELECT 1; -- comment", true)]
    [InlineData("SELECT 1; /* open", false)]
    [InlineData("SELECT 1; /* closed */", true)]
    [InlineData("SELECT ';", false)]
    [InlineData("SELECT \"a;", false)]
    [InlineData("SELECT [a;", false)]
    [InlineData("SELECT 1 -- ;", false)]
    [InlineData("SELECT 1; SELECT 2", false)]
    [InlineData("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1;", false)]
    [InlineData("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;", true)]
    [InlineData("create temp trigger tr after insert on t begin select 1; end ;", true)]
    [InlineData("EXPLAIN CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1;", false)]
    [InlineData("CREATE TABLE trigger(a);", true)]
    [InlineData("SELECT x'ab", false)]
    public void IsCompleteFollowsSqlite3Complete(string sql, bool complete) => Assert.Equal(complete, SqlParser.IsComplete(sql));

    [Fact]
    public void ParsingIsFastAfterWarmUp()
    {
        const string sql = "SELECT a.id, a.name, b.total * 2 AS t2, count(*) FROM accounts AS a LEFT JOIN (SELECT id, sum(x) AS total " +
            "FROM items WHERE x > 10 GROUP BY id) b ON a.id = b.id WHERE a.name LIKE 'abc%' AND a.flag IS NOT NULL ORDER BY 1 DESC LIMIT 10";
        for (int i = 0; i < 300; i++) SqlParser.ParseStatement(sql, 0, out _);
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        const int n = 500;
        for (int i = 0; i < n; i++) SqlParser.ParseStatement(sql, 0, out _);
        double micros = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / n;
        // Generous bound (process CPU time, shared machine, tiered JIT); typical is ~40 us for this 232-char query.
        Assert.True(micros < 1000, $"{micros:F0} us per parse");
    }
}
