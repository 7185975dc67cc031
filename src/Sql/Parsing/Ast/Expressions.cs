// Expressions.cs — expression nodes of the SQL syntax tree ("SQL As Understood By SQLite": expr).
//
// Small immutable records grouped in one file per statement family (documented exception to one-type-per-file).
// Parentheses do not create nodes: "(a)" is just "a"; a parenthesized list of two or more is a RowValueExpr.
// Source text of result-column expressions is kept on ExpressionColumn (SQLite names columns after it).

using System.Collections.Immutable;

namespace MiniSql.Sql.Parsing.Ast;

/// <summary>Base of every expression node. Immutable.</summary>
public abstract record Expr
{
    /// <summary>Height of the tree rooted here (leaf = 1), maintained by the parser for the depth limit.</summary>
    internal int Height { get; init; } = 1;
}

/// <summary>The NULL literal.</summary>
public sealed record NullLiteral : Expr
{
    /// <summary>The shared instance.</summary>
    public static readonly NullLiteral Instance = new();
}

/// <summary>An integer literal that fits in 64 bits (decimal or hex); <paramref name="Text"/> is the source text.</summary>
public sealed record IntegerLiteral(long Value, string Text) : Expr;

/// <summary>A floating point literal, or a decimal integer too big for 64 bits (becomes REAL as in SQLite).</summary>
public sealed record RealLiteral(double Value, string Text) : Expr;

/// <summary>A string literal '...' with the '' escapes already removed.</summary>
public sealed record StringLiteral(string Value) : Expr;

/// <summary>A blob literal x'..' (decoded bytes).</summary>
public sealed record BlobLiteral(byte[] Value) : Expr
{
    /// <inheritdoc />
    public bool Equals(BlobLiteral? other) => other is not null && Value.AsSpan().SequenceEqual(other.Value);

    /// <inheritdoc />
    public override int GetHashCode() => Value.Length;
}

/// <summary>TRUE or FALSE (SQLite: aliases for 1 and 0 unless a column of that name is in scope).</summary>
public sealed record BoolLiteral(bool Value) : Expr;

/// <summary>CURRENT_TIME, CURRENT_DATE or CURRENT_TIMESTAMP.</summary>
public sealed record CurrentTimeLiteral(CurrentTimeKind Kind) : Expr;

/// <summary>Which of CURRENT_TIME / CURRENT_DATE / CURRENT_TIMESTAMP.</summary>
public enum CurrentTimeKind { Time, Date, Timestamp }

/// <summary>
/// A column reference <c>col</c>, <c>tbl.col</c> or <c>schema.tbl.col</c>. <paramref name="DoubleQuoted"/> is true
/// when a lone name was written in double quotes (SQLite then falls back to a string literal if no column matches).
/// </summary>
public sealed record ColumnRef(string? Schema, string? Table, string Column, bool DoubleQuoted = false) : Expr;

/// <summary>
/// A bound parameter. <paramref name="Name"/> is the token text (<c>?</c>, <c>?3</c>, <c>:a</c>, <c>@a</c>, <c>$a</c>);
/// <paramref name="Index"/> is the 1-based index SQLite assigns (? = next; ?NNN = NNN; a name gets an index on
/// first appearance and keeps it).
/// </summary>
public sealed record ParameterExpr(string Name, int Index) : Expr;

/// <summary>Prefix operators.</summary>
public enum UnaryOperator { Negate, Plus, BitNot, Not }

/// <summary>A prefix operator applied to an operand.</summary>
public sealed record UnaryExpr(UnaryOperator Operator, Expr Operand) : Expr;

/// <summary>Binary operators. IS DISTINCT FROM maps to IsNot, IS NOT DISTINCT FROM to Is; == maps to Equal.</summary>
public enum BinaryOperator
{
    Or, And,
    Equal, NotEqual, Is, IsNot,
    Less, LessOrEqual, Greater, GreaterOrEqual,
    BitAnd, BitOr, ShiftLeft, ShiftRight,
    Add, Subtract, Multiply, Divide, Remainder,
    Concat, JsonExtract, JsonExtractText,
}

/// <summary>A binary operator applied to two operands.</summary>
public sealed record BinaryExpr(BinaryOperator Operator, Expr Left, Expr Right) : Expr;

/// <summary><c>x COLLATE name</c>.</summary>
public sealed record CollateExpr(Expr Operand, string Collation) : Expr;

/// <summary><c>CAST(x AS type)</c>; <paramref name="TypeName"/> is the type as written (may be empty).</summary>
public sealed record CastExpr(Expr Operand, string TypeName) : Expr;

/// <summary>The pattern-matching operators.</summary>
public enum LikeOperator { Like, Glob, Match, Regexp }

/// <summary><c>x [NOT] LIKE|GLOB|MATCH|REGEXP pattern [ESCAPE e]</c>.</summary>
public sealed record LikeExpr(LikeOperator Operator, bool Not, Expr Operand, Expr Pattern, Expr? Escape) : Expr;

/// <summary><c>x [NOT] BETWEEN low AND high</c>.</summary>
public sealed record BetweenExpr(Expr Operand, bool Not, Expr Low, Expr High) : Expr;

/// <summary><c>x [NOT] IN (e1, e2, ...)</c> (the list may be empty).</summary>
public sealed record InListExpr(Expr Operand, bool Not, ImmutableArray<Expr> Items) : Expr;

/// <summary><c>x [NOT] IN (select)</c>.</summary>
public sealed record InSelectExpr(Expr Operand, bool Not, SelectStatement Query) : Expr;

/// <summary><c>x [NOT] IN [schema.]table</c> or a table-valued function <c>IN f(args)</c> (Arguments non-default).</summary>
public sealed record InTableExpr(Expr Operand, bool Not, QualifiedName Table, ImmutableArray<Expr>? Arguments) : Expr;

/// <summary><c>x ISNULL</c>, <c>x NOTNULL</c>, <c>x NOT NULL</c> (<c>x IS NULL</c> stays a BinaryExpr Is).</summary>
public sealed record NullTestExpr(Expr Operand, bool IsNotNull) : Expr;

/// <summary>One WHEN ... THEN ... arm of a CASE.</summary>
public sealed record WhenClause(Expr When, Expr Then);

/// <summary><c>CASE [operand] WHEN .. THEN .. [ELSE ..] END</c>.</summary>
public sealed record CaseExpr(Expr? Operand, ImmutableArray<WhenClause> Whens, Expr? Else) : Expr;

/// <summary><c>EXISTS (select)</c> (NOT EXISTS is a UnaryExpr Not around it).</summary>
public sealed record ExistsExpr(SelectStatement Query) : Expr;

/// <summary>A scalar subquery <c>(select)</c>.</summary>
public sealed record SubqueryExpr(SelectStatement Query) : Expr;

/// <summary>A parenthesized list of two or more expressions (a row value).</summary>
public sealed record RowValueExpr(ImmutableArray<Expr> Items) : Expr;

/// <summary>The action of RAISE(...).</summary>
public enum RaiseKind { Ignore, Rollback, Abort, Fail }

/// <summary><c>RAISE(IGNORE)</c> or <c>RAISE(ROLLBACK|ABORT|FAIL, message)</c>.</summary>
public sealed record RaiseExpr(RaiseKind Kind, Expr? Message) : Expr;

/// <summary>
/// A function call <c>name([DISTINCT] args [ORDER BY ..]) [FILTER (WHERE ..)] [OVER ..]</c>. <paramref name="Star"/> is
/// true for <c>count(*)</c> (Arguments then empty). Name is as written (compare case-insensitively).
/// </summary>
public sealed record FunctionCall(
    string Name,
    bool Distinct,
    ImmutableArray<Expr> Arguments,
    bool Star,
    ImmutableArray<OrderingTerm> OrderBy,
    Expr? Filter,
    WindowSpec? Over) : Expr;

/// <summary>
/// A window specification: <c>OVER name</c> (only BaseName set) or <c>OVER ([base] [PARTITION BY ..] [ORDER BY ..] [frame])</c>.
/// </summary>
public sealed record WindowSpec(
    string? BaseName,
    ImmutableArray<Expr> PartitionBy,
    ImmutableArray<OrderingTerm> OrderBy,
    WindowFrame? Frame);

/// <summary>ROWS, RANGE or GROUPS.</summary>
public enum FrameUnit { Rows, Range, Groups }

/// <summary>Kinds of window frame boundary.</summary>
public enum FrameBoundKind { UnboundedPreceding, Preceding, CurrentRow, Following, UnboundedFollowing }

/// <summary>EXCLUDE clause of a window frame.</summary>
public enum FrameExclude { NoOthers, CurrentRow, Group, Ties }

/// <summary>One frame boundary; <paramref name="Offset"/> is set for Preceding/Following.</summary>
public sealed record FrameBound(FrameBoundKind Kind, Expr? Offset);

/// <summary>A window frame <c>units BETWEEN start AND end</c> or <c>units start</c> (End null).</summary>
public sealed record WindowFrame(FrameUnit Unit, FrameBound Start, FrameBound? End, FrameExclude Exclude);

/// <summary>NULLS FIRST / NULLS LAST, or unspecified.</summary>
public enum NullsOrder { Default, First, Last }

/// <summary>An ORDER BY term; a COLLATE is part of the expression (CollateExpr).</summary>
public sealed record OrderingTerm(Expr Expression, bool Descending, NullsOrder Nulls);

/// <summary>A possibly schema-qualified object name; names are as written (unquoted).</summary>
public sealed record QualifiedName(string? Schema, string Name)
{
    /// <inheritdoc />
    public override string ToString() => Schema is null ? Name : Schema + "." + Name;
}
