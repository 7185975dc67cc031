using System.Globalization;

namespace MiniSql.OracleTests.Differential;

internal sealed partial class DifferentialGenerator
{
    /// <summary>A FROM item as seen by expressions: its alias and column names.</summary>
    private sealed record Source(string Alias, IReadOnlyList<string> Columns);

    /// <summary>Names visible to an expression: this query's sources, then the enclosing query's (correlation).</summary>
    private sealed class Scope(Scope? outer)
    {
        public Scope? Outer { get; } = outer;

        public List<Source> Sources { get; } = [];
    }

    private static readonly string[] ArithmeticOperators = ["+", "-", "*", "/", "%"];
    private static readonly string[] BitOperators = ["&", "|", "<<", ">>"];
    private static readonly string[] ComparisonOperators = ["=", "==", "!=", "<>", "<", "<=", ">", ">=", "IS", "IS NOT"];
    private static readonly string[] CastTypes = ["INTEGER", "REAL", "TEXT", "BLOB", "NUMERIC"];
    private static readonly string[] LikePatterns = ["a%", "%b%", "_", "A%", "%", "1%", "a_b", "%c", "h%d", "%\u00e4%", ""];
    private static readonly string[] GlobPatterns = ["a*", "*b*", "?", "[a-c]*", "*[0-9]*", "A*", "*", "[^a]*"];

    private static readonly (string Name, int Min, int Max)[] Functions =
    [
        ("abs", 1, 1), ("coalesce", 2, 3), ("ifnull", 2, 2), ("nullif", 2, 2), ("length", 1, 1), ("lower", 1, 1),
        ("upper", 1, 1), ("substr", 2, 3), ("trim", 1, 2), ("ltrim", 1, 2), ("rtrim", 1, 2), ("replace", 3, 3),
        ("instr", 2, 2), ("typeof", 1, 1), ("round", 1, 2), ("hex", 1, 1), ("quote", 1, 1), ("iif", 3, 3),
        ("unicode", 1, 1), ("min", 2, 3), ("max", 2, 3), ("char", 1, 2),
    ];

    private static readonly string[] PrintfFormats = ["%d", "%s", "%.2f", "%5d", "%-4s|", "%x", "%c", "%e", "%g", "%%"];

    /// <summary>A qualified column reference, sometimes to the enclosing query (a correlated reference).</summary>
    private string? ColumnRef(Scope scope)
    {
        Scope target = scope;
        if (scope.Outer is { Sources.Count: > 0 } outer && (scope.Sources.Count == 0 || Chance(0.2))) target = outer;
        if (target.Sources.Count == 0) return null;
        var source = Pick(target.Sources);
        return source.Alias + "." + Pick(source.Columns);
    }

    private string Leaf(Scope scope)
    {
        if (Chance(0.65) && ColumnRef(scope) is { } column) return column;
        return Literal();
    }

    /// <summary>A scalar expression (no aggregates).</summary>
    private string Expr(Scope scope, int depth)
    {
        if (depth <= 0 || Chance(0.3)) return Leaf(scope);
        int d = depth - 1;
        switch (_random.Next(20))
        {
            case 0:
                return $"({Pick(["-", "+", "~", "NOT "])}{Expr(scope, d)})";
            case 1:
            case 2:
                return Binary(Expr(scope, d), Pick(ArithmeticOperators), Expr(scope, d));
            case 3:
                return Binary(Expr(scope, d), "||", Expr(scope, d));
            case 4:
                return Binary(Expr(scope, d), Pick(BitOperators), Expr(scope, d));
            case 5:
            case 6:
                return Predicate(scope, d);
            case 7:
                return Case(scope, d);
            case 8:
                return $"CAST({Expr(scope, d)} AS {Pick(CastTypes)})";
            case 9:
            case 10:
            case 11:
                return Function(scope, d);
            case 12:
                return $"printf('{Pick(PrintfFormats)}', {Expr(scope, d)})";
            case 13:
                return d > 0 && Chance(0.6) ? ScalarSubquery(scope, d) : Leaf(scope);
            case 14:
                return $"({Expr(scope, d)} COLLATE {Pick(Collations)})";
            default:
                return Leaf(scope);
        }
    }

    /// <summary>A binary operation, usually parenthesised; sometimes bare to exercise operator precedence.</summary>
    private string Binary(string left, string op, string right) =>
        Chance(0.8) ? $"({left} {op} {right})" : $"{left} {op} {right}";

    /// <summary>A truth-valued expression for WHERE, ON, HAVING and CASE WHEN.</summary>
    private string Predicate(Scope scope, int depth)
    {
        int d = Math.Max(depth - 1, 0);
        switch (_random.Next(depth <= 0 ? 6 : 16))
        {
            case 0:
            case 1:
            case 2:
                return Binary(Leaf(scope), Pick(ComparisonOperators), Chance(0.5) ? Literal() : Leaf(scope));
            case 3:
                return $"({Leaf(scope)} {Pick(["IS NULL", "IS NOT NULL", "NOTNULL", "ISNULL"])})";
            case 4:
                return $"({Leaf(scope)} {(Chance(0.2) ? "NOT " : "")}BETWEEN {Literal()} AND {Literal()})";
            case 5:
                return $"({Leaf(scope)} {(Chance(0.2) ? "NOT " : "")}IN ({Join(Enumerable.Range(0, 1 + _random.Next(4)).Select(_ => Literal()))}))";
            case 6:
                return $"({Expr(scope, d)} {(Chance(0.2) ? "NOT " : "")}LIKE {Quote(Pick(LikePatterns))}{(Chance(0.1) ? " ESCAPE 'b'" : "")})";
            case 7:
                return $"({Expr(scope, d)} {(Chance(0.2) ? "NOT " : "")}GLOB {Quote(Pick(GlobPatterns))})";
            case 8:
            case 9:
                return Binary(Predicate(scope, d), Pick(["AND", "OR"]), Predicate(scope, d));
            case 10:
                return $"(NOT {Predicate(scope, d)})";
            case 11:
                return Binary(Expr(scope, d), Pick(ComparisonOperators), Expr(scope, d));
            case 12:
                return $"({Expr(scope, d)} {(Chance(0.2) ? "NOT " : "")}IN ({Select(scope, d, 1, orderAndLimit: false, allowStar: false, out _)}))";
            case 13:
                return $"({(Chance(0.2) ? "NOT " : "")}EXISTS ({Select(scope, d, null, orderAndLimit: false, allowStar: true, out _)}))";
            case 14:
                return $"({Leaf(scope)} {Pick(["=", "<", ">"])} {ScalarSubquery(scope, d)})";
            default:
                return Expr(scope, d);
        }
    }

    private string Case(Scope scope, int depth)
    {
        int arms = 1 + _random.Next(3);
        bool simple = Chance(0.4);
        var parts = new List<string> { simple ? "CASE " + Expr(scope, depth) : "CASE" };
        for (int i = 0; i < arms; i++)
        {
            string when = simple ? Leaf(scope) : Predicate(scope, depth);
            parts.Add($"WHEN {when} THEN {Expr(scope, depth)}");
        }
        if (Chance(0.7)) parts.Add("ELSE " + Expr(scope, depth));
        parts.Add("END");
        return "(" + string.Join(' ', parts) + ")";
    }

    private string Function(Scope scope, int depth)
    {
        var (name, min, max) = Functions[_random.Next(Functions.Length)];
        int count = min + _random.Next(max - min + 1);
        var args = Enumerable.Range(0, count).Select(i =>
            name == "round" && i == 1 ? _random.Next(-1, 5).ToString(CultureInfo.InvariantCulture)
            : name == "substr" && i > 0 ? (Chance(0.7) ? _random.Next(-3, 5).ToString(CultureInfo.InvariantCulture) : Expr(scope, depth))
            : name == "char" ? (Chance(0.8) ? _random.Next(32, 300).ToString(CultureInfo.InvariantCulture) : Expr(scope, depth))
            : Expr(scope, depth));
        return $"{name}({Join(args)})";
    }

    /// <summary>An aggregate call over a scalar expression.</summary>
    private string Aggregate(Scope scope, int depth)
    {
        string e = Expr(scope, Math.Min(depth, 1));
        return _random.Next(14) switch
        {
            0 => "count(*)",
            1 => $"count({e})",
            2 => $"count(DISTINCT {e})",
            3 or 4 => $"sum({e})",
            5 => $"total({e})",
            6 => $"avg({e})",
            7 or 8 => $"min({e})",
            9 or 10 => $"max({e})",
            11 => $"group_concat({e})",
            12 => $"group_concat({e}, '{Pick(["-", ",", ""])}')",
            _ => $"{Pick(["sum", "avg", "total"])}(DISTINCT {e})",
        };
    }

    /// <summary>An expression over GROUP BY terms and aggregates (valid in an aggregate query's output and HAVING).</summary>
    private string AggregateExpr(Scope scope, IReadOnlyList<string> groupTerms, int depth)
    {
        switch (_random.Next(8))
        {
            case 0 when groupTerms.Count > 0:
                return Pick(groupTerms);
            case 1:
                return Binary(Aggregate(scope, depth), Pick(ArithmeticOperators), Chance(0.5) ? Literal() : Aggregate(scope, depth));
            case 2:
                return $"coalesce({Aggregate(scope, depth)}, {Literal()})";
            default:
                return Aggregate(scope, depth);
        }
    }

    /// <summary>A one-row subquery (an aggregate), possibly correlated with <paramref name="scope"/>.</summary>
    private string ScalarSubquery(Scope scope, int depth)
    {
        var inner = new Scope(scope);
        var table = Pick(_tables);
        string alias = NewAlias("q");
        inner.Sources.Add(new Source(alias, table.Columns.Select(c => c.Name).ToList()));
        string where = Chance(0.7) ? " WHERE " + Predicate(inner, Math.Min(depth, 1)) : "";
        return $"(SELECT {Aggregate(inner, 1)} FROM {table.Name} AS {alias}{where})";
    }
}
