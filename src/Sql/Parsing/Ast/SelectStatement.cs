// SelectStatement.cs — SELECT / VALUES / compound selects, result columns, FROM sources, WITH.
// Small records grouped by statement family (documented exception to one-type-per-file).

using System.Collections.Immutable;

namespace MiniSql.Sql.Parsing.Ast;

/// <summary>
/// A full select: <c>[WITH ..] body [ORDER BY ..] [LIMIT ..]</c>. Used at top level and for every subquery
/// (subquery Start/End are the span inside the parentheses).
/// </summary>
public sealed record SelectStatement(
    WithClause? With,
    SelectBody Body,
    ImmutableArray<OrderingTerm> OrderBy,
    LimitClause? Limit) : Statement;

/// <summary><c>WITH [RECURSIVE] cte, ...</c>.</summary>
public sealed record WithClause(bool Recursive, ImmutableArray<CommonTableExpression> Tables);

/// <summary>MATERIALIZED / NOT MATERIALIZED hint of a CTE.</summary>
public enum MaterializeHint { Default, Materialized, NotMaterialized }

/// <summary><c>name [(columns)] AS [[NOT] MATERIALIZED] (select)</c>; Columns empty when not given.</summary>
public sealed record CommonTableExpression(
    string Name,
    ImmutableArray<string> Columns,
    MaterializeHint Materialize,
    SelectStatement Query);

/// <summary><c>LIMIT count [OFFSET offset]</c>; <c>LIMIT a, b</c> is normalized to Count = b, Offset = a.</summary>
public sealed record LimitClause(Expr Count, Expr? Offset);

/// <summary>Base of the body of a select: one core, a VALUES list, or a compound.</summary>
public abstract record SelectBody;

/// <summary>
/// <c>SELECT [DISTINCT|ALL] columns [FROM ..] [WHERE ..] [GROUP BY ..] [HAVING ..] [WINDOW ..]</c>.
/// From is null when there is no FROM clause.
/// </summary>
public sealed record SelectCore(
    bool Distinct,
    ImmutableArray<ResultColumn> Columns,
    TableSource? From,
    Expr? Where,
    ImmutableArray<Expr> GroupBy,
    Expr? Having,
    ImmutableArray<WindowDefinition> Windows) : SelectBody;

/// <summary><c>VALUES (..), (..)</c>; every row has the same number of expressions (checked by the parser).</summary>
public sealed record ValuesBody(ImmutableArray<ImmutableArray<Expr>> Rows) : SelectBody;

/// <summary>Compound operators.</summary>
public enum CompoundOperator { Union, UnionAll, Intersect, Except }

/// <summary>
/// <c>Left op Right</c>; compounds are left-associative, so Right is always a SelectCore or ValuesBody and a chain
/// a UNION b EXCEPT c is ((a UNION b) EXCEPT c).
/// </summary>
public sealed record CompoundSelect(SelectBody Left, CompoundOperator Operator, SelectBody Right) : SelectBody;

/// <summary><c>WINDOW name AS (spec)</c>.</summary>
public sealed record WindowDefinition(string Name, WindowSpec Spec);

/// <summary>Base of result columns and RETURNING items.</summary>
public abstract record ResultColumn;

/// <summary><c>*</c> (Table null) or <c>tbl.*</c>.</summary>
public sealed record AllColumns(string? Table) : ResultColumn;

/// <summary>
/// <c>expr [[AS] alias]</c>. <paramref name="SourceText"/> is the expression's exact source text, which SQLite uses
/// as the column name when there is no alias.
/// </summary>
public sealed record ExpressionColumn(Expr Expression, string? Alias, string SourceText) : ResultColumn;

/// <summary>Base of FROM-clause items.</summary>
public abstract record TableSource;

/// <summary>INDEXED BY name / NOT INDEXED on a table reference.</summary>
public sealed record IndexHint(string? IndexName)
{
    /// <summary>True for NOT INDEXED (IndexName is then null).</summary>
    public bool NotIndexed => IndexName is null;
}

/// <summary><c>[schema.]table [[AS] alias] [INDEXED BY i | NOT INDEXED]</c>.</summary>
public sealed record TableRef(QualifiedName Name, string? Alias, IndexHint? Index) : TableSource;

/// <summary><c>[schema.]func(args) [[AS] alias]</c> — a table-valued function.</summary>
public sealed record TableFunctionRef(QualifiedName Name, ImmutableArray<Expr> Arguments, string? Alias) : TableSource;

/// <summary><c>(select) [[AS] alias]</c>.</summary>
public sealed record SubquerySource(SelectStatement Query, string? Alias) : TableSource;

/// <summary>Join operators; Comma is "a, b" (an inner join that SQLite may reorder; CROSS may not be reordered).</summary>
public enum JoinKind { Comma, Inner, Cross, Left, Right, Full }

/// <summary>
/// <c>Left [NATURAL] kind JOIN Right [ON expr | USING (cols)]</c>. Joins are left-associative; a parenthesized join
/// appears as a JoinSource on the right.
/// </summary>
public sealed record JoinSource(
    TableSource Left,
    JoinKind Kind,
    bool Natural,
    TableSource Right,
    Expr? On,
    ImmutableArray<string> Using) : TableSource;
