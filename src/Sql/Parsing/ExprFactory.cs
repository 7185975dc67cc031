using System.Collections.Immutable;
using System.Globalization;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Parsing;

/// <summary>
/// Builds expression nodes for the grammar, maintaining each node's height and enforcing SQLite's expression depth
/// limit (SQLITE_MAX_EXPR_DEPTH = 1000: "Expression tree is too large (maximum depth 1000)").
/// </summary>
internal static class ExprFactory
{
    /// <summary>SQLITE_MAX_EXPR_DEPTH.</summary>
    public const int MaxDepth = 1000;

    /// <summary>Height of a node whose tallest child is <paramref name="childHeight"/>; throws past the limit.</summary>
    public static int Check(int childHeight)
    {
        int height = childHeight + 1;
        if (height > MaxDepth)
            throw new MiniSqlException(ResultCode.Error, $"Expression tree is too large (maximum depth {MaxDepth})");
        return height;
    }

    /// <summary>Height of an optional child (0 when absent).</summary>
    public static int H(Expr? e) => e?.Height ?? 0;

    /// <summary>Tallest of a list.</summary>
    public static int H(ImmutableArray<Expr> items)
    {
        int max = 0;
        foreach (Expr e in items) max = Math.Max(max, e.Height);
        return max;
    }

    /// <summary>
    /// SQLite's heightOfSelect: the tallest expression of a SELECT (result columns, WHERE, GROUP BY, HAVING, ORDER BY,
    /// LIMIT and OFFSET of every arm; not FROM). A subquery expression is one taller.
    /// </summary>
    public static int SelectHeight(SelectStatement select)
    {
        int max = 0;
        foreach (var term in select.OrderBy) max = Math.Max(max, term.Expression.Height);
        if (select.Limit is { } limit) max = Math.Max(max, Math.Max(limit.Count.Height, H(limit.Offset)));
        return Math.Max(max, BodyHeight(select.Body));
    }

    private static int BodyHeight(SelectBody body)
    {
        int max = 0;
        switch (body)
        {
            case SelectCore core:
                foreach (var c in core.Columns) if (c is ExpressionColumn ec) max = Math.Max(max, ec.Expression.Height);
                max = Math.Max(max, Math.Max(H(core.Where), H(core.Having)));
                max = Math.Max(max, H(core.GroupBy));
                break;
            case ValuesBody values:
                foreach (var row in values.Rows) max = Math.Max(max, H(row));
                break;
            case CompoundSelect compound:
                max = Math.Max(BodyHeight(compound.Left), BodyHeight(compound.Right));
                break;
        }
        return max;
    }

    public static Expr Binary(BinaryOperator op, Expr left, Expr right) =>
        new BinaryExpr(op, left, right) { Height = Check(Math.Max(left.Height, right.Height)) };

    public static Expr Unary(UnaryOperator op, Expr operand)
    {
        // -9223372036854775808 is the one integer whose magnitude does not fit: SQLite treats it as an INTEGER.
        if (op == UnaryOperator.Negate && operand is RealLiteral { Text: var text } && IsMinInt64Magnitude(text))
            return new IntegerLiteral(long.MinValue, "-" + text);
        return new UnaryExpr(op, operand) { Height = Check(operand.Height) };
    }

    public static Expr Collate(Expr operand, string collation) => new CollateExpr(operand, collation) { Height = Check(operand.Height) };

    /// <summary>Makes the literal for a number token (hex, integer, too-big integer → REAL, or float).</summary>
    public static Expr Number(Token token)
    {
        string text = ParseContext.Current.Sql.Substring(token.Start, token.Length);
        string digits = text.Contains('_') ? text.Replace("_", "", StringComparison.Ordinal) : text;
        if (token.Kind == TokenKind.Integer)
        {
            if (digits.Length > 2 && (digits[1] is 'x' or 'X'))
            {
                ReadOnlySpan<char> hex = digits.AsSpan(2).TrimStart('0');
                if (hex.Length > 16)
                    throw new MiniSqlException(ResultCode.Error, "hex literal too big: " + text) { ErrorOffset = token.Start };
                ulong bits = hex.Length == 0 ? 0 : ulong.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                return new IntegerLiteral(unchecked((long)bits), text);
            }
            if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                return new IntegerLiteral(value, text);
        }
        // SQLite converts literals with sqlite3AtoF, which is not always correctly rounded (1e-300 reads as
        // 9.999999999999999e-301), so use the same conversion as text-to-REAL.
        NumericText.ParseReal(System.Text.Encoding.ASCII.GetBytes(digits), out double real);
        return new RealLiteral(real, text);
    }

    /// <summary>Decodes a blob literal's hex digits.</summary>
    public static Expr Blob(Token token) => new BlobLiteral(Convert.FromHexString(token.Value!));

    private static bool IsMinInt64Magnitude(string text)
    {
        string digits = text.Replace("_", "", StringComparison.Ordinal).TrimStart('0');
        return digits == "9223372036854775808";
    }
}
