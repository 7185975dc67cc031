// ExpressionGrammar.cs — SQLite expressions (lang_expr): the primaries (literal, parameter, column, function call
// with FILTER/OVER, (expr), (expr, ...), (select), CAST, CASE, EXISTS, RAISE), the IN tail, ORDER BY terms and
// window specifications. Operators and their precedence are in PrecedenceParser. Only parentheses, CASE and
// subqueries recurse; their nesting is bounded by StatementParser before parsing starts.

using System.Collections.Immutable;
using MiniSql.Sql.Parsing.Ast;
using Pidgin;
using static MiniSql.Sql.Parsing.ExprFactory;
using static MiniSql.Sql.Parsing.Lexemes;
using static Pidgin.Parser;

namespace MiniSql.Sql.Parsing;

/// <summary>Expression grammar. Parsers are built once (static readonly) and shared by all threads.</summary>
internal static class ExpressionGrammar
{
    private static readonly Parser<Token, Expr> ExprRec = new StackGuard<Expr>(Rec(() => Expression!));
    private static readonly Parser<Token, SelectStatement> SelectRec = new StackGuard<SelectStatement>(Rec(() => SelectGrammar.Select));

    private static readonly Parser<Token, Expr> Literal =
        new TokenMatch(t => t.Kind is TokenKind.Integer or TokenKind.Float or TokenKind.String or TokenKind.Blob
                || (t.Kind == TokenKind.Word && t.Keyword is Keyword.Null or Keyword.CurrentDate or Keyword.CurrentTime or Keyword.CurrentTimestamp))
            .Select(MakeLiteral);

    private static readonly Parser<Token, Expr> Variable =
        new TokenMatch(t => t.Kind == TokenKind.Variable).Select(t => (Expr)new ParameterExpr(t.Value!, t.ParameterIndex));

    /// <summary>One or more comma-separated expressions.</summary>
    public static readonly Parser<Token, ImmutableArray<Expr>> ExprList = CommaList(ExprRec);

    private static readonly Parser<Token, Expr> Parenthesized =
        LParen.Then(OneOf(
                SelectRec.Select(q => (Expr)new SubqueryExpr(q) { Height = Check(SelectHeight(q)) }),
                ExprList.Select(list => list.Length == 1 ? list[0] : new RowValueExpr(list) { Height = Check(H(list)) })))
            .Before(RParen);

    private static readonly Parser<Token, Token> SignedNumber =
        Sym(TokenKind.Plus).Or(Sym(TokenKind.Minus)).Optional()
            .Then(new TokenMatch(t => t.Kind is TokenKind.Integer or TokenKind.Float));

    private static readonly Parser<Token, Token> TypeWord =
        new TokenMatch(t => IsAliasWord(t) && !t.Is(Keyword.Generated));

    /// <summary>A type name: words plus an optional "(n)" or "(n, m)"; yields its source text.</summary>
    public static readonly Parser<Token, string> TypeName =
        Map((start, _, _, end) => ParseContext.Current.Text(start, end - 1),
            Position,
            TypeWord.AtLeastOnce(),
            LParen.Then(SignedNumber).Then(Comma.Then(SignedNumber).Optional()).Then(RParen).Optional(),
            Position);

    private static readonly Parser<Token, Expr> Cast =
        Try(Kw(Keyword.Cast).Then(LParen))
            .Then(Map((e, type) => (Expr)new CastExpr(e, type) { Height = Check(e.Height) },
                ExprRec.Before(Kw(Keyword.As)),
                TypeName.Or(Return(string.Empty))))
            .Before(RParen);

    private static readonly Parser<Token, WhenClause> When =
        Map((w, t) => new WhenClause(w, t), Kw(Keyword.When).Then(ExprRec), Kw(Keyword.Then).Then(ExprRec));

    private static readonly Parser<Token, Expr> Case =
        Kw(Keyword.Case).Then(Map(
                (operand, whens, otherwise) => (Expr)new CaseExpr(operand, whens, otherwise)
                {
                    Height = Check(Math.Max(Math.Max(H(operand), H(otherwise)), WhenHeight(whens))),
                },
                Opt(ExprRec),
                When.AtLeastOnce().Select(w => w.ToImmutableArray()),
                Opt(Kw(Keyword.Else).Then(ExprRec))))
            .Before(Kw(Keyword.End));

    private static readonly Parser<Token, Expr> Exists =
        Kw(Keyword.Exists).Then(LParen).Then(SelectRec).Before(RParen)
            .Select(q => (Expr)new ExistsExpr(q) { Height = Check(SelectHeight(q)) });

    private static readonly Parser<Token, Expr> Raise =
        Try(Kw(Keyword.Raise).Then(LParen))
            .Then(OneOf(
                Kw(Keyword.Ignore).Select(_ => (Expr)new RaiseExpr(RaiseKind.Ignore, null)),
                Map((kind, message) => (Expr)new RaiseExpr(kind, message) { Height = Check(message.Height) },
                    OneOf(
                        Kw(Keyword.Rollback).Select(_ => RaiseKind.Rollback),
                        Kw(Keyword.Abort).Select(_ => RaiseKind.Abort),
                        Kw(Keyword.Fail).Select(_ => RaiseKind.Fail)),
                    Comma.Then(ExprRec))))
            .Before(RParen);

    /// <summary><c>expr [ASC|DESC] [NULLS FIRST|LAST]</c>.</summary>
    public static readonly Parser<Token, OrderingTerm> OrderingTerm =
        Map((e, desc, nulls) => new OrderingTerm(e, desc, nulls),
            ExprRec,
            OneOf(Kw(Keyword.Asc).Select(_ => false), Kw(Keyword.Desc).Select(_ => true), Return(false)),
            Kw(Keyword.Nulls).Then(OneOf(
                    Kw(Keyword.First).Select(_ => NullsOrder.First),
                    Kw(Keyword.Last).Select(_ => NullsOrder.Last)))
                .Or(Return(NullsOrder.Default)));

    /// <summary><c>ORDER BY term, ...</c>.</summary>
    public static readonly Parser<Token, ImmutableArray<OrderingTerm>> OrderBy =
        Kw(Keyword.Order).Then(Kw(Keyword.By)).Then(CommaList(OrderingTerm));

    private static readonly Parser<Token, FrameBound> FrameBound =
        OneOf(
            Try(Kw(Keyword.Unbounded).Then(Kw(Keyword.Preceding))).Select(_ => new FrameBound(FrameBoundKind.UnboundedPreceding, null)),
            Try(Kw(Keyword.Unbounded).Then(Kw(Keyword.Following))).Select(_ => new FrameBound(FrameBoundKind.UnboundedFollowing, null)),
            Try(Kw(Keyword.Current).Then(Kw(Keyword.Row))).Select(_ => new FrameBound(FrameBoundKind.CurrentRow, null)),
            Map((e, kind) => new FrameBound(kind, e),
                ExprRec,
                OneOf(
                    Kw(Keyword.Preceding).Select(_ => FrameBoundKind.Preceding),
                    Kw(Keyword.Following).Select(_ => FrameBoundKind.Following))));

    private static readonly Parser<Token, WindowFrame> Frame =
        Map((unit, extent, exclude) => new WindowFrame(unit, extent.Start, extent.End, exclude),
            OneOf(
                Kw(Keyword.Range).Select(_ => FrameUnit.Range),
                Kw(Keyword.Rows).Select(_ => FrameUnit.Rows),
                Kw(Keyword.Groups).Select(_ => FrameUnit.Groups)),
            OneOf(
                Kw(Keyword.Between).Then(Map((s, e) => (Start: s, End: (FrameBound?)e), FrameBound, Kw(Keyword.And).Then(FrameBound))),
                FrameBound.Select(b => (Start: b, End: (FrameBound?)null))),
            Kw(Keyword.Exclude).Then(OneOf(
                    Kw(Keyword.No).Then(Kw(Keyword.Others)).Select(_ => FrameExclude.NoOthers),
                    Kw(Keyword.Current).Then(Kw(Keyword.Row)).Select(_ => FrameExclude.CurrentRow),
                    Kw(Keyword.Group).Select(_ => FrameExclude.Group),
                    Kw(Keyword.Ties).Select(_ => FrameExclude.Ties)))
                .Or(Return(FrameExclude.NoOthers)));

    private static readonly Parser<Token, string> WindowBaseName =
        new TokenMatch(t => IsId(t) && !(t.Kind == TokenKind.Word && t.Keyword is Keyword.Partition or Keyword.Range or Keyword.Rows or Keyword.Groups))
            .Select(t => t.Value!);

    /// <summary>The inside of a window's parentheses: <c>[base] [PARTITION BY ..] [ORDER BY ..] [frame]</c>.</summary>
    public static readonly Parser<Token, WindowSpec> WindowSpecBody =
        Map((baseName, partition, order, frame) => new WindowSpec(baseName, partition, order, frame),
            Opt(WindowBaseName),
            OptList(Kw(Keyword.Partition).Then(Kw(Keyword.By)).Then(ExprList)),
            OptList(OrderBy),
            Opt(Frame));

    private static readonly Parser<Token, WindowSpec> Over =
        Kw(Keyword.Over).Then(OneOf(
            Id.Select(name => new WindowSpec(name, [], [], null)),
            WindowSpecBody.Between(LParen, RParen)));

    private static readonly Parser<Token, Expr> Filter =
        Kw(Keyword.Filter).Then(LParen).Then(Kw(Keyword.Where)).Then(ExprRec).Before(RParen);

    private static readonly Parser<Token, (bool Distinct, ImmutableArray<Expr> Args, bool Star, ImmutableArray<OrderingTerm> Order)> FunctionArguments =
        OneOf(
            Star.Select(_ => (false, ImmutableArray<Expr>.Empty, true, ImmutableArray<OrderingTerm>.Empty)),
            Map((distinct, args, order) => (distinct, args, false, order),
                OneOf(Kw(Keyword.Distinct).Select(_ => true), Kw(Keyword.All).Select(_ => false), Return(false)),
                OptList(ExprList),
                OptList(OrderBy)));

    private static readonly Parser<Token, Token> FunctionNameToken =
        new TokenMatch(t => IsId(t) || (t.Kind == TokenKind.Word && KeywordTable.IsJoinKeyword(t.Keyword)));

    private static readonly Parser<Token, Expr> FunctionCall =
        Map((name, args, filter, over) => (Expr)new FunctionCall(name.Value!, args.Distinct, args.Args, args.Star, args.Order, filter, over)
            {
                Height = Check(Math.Max(Math.Max(H(args.Args), H(filter)), OrderHeight(args.Order))),
            },
            Try(FunctionNameToken.Before(LParen)),
            FunctionArguments.Before(RParen),
            Opt(Filter),
            Opt(Over));

    private static readonly Parser<Token, Expr> ColumnRef =
        Map((first, rest) => MakeColumn(first, rest),
            FunctionNameToken,
            Dot.Then(Map((second, third) => (Second: second, Third: third), Name, Dot.Then(Name).Optional())).Optional());

    private static readonly Parser<Token, Expr> Primary =
        OneOf(Literal, Variable, Parenthesized, Cast, Case, Exists, Raise, FunctionCall, ColumnRef);

    private static readonly Parser<Token, Func<Expr, bool, Expr>> InTail =
        Kw(Keyword.In).Then(OneOf(
            LParen.Then(OneOf(
                RParen.Select(_ => (Func<Expr, bool, Expr>)((left, not) =>
                    new InListExpr(left, not, []) { Height = Check(left.Height) })),
                SelectRec.Before(RParen).Select(q => (Func<Expr, bool, Expr>)((left, not) =>
                    new InSelectExpr(left, not, q) { Height = Check(Math.Max(left.Height, SelectHeight(q))) })),
                ExprList.Before(RParen).Select(list => (Func<Expr, bool, Expr>)((left, not) =>
                    new InListExpr(left, not, list) { Height = Check(Math.Max(left.Height, H(list))) })))),
            Map((table, args) => (Func<Expr, bool, Expr>)((left, not) =>
                    new InTableExpr(left, not, table, args.HasValue ? args.Value : null)
                    {
                        Height = Check(Math.Max(left.Height, args.HasValue ? H(args.Value) : 0)),
                    }),
                ObjectName,
                LParen.Then(OptList(ExprList)).Before(RParen).Optional())));

    /// <summary>A full expression (operators by precedence climbing over <see cref="Primary"/>).</summary>
    public static readonly Parser<Token, Expr> Expression = new PrecedenceParser(Primary, Name, InTail);

    private static int WhenHeight(ImmutableArray<WhenClause> whens)
    {
        int max = 0;
        foreach (WhenClause w in whens) max = Math.Max(max, Math.Max(w.When.Height, w.Then.Height));
        return max;
    }

    private static int OrderHeight(ImmutableArray<OrderingTerm> terms)
    {
        int max = 0;
        foreach (OrderingTerm t in terms) max = Math.Max(max, t.Expression.Height);
        return max;
    }

    private static Expr MakeLiteral(Token t) => t.Kind switch
    {
        TokenKind.Integer or TokenKind.Float => Number(t),
        TokenKind.String => new StringLiteral(t.Value!),
        TokenKind.Blob => Blob(t),
        _ => t.Keyword switch
        {
            Keyword.Null => NullLiteral.Instance,
            Keyword.CurrentDate => new CurrentTimeLiteral(CurrentTimeKind.Date),
            Keyword.CurrentTime => new CurrentTimeLiteral(CurrentTimeKind.Time),
            _ => new CurrentTimeLiteral(CurrentTimeKind.Timestamp),
        },
    };

    private static Expr MakeColumn(Token first, Maybe<(string Second, Maybe<string> Third)> rest)
    {
        string name = first.Value!;
        if (!rest.HasValue)
        {
            if (first.Kind == TokenKind.Word && first.Keyword == Keyword.None)
            {
                if (name.Equals("true", StringComparison.OrdinalIgnoreCase)) return new BoolLiteral(true);
                if (name.Equals("false", StringComparison.OrdinalIgnoreCase)) return new BoolLiteral(false);
            }
            bool doubleQuoted = first.Kind == TokenKind.QuotedIdentifier && ParseContext.Current.Sql[first.Start] == '"';
            return new ColumnRef(null, null, name, doubleQuoted);
        }
        (string second, Maybe<string> third) = rest.Value;
        // SQLite parses a.b as a DOT node over two names (height 2), s.a.b as two DOT nodes (height 3).
        return third.HasValue ? new ColumnRef(name, second, third.Value) { Height = 3 } : new ColumnRef(null, name, second) { Height = 2 };
    }
}
