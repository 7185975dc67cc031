// SelectGrammar.cs — SELECT (lang_select): WITH, compound operators, VALUES, result columns, FROM/joins, WHERE,
// GROUP BY, HAVING, WINDOW, ORDER BY, LIMIT.

using System.Collections.Immutable;
using MiniSql.Sql.Parsing.Ast;
using Pidgin;
using static MiniSql.Sql.Parsing.Lexemes;
using static Pidgin.Parser;

namespace MiniSql.Sql.Parsing;

using Statement = MiniSql.Sql.Parsing.Ast.Statement;

/// <summary>SELECT grammar. Parsers are built once (static readonly) and shared by all threads.</summary>
internal static class SelectGrammar
{
    /// <summary>SQLITE_MAX_COMPOUND_SELECT.</summary>
    public const int MaxCompoundTerms = 500;

    private static readonly Parser<Token, Expr> Expr = ExpressionGrammar.Expression;
    private static readonly Parser<Token, SelectStatement> SelectRec = new StackGuard<SelectStatement>(Rec(() => Select!));
    private static readonly Parser<Token, TableSource> JoinSourceRec = new StackGuard<TableSource>(Rec(() => JoinSource!));

    /// <summary>One result column (also used for RETURNING).</summary>
    public static readonly Parser<Token, ResultColumn> ResultColumn =
        OneOf(
            Star.Select(_ => (ResultColumn)new AllColumns(null)),
            Try(Name.Before(Dot).Before(Star)).Select(t => (ResultColumn)new AllColumns(t)),
            Map((start, e, end, alias) => (ResultColumn)new ExpressionColumn(e, alias, ParseContext.Current.Text(start, end - 1)),
                Position, Expr, Position, OptionalAlias));

    /// <summary>Comma-separated result columns.</summary>
    public static readonly Parser<Token, ImmutableArray<ResultColumn>> ResultColumns = CommaList(ResultColumn);

    /// <summary><c>RETURNING columns</c>, or empty.</summary>
    public static readonly Parser<Token, ImmutableArray<ResultColumn>> Returning =
        OptList(Kw(Keyword.Returning).Then(ResultColumns));

    /// <summary><c>INDEXED BY name</c> or <c>NOT INDEXED</c>.</summary>
    public static readonly Parser<Token, IndexHint> IndexHint =
        OneOf(
            Kw(Keyword.Indexed).Then(Kw(Keyword.By)).Then(Name).Select(n => new IndexHint(n)),
            Kw(Keyword.Not).Then(Kw(Keyword.Indexed)).Select(_ => new IndexHint(null)));

    private static readonly Parser<Token, TableSource> SingleSource =
        OneOf(
            LParen.Then(OneOf(
                Map((q, alias) => (TableSource)new SubquerySource(q, alias), SelectRec.Before(RParen), OptionalAlias),
                JoinSourceRec.Before(RParen))),
            Map((name, rest) => rest(name),
                ObjectName,
                OneOf(
                    Map((args, alias) => (Func<QualifiedName, TableSource>)(n => new TableFunctionRef(n, args, alias)),
                        LParen.Then(OptList(ExpressionGrammar.ExprList)).Before(RParen),
                        OptionalAlias),
                    Map((alias, hint) => (Func<QualifiedName, TableSource>)(n => new TableRef(n, alias, hint)),
                        OptionalAlias,
                        Opt(IndexHint)))));

    private static readonly Parser<Token, JoinKind> JoinKindWords =
        OneOf(
            Kw(Keyword.Left).Then(Kw(Keyword.Outer).Optional()).Select(_ => JoinKind.Left),
            Kw(Keyword.Right).Then(Kw(Keyword.Outer).Optional()).Select(_ => JoinKind.Right),
            Kw(Keyword.Full).Then(Kw(Keyword.Outer).Optional()).Select(_ => JoinKind.Full),
            Kw(Keyword.Inner).Select(_ => JoinKind.Inner),
            Kw(Keyword.Cross).Select(_ => JoinKind.Cross),
            Return(JoinKind.Inner));

    private static readonly Parser<Token, (JoinKind Kind, bool Natural)> JoinOperator =
        OneOf(
            Comma.Select(_ => (JoinKind.Comma, false)),
            Map((natural, kind) => (kind, natural), Flag(Kw(Keyword.Natural)), JoinKindWords.Before(Kw(Keyword.Join))));

    private static readonly Parser<Token, (Expr? On, ImmutableArray<string> Using)> JoinConstraint =
        OneOf(
            Kw(Keyword.On).Then(Expr).Select(e => ((Expr?)e, ImmutableArray<string>.Empty)),
            Kw(Keyword.Using).Then(NameList).Select(names => ((Expr?)null, names)),
            Return(((Expr?)null, ImmutableArray<string>.Empty)));

    /// <summary>A FROM clause's source: tables, subqueries and joins, folded left.</summary>
    public static readonly Parser<Token, TableSource> JoinSource =
        Map((first, rest) =>
            {
                foreach (var (op, right, constraint) in rest)
                    first = new JoinSource(first, op.Kind, op.Natural, right, constraint.On, constraint.Using);
                return first;
            },
            SingleSource,
            Map((op, right, constraint) => (op, right, constraint), JoinOperator, SingleSource, JoinConstraint).Many());

    private static readonly Parser<Token, bool> DistinctFlag =
        OneOf(Kw(Keyword.Distinct).Select(_ => true), Kw(Keyword.All).Select(_ => false), Return(false));

    private static readonly Parser<Token, WindowDefinition> WindowDefinition =
        Map((name, spec) => new WindowDefinition(name, spec),
            Name,
            Kw(Keyword.As).Then(ExpressionGrammar.WindowSpecBody.Between(LParen, RParen)));

    private static readonly Parser<Token, SelectBody> SelectCore =
        Map((distinct, columns, from, where, groupBy, having, windows) =>
                (SelectBody)new SelectCore(distinct, columns, from, where, groupBy, having, windows),
            Kw(Keyword.Select).Then(DistinctFlag),
            ResultColumns,
            Opt(Kw(Keyword.From).Then(JoinSource)),
            Opt(Kw(Keyword.Where).Then(Expr)),
            OptList(Kw(Keyword.Group).Then(Kw(Keyword.By)).Then(ExpressionGrammar.ExprList)),
            Opt(Kw(Keyword.Having).Then(Expr)),
            OptList(Kw(Keyword.Window).Then(CommaList(WindowDefinition))));

    private static readonly Parser<Token, SelectBody> Values =
        Kw(Keyword.Values)
            .Then(CommaList(ExpressionGrammar.ExprList.Between(LParen, RParen)))
            .Select(rows =>
            {
                foreach (ImmutableArray<Expr> row in rows)
                {
                    if (row.Length != rows[0].Length)
                        throw new MiniSqlException(ResultCode.Error, "all VALUES must have the same number of terms");
                }
                return (SelectBody)new ValuesBody(rows);
            });

    private static readonly Parser<Token, SelectBody> SimpleBody = SelectCore.Or(Values);

    private static readonly Parser<Token, CompoundOperator> CompoundOperator =
        OneOf(
            Kw(Keyword.Union).Then(Flag(Kw(Keyword.All))).Select(all => all ? Ast.CompoundOperator.UnionAll : Ast.CompoundOperator.Union),
            Kw(Keyword.Intersect).Select(_ => Ast.CompoundOperator.Intersect),
            Kw(Keyword.Except).Select(_ => Ast.CompoundOperator.Except));

    private static readonly Parser<Token, SelectBody> Body =
        Map((first, rest) =>
            {
                int terms = 1;
                foreach (var (op, right) in rest)
                {
                    if (++terms > MaxCompoundTerms)
                        throw new MiniSqlException(ResultCode.Error, "too many terms in compound SELECT");
                    first = new CompoundSelect(first, op, right);
                }
                return first;
            },
            SimpleBody,
            Map((op, right) => (op, right), CompoundOperator, SimpleBody).Many());

    private static readonly Parser<Token, LimitClause> Limit =
        Kw(Keyword.Limit).Then(Map(
            (first, second) => !second.HasValue ? new LimitClause(first, null)
                : second.Value.IsOffset ? new LimitClause(first, second.Value.Value)
                : new LimitClause(second.Value.Value, first),
            Expr,
            OneOf(
                Kw(Keyword.Offset).Then(Expr).Select(e => (IsOffset: true, Value: e)),
                Comma.Then(Expr).Select(e => (IsOffset: false, Value: e))).Optional()));

    private static readonly Parser<Token, MaterializeHint> Materialize =
        OneOf(
            Kw(Keyword.Materialized).Select(_ => MaterializeHint.Materialized),
            Kw(Keyword.Not).Then(Kw(Keyword.Materialized)).Select(_ => MaterializeHint.NotMaterialized),
            Return(MaterializeHint.Default));

    private static readonly Parser<Token, CommonTableExpression> CommonTable =
        Map((name, columns, hint, query) => new CommonTableExpression(name, columns, hint, query),
            Name,
            OptList(NameList),
            Kw(Keyword.As).Then(Materialize),
            SelectRec.Between(LParen, RParen));

    /// <summary><c>WITH [RECURSIVE] cte, ...</c>.</summary>
    public static readonly Parser<Token, WithClause> With =
        Kw(Keyword.With).Then(Map((recursive, tables) => new WithClause(recursive, tables),
            Flag(Kw(Keyword.Recursive)),
            CommaList(CommonTable)));

    /// <summary>A select without its WITH clause (the statement grammar attaches a leading WITH).</summary>
    public static readonly Parser<Token, SelectStatement> SelectWithoutWith =
        Spanned(Map((body, order, limit) => new SelectStatement(null, body, order, limit),
            Body,
            OptList(ExpressionGrammar.OrderBy),
            Opt(Limit)));

    /// <summary>A full select statement (also every subquery), with its source span.</summary>
    public static readonly Parser<Token, SelectStatement> Select =
        Spanned(Map((with, select) => with is null ? select : select with { With = with },
            Opt(With),
            SelectWithoutWith));

    /// <summary>Sets Start/End of a statement from the tokens it consumed.</summary>
    public static Parser<Token, T> Spanned<T>(Parser<Token, T> p) where T : Statement =>
        Map((start, value, end) =>
            {
                Token[] tokens = ParseContext.Current.Tokens;
                return value with { Start = tokens[start].Start, End = tokens[end - 1].End };
            },
            Position, p, Position);
}
