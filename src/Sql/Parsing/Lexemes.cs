using System.Collections.Immutable;
using Pidgin;
using static Pidgin.Parser;

namespace MiniSql.Sql.Parsing;

/// <summary>
/// Token-level building blocks of the grammar: keyword and punctuation matchers and SQLite's identifier classes
/// (parse.y's id / nm / ids): which keywords may stand in for an identifier where.
/// </summary>
internal static class Lexemes
{
    public static readonly Parser<Token, Token> LParen = Sym(TokenKind.LeftParen);
    public static readonly Parser<Token, Token> RParen = Sym(TokenKind.RightParen);
    public static readonly Parser<Token, Token> Comma = Sym(TokenKind.Comma);
    public static readonly Parser<Token, Token> Dot = Sym(TokenKind.Dot);
    public static readonly Parser<Token, Token> Star = Sym(TokenKind.Star);
    public static readonly Parser<Token, Token> Semicolon = Sym(TokenKind.Semicolon);
    public static readonly Parser<Token, Token> EqualSign = Sym(TokenKind.Equal);

    /// <summary>Current token index (for source spans).</summary>
    public static readonly Parser<Token, int> Position = Parser<Token>.CurrentOffset;

    /// <summary>id: a non-keyword word, a keyword that may fall back to an identifier, INDEXED, or a quoted name.</summary>
    public static readonly Parser<Token, string> Id = new TokenMatch(IsId).Select(t => t.Value!);

    /// <summary>nm: id, a string literal used as a name, or a join keyword (NATURAL, LEFT, ...).</summary>
    public static readonly Parser<Token, string> Name = new TokenMatch(IsName).Select(t => t.Value!);

    /// <summary>ids: an alias written without AS (id except INDEXED, or a string).</summary>
    public static readonly Parser<Token, string> AliasWord = new TokenMatch(IsAliasWord).Select(t => t.Value!);

    /// <summary>[AS] alias, or nothing.</summary>
    public static readonly Parser<Token, string?> OptionalAlias =
        Kw(Keyword.As).Then(Name).Or(AliasWord).Select(s => (string?)s).Or(Return((string?)null));

    /// <summary>A parenthesized, comma-separated list of names.</summary>
    public static readonly Parser<Token, ImmutableArray<string>> NameList =
        CommaList(Name).Between(LParen, RParen);

    /// <summary>[schema.]name.</summary>
    public static readonly Parser<Token, Ast.QualifiedName> ObjectName =
        Map((first, second) => second.HasValue ? new Ast.QualifiedName(first, second.Value) : new Ast.QualifiedName(null, first),
            Name, Dot.Then(Name).Optional());

    /// <summary>Succeeds with <paramref name="value"/> without consuming input.</summary>
    public static Parser<Token, T> Return<T>(T value) => Parser<Token>.Return(value);

    /// <summary>Matches the keyword <paramref name="keyword"/>.</summary>
    public static Parser<Token, Token> Kw(Keyword keyword) => new TokenMatch(t => t.Kind == TokenKind.Word && t.Keyword == keyword);

    /// <summary>Matches a sequence of keywords.</summary>
    public static Parser<Token, Token> Kws(params Keyword[] keywords)
    {
        Parser<Token, Token> p = Kw(keywords[0]);
        for (int i = 1; i < keywords.Length; i++) p = p.Then(Kw(keywords[i]));
        return p;
    }

    /// <summary>Matches a punctuation/operator token.</summary>
    public static Parser<Token, Token> Sym(TokenKind kind) => new TokenMatch(t => t.Kind == kind);

    /// <summary>True when the keyword is present (consumed), false otherwise.</summary>
    public static Parser<Token, bool> Flag(Parser<Token, Token> p) => p.Select(_ => true).Or(Return(false));

    /// <summary>One or more items separated by commas.</summary>
    public static Parser<Token, ImmutableArray<T>> CommaList<T>(Parser<Token, T> item) =>
        item.SeparatedAtLeastOnce(Comma).Select(items => items.ToImmutableArray());

    /// <summary>Zero or more items, as an immutable array.</summary>
    public static Parser<Token, ImmutableArray<T>> ManyArray<T>(Parser<Token, T> item) =>
        item.Many().Select(items => items.ToImmutableArray());

    /// <summary>An optional clause; default(T?) when absent.</summary>
    public static Parser<Token, T?> Opt<T>(Parser<Token, T> p) where T : class =>
        p.Select(v => (T?)v).Or(Return((T?)null));

    /// <summary>An optional list clause; empty when absent.</summary>
    public static Parser<Token, ImmutableArray<T>> OptList<T>(Parser<Token, ImmutableArray<T>> p) =>
        p.Or(Return(ImmutableArray<T>.Empty));

    /// <summary>id: see <see cref="Id"/>.</summary>
    public static bool IsId(Token t) =>
        t.Kind == TokenKind.QuotedIdentifier
        || (t.Kind == TokenKind.Word && (t.Keyword == Keyword.None || t.Keyword == Keyword.Indexed || KeywordTable.CanBeIdentifier(t.Keyword)));

    /// <summary>nm: see <see cref="Name"/>.</summary>
    public static bool IsName(Token t) =>
        IsId(t) || t.Kind == TokenKind.String || (t.Kind == TokenKind.Word && KeywordTable.IsJoinKeyword(t.Keyword));

    /// <summary>ids: see <see cref="AliasWord"/>.</summary>
    public static bool IsAliasWord(Token t) =>
        t.Kind is TokenKind.QuotedIdentifier or TokenKind.String
        || (t.Kind == TokenKind.Word && (t.Keyword == Keyword.None || KeywordTable.CanBeIdentifier(t.Keyword)));
}
