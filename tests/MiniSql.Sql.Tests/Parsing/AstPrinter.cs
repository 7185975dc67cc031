using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Tests.Parsing;

using Statement = MiniSql.Sql.Parsing.Ast.Statement;

/// <summary>Prints expressions fully parenthesized and statements in a compact canonical form, for golden tests.</summary>
internal static class AstPrinter
{
    public static string Print(Expr e) => e switch
    {
        NullLiteral => "NULL",
        IntegerLiteral i => i.Value.ToString(CultureInfo.InvariantCulture),
        RealLiteral r => "R" + r.Value.ToString("R", CultureInfo.InvariantCulture),
        StringLiteral s => "'" + s.Value.Replace("'", "''") + "'",
        BlobLiteral b => "X'" + Convert.ToHexString(b.Value) + "'",
        BoolLiteral b => b.Value ? "TRUE" : "FALSE",
        CurrentTimeLiteral c => "CURRENT_" + c.Kind.ToString().ToUpperInvariant(),
        ColumnRef c => (c.Schema is null ? "" : c.Schema + ".") + (c.Table is null ? "" : c.Table + ".") + c.Column + (c.DoubleQuoted ? "\"" : ""),
        ParameterExpr p => p.Name + "#" + p.Index,
        UnaryExpr u => "(" + UnaryText(u.Operator) + Print(u.Operand) + ")",
        BinaryExpr b => "(" + Print(b.Left) + " " + BinaryText(b.Operator) + " " + Print(b.Right) + ")",
        CollateExpr c => "(" + Print(c.Operand) + " COLLATE " + c.Collation + ")",
        CastExpr c => "CAST(" + Print(c.Operand) + " AS " + c.TypeName + ")",
        LikeExpr l => "(" + Print(l.Operand) + (l.Not ? " NOT " : " ") + l.Operator.ToString().ToUpperInvariant() + " " + Print(l.Pattern)
            + (l.Escape is null ? "" : " ESCAPE " + Print(l.Escape)) + ")",
        BetweenExpr b => "(" + Print(b.Operand) + (b.Not ? " NOT" : "") + " BETWEEN " + Print(b.Low) + " AND " + Print(b.High) + ")",
        InListExpr i => "(" + Print(i.Operand) + (i.Not ? " NOT" : "") + " IN (" + List(i.Items) + "))",
        InSelectExpr i => "(" + Print(i.Operand) + (i.Not ? " NOT" : "") + " IN (" + Print(i.Query) + "))",
        InTableExpr i => "(" + Print(i.Operand) + (i.Not ? " NOT" : "") + " IN " + i.Table + (i.Arguments is { } a ? "(" + List(a) + ")" : "") + ")",
        NullTestExpr n => "(" + Print(n.Operand) + (n.IsNotNull ? " NOTNULL" : " ISNULL") + ")",
        CaseExpr c => "CASE" + (c.Operand is null ? "" : " " + Print(c.Operand))
            + string.Concat(c.Whens.Select(w => " WHEN " + Print(w.When) + " THEN " + Print(w.Then)))
            + (c.Else is null ? "" : " ELSE " + Print(c.Else)) + " END",
        ExistsExpr x => "EXISTS(" + Print(x.Query) + ")",
        SubqueryExpr s => "(" + Print(s.Query) + ")",
        RowValueExpr r => "(" + List(r.Items) + ")",
        RaiseExpr r => "RAISE(" + r.Kind.ToString().ToUpperInvariant() + (r.Message is null ? "" : ", " + Print(r.Message)) + ")",
        FunctionCall f => f.Name + "(" + (f.Distinct ? "DISTINCT " : "") + (f.Star ? "*" : List(f.Arguments))
            + (f.OrderBy.IsDefaultOrEmpty ? "" : " ORDER BY " + Orders(f.OrderBy)) + ")"
            + (f.Filter is null ? "" : " FILTER (WHERE " + Print(f.Filter) + ")")
            + (f.Over is null ? "" : " OVER " + Window(f.Over)),
        _ => throw new InvalidOperationException(e.GetType().Name),
    };

    public static string Print(Statement s) => s switch
    {
        SelectStatement q => (q.With is null ? "" : With(q.With)) + Body(q.Body)
            + (q.OrderBy.IsDefaultOrEmpty ? "" : " ORDER BY " + Orders(q.OrderBy))
            + (q.Limit is null ? "" : " LIMIT " + Print(q.Limit.Count) + (q.Limit.Offset is null ? "" : " OFFSET " + Print(q.Limit.Offset))),
        _ => s.GetType().Name,
    };

    private static string With(WithClause w) =>
        "WITH " + (w.Recursive ? "RECURSIVE " : "") + string.Join(", ", w.Tables.Select(t =>
            t.Name + (t.Columns.IsDefaultOrEmpty ? "" : "(" + string.Join(",", t.Columns) + ")") + " AS (" + Print(t.Query) + ")")) + " ";

    private static string Body(SelectBody b) => b switch
    {
        CompoundSelect c => Body(c.Left) + " " + (c.Operator == CompoundOperator.UnionAll ? "UNION ALL" : c.Operator.ToString().ToUpperInvariant()) + " " + Body(c.Right),
        ValuesBody v => "VALUES " + string.Join(", ", v.Rows.Select(r => "(" + List(r) + ")")),
        SelectCore c => "SELECT " + (c.Distinct ? "DISTINCT " : "") + string.Join(", ", c.Columns.Select(Column))
            + (c.From is null ? "" : " FROM " + Source(c.From))
            + (c.Where is null ? "" : " WHERE " + Print(c.Where))
            + (c.GroupBy.IsDefaultOrEmpty ? "" : " GROUP BY " + List(c.GroupBy))
            + (c.Having is null ? "" : " HAVING " + Print(c.Having)),
        _ => throw new InvalidOperationException(),
    };

    public static string Column(ResultColumn c) => c switch
    {
        AllColumns a => a.Table is null ? "*" : a.Table + ".*",
        ExpressionColumn e => Print(e.Expression) + (e.Alias is null ? "" : " AS " + e.Alias),
        _ => throw new InvalidOperationException(),
    };

    public static string Source(TableSource s) => s switch
    {
        TableRef t => t.Name + (t.Alias is null ? "" : " AS " + t.Alias)
            + (t.Index is null ? "" : t.Index.NotIndexed ? " NOT INDEXED" : " INDEXED BY " + t.Index.IndexName),
        TableFunctionRef f => f.Name + "(" + List(f.Arguments) + ")" + (f.Alias is null ? "" : " AS " + f.Alias),
        SubquerySource q => "(" + Print(q.Query) + ")" + (q.Alias is null ? "" : " AS " + q.Alias),
        JoinSource j => "[" + Source(j.Left) + (j.Kind == JoinKind.Comma ? ", " : " " + (j.Natural ? "NATURAL " : "") + j.Kind.ToString().ToUpperInvariant() + " JOIN ")
            + Source(j.Right) + (j.On is null ? "" : " ON " + Print(j.On))
            + (j.Using.IsDefaultOrEmpty ? "" : " USING (" + string.Join(",", j.Using) + ")") + "]",
        _ => throw new InvalidOperationException(),
    };

    private static string Window(WindowSpec w)
    {
        var sb = new StringBuilder("(");
        if (w.BaseName is not null) sb.Append(w.BaseName);
        if (!w.PartitionBy.IsDefaultOrEmpty) sb.Append(" PARTITION BY ").Append(List(w.PartitionBy));
        if (!w.OrderBy.IsDefaultOrEmpty) sb.Append(" ORDER BY ").Append(Orders(w.OrderBy));
        if (w.Frame is { } f)
        {
            sb.Append(' ').Append(f.Unit.ToString().ToUpperInvariant()).Append(' ').Append(Bound(f.Start));
            if (f.End is not null) sb.Append(" AND ").Append(Bound(f.End));
            if (f.Exclude != FrameExclude.NoOthers) sb.Append(" EXCLUDE ").Append(f.Exclude);
        }
        return sb.Append(')').ToString();
    }

    private static string Bound(FrameBound b) => (b.Offset is null ? "" : Print(b.Offset) + " ") + b.Kind;

    public static string Orders(ImmutableArray<OrderingTerm> terms) =>
        string.Join(", ", terms.Select(t => Print(t.Expression) + (t.Descending ? " DESC" : "") + (t.Nulls == NullsOrder.Default ? "" : " NULLS " + t.Nulls.ToString().ToUpperInvariant())));

    private static string List(ImmutableArray<Expr> items) => string.Join(", ", items.Select(Print));

    private static string UnaryText(UnaryOperator op) => op switch
    {
        UnaryOperator.Negate => "-",
        UnaryOperator.Plus => "+",
        UnaryOperator.BitNot => "~",
        _ => "NOT ",
    };

    private static string BinaryText(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "OR", BinaryOperator.And => "AND", BinaryOperator.Equal => "=", BinaryOperator.NotEqual => "!=",
        BinaryOperator.Is => "IS", BinaryOperator.IsNot => "IS NOT", BinaryOperator.Less => "<", BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">", BinaryOperator.GreaterOrEqual => ">=", BinaryOperator.BitAnd => "&", BinaryOperator.BitOr => "|",
        BinaryOperator.ShiftLeft => "<<", BinaryOperator.ShiftRight => ">>", BinaryOperator.Add => "+", BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*", BinaryOperator.Divide => "/", BinaryOperator.Remainder => "%", BinaryOperator.Concat => "||",
        BinaryOperator.JsonExtract => "->", _ => "->>",
    };
}
