using MiniSql.Sql.Parsing;

namespace MiniSql.Sql.Tests.Parsing;

/// <summary>SQLite tokenizer rules: token classes, decoded values, comments, parameters and illegal tokens.</summary>
public class TokenizerTests
{
    private static List<Token> Tokens(string sql, ParameterNumbering? parameters = null)
    {
        var list = new List<Token>();
        int p = Tokenizer.SkipTrivia(sql, 0);
        while (p < sql.Length)
        {
            list.Add(Tokenizer.Next(sql, ref p, parameters));
            p = Tokenizer.SkipTrivia(sql, p);
        }
        return list;
    }

    private static Token Single(string sql) => Assert.Single(Tokens(sql));

    [Theory]
    [InlineData("abc", "Word", "abc")]
    [InlineData("_a$1", "Word", "_a$1")]
    [InlineData("straße", "Word", "straße")]
    [InlineData("\"a \"\"b\"\"\"", "QuotedIdentifier", "a \"b\"")]
    [InlineData("[a \"b]", "QuotedIdentifier", "a \"b")]
    [InlineData("`a``b`", "QuotedIdentifier", "a`b")]
    [InlineData("'it''s'", "String", "it's")]
    [InlineData("''", "String", "")]
    [InlineData("x'0aFF'", "Blob", "0aFF")]
    [InlineData("X''", "Blob", "")]
    [InlineData("123", "Integer", "123")]
    [InlineData("0x1f", "Integer", "0x1f")]
    [InlineData("1_000", "Integer", "1_000")]
    [InlineData("1.5", "Float", "1.5")]
    [InlineData(".5", "Float", ".5")]
    [InlineData("5.", "Float", "5.")]
    [InlineData("1e10", "Float", "1e10")]
    [InlineData("1.5E-3", "Float", "1.5E-3")]
    [InlineData("?", "Variable", "?")]
    [InlineData("?12", "Variable", "?12")]
    [InlineData(":name", "Variable", ":name")]
    [InlineData("@n1", "Variable", "@n1")]
    [InlineData("$a::b(c)", "Variable", "$a::b(c)")]
    [InlineData("#x", "Variable", "#x")]
    public void SingleTokens(string sql, string kind, string value)
    {
        Token t = Single(sql);
        Assert.Equal(Enum.Parse<TokenKind>(kind), t.Kind);
        Assert.Equal(value, t.Value ?? sql.Substring(t.Start, t.Length));
        Assert.Equal(0, t.Start);
        Assert.Equal(sql.Length, t.Length);
    }

    [Theory]
    [InlineData("|| -> ->> == = != <> < <= > >= << >> & | ~ + - * / % . , ; ( )",
        "Concat Arrow DoubleArrow DoubleEqual Equal NotEqual LessGreater Less LessEqual Greater GreaterEqual ShiftLeft ShiftRight BitAnd BitOr BitNot Plus Minus Star Slash Percent Dot Comma Semicolon LeftParen RightParen")]
    [InlineData("a.b", "Word Dot Word")]
    [InlineData("1.e5", "Float")]
    [InlineData("a-->b", "Word")]
    [InlineData("a/*c*/b", "Word Word")]
    [InlineData("a /* unterminated", "Word")]
    [InlineData("a -- c\nb", "Word Word")]
    [InlineData("x'00'y", "Blob Word")]
    [InlineData("xy'00'", "Word String")]
    public void TokenSequences(string sql, string kinds) =>
        Assert.Equal(kinds, string.Join(" ", Tokens(sql).Select(t => t.Kind)));

    [Theory]
    [InlineData("SELECT", "Select")]
    [InlineData("select", "Select")]
    [InlineData("CURRENT_TIMESTAMP", "CurrentTimestamp")]
    [InlineData("Without", "Without")]
    [InlineData("true", "None")]
    [InlineData("rowid", "None")]
    public void Keywords(string word, string keyword) => Assert.Equal(Enum.Parse<Keyword>(keyword), Single(word).Keyword);

    [Fact]
    public void QuotedKeywordIsNotAKeyword() => Assert.Equal(Keyword.None, Single("\"select\"").Keyword);

    [Theory]
    [InlineData("'abc", "unrecognized token: \"'abc\"")]
    [InlineData("\"abc", "unrecognized token: \"\"abc\"")]
    [InlineData("[abc", "unrecognized token: \"[abc\"")]
    [InlineData("x'abc'", "unrecognized token: \"x'abc'\"")]
    [InlineData("x'ag'", "unrecognized token: \"x'ag'\"")]
    [InlineData("123abc", "unrecognized token: \"123abc\"")]
    [InlineData("1e", "unrecognized token: \"1e\"")]
    [InlineData("1__0", "unrecognized token: \"1__0\"")]
    [InlineData("1_.5", "unrecognized token: \"1_.5\"")]
    [InlineData("!", "unrecognized token: \"!\"")]
    [InlineData("@", "unrecognized token: \"@\"")]
    [InlineData("$a(b c)", "unrecognized token: \"$a(b\"")]
    public void IllegalTokens(string sql, string message)
    {
        Token t = Tokens(sql)[0];
        Assert.Equal(TokenKind.Illegal, t.Kind);
        Assert.Equal(message, t.Value);
    }

    [Fact]
    public void ParametersAreNumberedLikeSqlite()
    {
        var numbering = new ParameterNumbering();
        List<Token> tokens = Tokens("? :a ?5 ? :a @b ?2 $c", numbering);
        Assert.Equal(new[] { 1, 2, 5, 6, 2, 7, 2, 8 }, tokens.Select(t => t.ParameterIndex).ToArray());
        Assert.Equal(new string?[] { null, ":a", null, null, "?5", null, "@b", "$c" }, numbering.ToNames().ToArray());
    }

    [Fact]
    public void ParameterNumberLimits()
    {
        Assert.Equal("variable number must be between ?1 and ?32766", Tokens("?0", new ParameterNumbering())[0].Value);
        Assert.Equal("variable number must be between ?1 and ?32766", Tokens("?32767", new ParameterNumbering())[0].Value);
        Assert.Equal(32766, Tokens("?32766", new ParameterNumbering())[0].ParameterIndex);
        Assert.Equal("too many SQL variables", Tokens("?32766 ?", new ParameterNumbering())[1].Value);
    }

    [Fact]
    public void BlankDetection()
    {
        Assert.True(Tokenizer.IsBlank("  -- x\n /* y */ ", 0));
        Assert.True(Tokenizer.IsBlank("/* unterminated", 0));
        Assert.False(Tokenizer.IsBlank(" ; ", 0));
        Assert.True(Tokenizer.IsBlank("abc", 3));
    }
}
