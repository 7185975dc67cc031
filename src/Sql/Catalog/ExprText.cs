using System.Globalization;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Catalog;

/// <summary>Renders an expression back to SQL text (for CHECK constraint messages).</summary>
internal static class ExprText
{
    /// <summary>The SQL text of <paramref name="e"/>.</summary>
    public static string Render(Expr e) => e switch
    {
        NullLiteral => "NULL",
        IntegerLiteral i => i.Text,
        RealLiteral r => r.Text,
        StringLiteral s => "'" + s.Value.Replace("'", "''") + "'",
        BoolLiteral b => b.Value ? "TRUE" : "FALSE",
        ColumnRef c => c.Table is null ? c.Column : c.Table + "." + c.Column,
        ParameterExpr p => p.Name,
        UnaryExpr u => u.Operator switch
        {
            UnaryOperator.Negate => "-" + Render(u.Operand),
            UnaryOperator.Plus => "+" + Render(u.Operand),
            UnaryOperator.BitNot => "~" + Render(u.Operand),
            _ => "NOT " + Render(u.Operand),
        },
        BinaryExpr b => Render(b.Left) + Op(b.Operator) + Render(b.Right),
        FunctionCall f => f.Name + "(" + (f.Star ? "*" : string.Join(",", f.Arguments.Select(Render))) + ")",
        NullTestExpr n => Render(n.Operand) + (n.IsNotNull ? " NOT NULL" : " ISNULL"),
        BetweenExpr be => Render(be.Operand) + (be.Not ? " NOT" : "") + " BETWEEN " + Render(be.Low) + " AND " + Render(be.High),
        InListExpr il => Render(il.Operand) + (il.Not ? " NOT" : "") + " IN (" + string.Join(",", il.Items.Select(Render)) + ")",
        CastExpr c => "CAST(" + Render(c.Operand) + " AS " + c.TypeName + ")",
        CollateExpr c => Render(c.Operand) + " COLLATE " + c.Collation,
        LikeExpr l => Render(l.Operand) + (l.Not ? " NOT " : " ") + l.Operator.ToString().ToUpperInvariant() + " " + Render(l.Pattern),
        _ => "expr",
    };

    private static string Op(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => " OR ",
        BinaryOperator.And => " AND ",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Is => " IS ",
        BinaryOperator.IsNot => " IS NOT ",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.BitAnd => "&",
        BinaryOperator.BitOr => "|",
        BinaryOperator.ShiftLeft => "<<",
        BinaryOperator.ShiftRight => ">>",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Remainder => "%",
        BinaryOperator.Concat => "||",
        _ => "->",
    };
}
