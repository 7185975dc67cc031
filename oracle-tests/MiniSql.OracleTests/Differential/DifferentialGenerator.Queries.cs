using System.Globalization;
using System.Text;

namespace MiniSql.OracleTests.Differential;

internal sealed partial class DifferentialGenerator
{
    /// <summary>Common table expressions visible while generating the current WITH query.</summary>
    private readonly List<Source> _ctes = [];

    private DiffCase TopQuery(int index)
    {
        int roll = _random.Next(100);
        string sql;
        bool ordered;
        if (roll < 10) sql = Compound(out ordered);
        else if (roll < 14) sql = Values(out ordered);
        else if (roll < 22) sql = WithQuery(recursive: false, out ordered);
        else if (roll < 27) sql = WithQuery(recursive: true, out ordered);
        else sql = Select(null, 3, null, orderAndLimit: true, allowStar: true, out ordered);
        return new DiffCase(index, DiffCaseKind.Query, sql, ordered ? DiffCompareMode.Ordered : DiffCompareMode.Unordered);
    }

    /// <summary>
    /// A SELECT. <paramref name="wantColumns"/> forces the output width (IN subqueries, compound parts).
    /// Output columns are named x0, x1, ... unless '*' is used.
    /// </summary>
    private string Select(Scope? outer, int depth, int? wantColumns, bool orderAndLimit, bool allowStar, out bool ordered)
    {
        var scope = new Scope(outer);
        var sb = new StringBuilder("SELECT ");
        bool distinct = Chance(0.1);
        if (distinct) sb.Append("DISTINCT ");

        string from = From(scope, depth, out bool starSafe);
        bool aggregate = Chance(0.25);
        int columns = wantColumns ?? 1 + _random.Next(4);
        string output;
        var groupTerms = new List<string>();
        if (aggregate)
        {
            int groupCount = scope.Sources.Count == 0 ? 0 : _random.Next(3);
            for (int i = 0; i < groupCount; i++) groupTerms.Add(Chance(0.8) ? ColumnRef(scope)! : Expr(scope, 1));
            output = Join(Enumerable.Range(0, columns).Select(i =>
                (i < groupTerms.Count && Chance(0.7) ? groupTerms[i] : AggregateExpr(scope, groupTerms, depth)) + $" AS x{i}"));
        }
        else if (allowStar && wantColumns is null && starSafe && scope.Sources.Count > 0 && Chance(0.1))
        {
            if (Chance(0.5))
            {
                output = "*";
                columns = scope.Sources.Sum(s => s.Columns.Count);
            }
            else
            {
                var source = Pick(scope.Sources);
                output = source.Alias + ".*";
                columns = source.Columns.Count;
            }
        }
        else
        {
            output = Join(Enumerable.Range(0, columns).Select(i => Expr(scope, Math.Min(depth, 2)) + $" AS x{i}"));
        }
        sb.Append(output);
        if (from.Length > 0) sb.Append(" FROM ").Append(from);
        if (scope.Sources.Count > 0 && Chance(0.65)) sb.Append(" WHERE ").Append(Predicate(scope, Math.Min(depth, 2)));
        if (groupTerms.Count > 0)
        {
            sb.Append(" GROUP BY ").Append(Join(groupTerms));
            if (Chance(0.3))
                sb.Append(" HAVING ").Append(Binary(AggregateExpr(scope, groupTerms, 1), Pick(ComparisonOperators), Literal()));
        }
        ordered = false;
        bool aliased = output.Contains(" AS x0", StringComparison.Ordinal);
        if (orderAndLimit) AppendOrderAndLimit(sb, columns, out ordered, aliased, aggregate || distinct ? null : scope);
        return sb.ToString();
    }

    /// <summary>
    /// ORDER BY some terms with random collation/direction/NULLS placement (output column numbers, output aliases
    /// when <paramref name="aliased"/>, expressions over <paramref name="scope"/> when given), then all output
    /// columns, so the order is fixed up to rows that compare equal everywhere (G1); LIMIT/OFFSET only then.
    /// </summary>
    private void AppendOrderAndLimit(StringBuilder sb, int columns, out bool ordered, bool aliased = false, Scope? scope = null)
    {
        ordered = false;
        if (!Chance(0.45)) return;
        var terms = new List<string>();
        int extra = _random.Next(3);
        for (int i = 0; i < extra; i++)
        {
            int roll = _random.Next(10);
            string term = roll < 3 && aliased ? "x" + _random.Next(columns).ToString(CultureInfo.InvariantCulture)
                : roll < 6 && scope is { Sources.Count: > 0 } ? Expr(scope, 1)
                : (1 + _random.Next(columns)).ToString(CultureInfo.InvariantCulture);
            if (Chance(0.4)) term += " COLLATE " + Pick(Collations);
            if (Chance(0.5)) term += Pick([" ASC", " DESC"]);
            if (Chance(0.3)) term += Pick([" NULLS FIRST", " NULLS LAST"]);
            terms.Add(term);
        }
        terms.Add(Numbers(columns));
        sb.Append(" ORDER BY ").Append(Join(terms));
        ordered = true;
        if (Chance(0.4))
        {
            sb.Append(_random.Next(4) switch
            {
                0 => $" LIMIT {_random.Next(0, 6)}",
                1 => $" LIMIT {_random.Next(1, 6)} OFFSET {_random.Next(0, 4)}",
                2 => $" LIMIT {_random.Next(0, 3)}, {_random.Next(1, 6)}",
                _ => $" LIMIT -1 OFFSET {_random.Next(1, 4)}",
            });
        }
    }

    /// <summary>The FROM clause (empty for a FROM-less SELECT); fills the scope with its sources.</summary>
    private string From(Scope scope, int depth, out bool starSafe)
    {
        starSafe = true;
        if (Chance(0.04)) return "";
        int roll = _random.Next(100);
        int count = roll < 55 ? 1 : roll < 92 ? 2 : 3;
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            var (sql, source) = FromItem(scope, depth);
            if (i == 0)
            {
                scope.Sources.Add(source);
                sb.Append(sql);
                continue;
            }
            var previous = scope.Sources[^1];
            var common = previous.Columns.Intersect(source.Columns).ToList();
            int join = _random.Next(100);
            if (count == 2 && common.Count > 0 && join < 10)
            {
                scope.Sources.Add(source);
                sb.Append(Chance(0.5) ? " JOIN " : " LEFT JOIN ").Append(sql).Append(" USING (").Append(Join(common.Take(1 + _random.Next(common.Count)))).Append(')');
                starSafe = false;
            }
            else if (count == 2 && join < 17)
            {
                scope.Sources.Add(source);
                sb.Append(Chance(0.6) ? " NATURAL JOIN " : " NATURAL LEFT JOIN ").Append(sql);
                starSafe = false;
            }
            else if (join < 40)
            {
                scope.Sources.Add(source);
                sb.Append(", ").Append(sql);
            }
            else if (join < 50)
            {
                scope.Sources.Add(source);
                sb.Append(" CROSS JOIN ").Append(sql);
            }
            else
            {
                scope.Sources.Add(source);
                sb.Append(Chance(0.5) ? " JOIN " : " LEFT JOIN ").Append(sql).Append(" ON ").Append(Predicate(scope, 1));
            }
        }
        return sb.ToString();
    }

    /// <summary>One FROM item: a table, a CTE, a subquery or a VALUES list, with an alias.</summary>
    private (string Sql, Source Source) FromItem(Scope scope, int depth)
    {
        string alias = NewAlias("s");
        if (_ctes.Count > 0 && Chance(0.6))
        {
            var cte = Pick(_ctes);
            return ($"{cte.Alias} AS {alias}", new Source(alias, cte.Columns));
        }
        int roll = _random.Next(100);
        if (depth > 1 && roll < 10)
        {
            // A FROM subquery cannot see the enclosing query, so it starts a fresh scope.
            int columns = 1 + _random.Next(3);
            string inner = Select(null, depth - 1, columns, orderAndLimit: true, allowStar: false, out _);
            return ($"({inner}) AS {alias}", new Source(alias, Names("x", columns, 0)));
        }
        if (roll < 14)
        {
            int columns = 1 + _random.Next(3);
            return ($"({Values(columns)}) AS {alias}", new Source(alias, Names("column", columns, 1)));
        }
        var table = Pick(_tables);
        var names = table.Columns.Select(c => c.Name).ToList();
        if (scope.Outer is null && Chance(0.25) && !scope.Sources.Any(s => s.Alias == table.Name))
            return (table.Name, new Source(table.Name, names));
        return ($"{table.Name} AS {alias}", new Source(alias, names));
    }

    private static List<string> Names(string prefix, int count, int first) =>
        Enumerable.Range(first, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture)).ToList();

    /// <summary>SELECT op SELECT [op SELECT] with an optional ORDER BY / LIMIT on the whole.</summary>
    private string Compound(out bool ordered)
    {
        int columns = 1 + _random.Next(3);
        int parts = Chance(0.8) ? 2 : 3;
        var sb = new StringBuilder(Select(null, 2, columns, orderAndLimit: false, allowStar: false, out _));
        for (int i = 1; i < parts; i++)
        {
            sb.Append(' ').Append(Pick(["UNION", "UNION ALL", "INTERSECT", "EXCEPT"])).Append(' ');
            sb.Append(Select(null, 2, columns, orderAndLimit: false, allowStar: false, out _));
        }
        AppendOrderAndLimit(sb, columns, out ordered);
        return sb.ToString();
    }

    private string Values(out bool ordered)
    {
        ordered = false;
        return Values(1 + _random.Next(3));
    }

    /// <summary>VALUES with 1-4 rows of constant expressions.</summary>
    private string Values(int columns)
    {
        var empty = new Scope(null);
        var rows = Enumerable.Range(0, 1 + _random.Next(4))
            .Select(_ => "(" + Join(Enumerable.Range(0, columns).Select(_ => Chance(0.7) ? Literal() : Expr(empty, 1))) + ")");
        return "VALUES " + Join(rows);
    }

    /// <summary>WITH [RECURSIVE] ... SELECT ..., the CTEs usable as FROM items of the final SELECT.</summary>
    private string WithQuery(bool recursive, out bool ordered)
    {
        var sb = new StringBuilder(recursive ? "WITH RECURSIVE " : "WITH ");
        int count = recursive ? 1 : 1 + _random.Next(2);
        var definitions = new List<string>();
        var ctes = new List<Source>();
        for (int i = 0; i < count; i++)
        {
            string name = "c" + i.ToString(CultureInfo.InvariantCulture);
            if (recursive)
            {
                if (Chance(0.5))
                {
                    // Counter recursion from a literal start: the rows are fixed whatever the plan.
                    int limit = 1 + _random.Next(20);
                    string step = Pick(["(v || 'x')", "(v * 2)", "(v + n)", "(v - 1.5)", "upper(v)"]);
                    definitions.Add($"{name}(n, v) AS (SELECT 1, {Literal()} UNION ALL SELECT n + 1, {step} FROM {name} WHERE n < {limit})");
                    ctes.Add(new Source(name, ["n", "v"]));
                }
                else
                {
                    // Data-driven recursion: UNION removes duplicates and the range bound ends it.
                    var table = Pick(_tables);
                    string column = Pick(table.Columns).Name;
                    definitions.Add($"{name}(x) AS (SELECT {column} FROM {table.Name} UNION SELECT x + {Pick(["1", "2", "0.5"])} FROM {name} WHERE x < 10 AND x > -10)");
                    ctes.Add(new Source(name, ["x"]));
                }
            }
            else
            {
                int columns = 1 + _random.Next(3);
                string inner = Select(null, 2, columns, orderAndLimit: false, allowStar: false, out _);
                definitions.Add($"{name}({Join(Names("x", columns, 0))}) AS {Pick(["", "", "", "MATERIALIZED ", "NOT MATERIALIZED "])}({inner})");
                ctes.Add(new Source(name, Names("x", columns, 0)));
            }
        }
        sb.Append(Join(definitions)).Append(' ');
        _ctes.AddRange(ctes);
        try
        {
            sb.Append(Select(null, 2, null, orderAndLimit: true, allowStar: true, out ordered));
        }
        finally
        {
            _ctes.Clear();
        }
        return sb.ToString();
    }

    /// <summary>A statement that must fail to prepare, so error codes and messages are compared too.</summary>
    private string InvalidQuery()
    {
        var table = Pick(_tables);
        string column = Pick(table.Columns).Name;
        return _random.Next(8) switch
        {
            0 => $"SELECT nosuch FROM {table.Name}",
            1 => "SELECT * FROM nosuch",
            2 => $"SELECT {column} FROM {table.Name} WHERE",
            3 => $"SELECT substr({column}) FROM {table.Name}",
            4 => $"SELECT {column} FROM {table.Name} WHERE count(*) > 1",
            5 => $"SELECT {column} FROM {table.Name} ORDER BY {table.Columns.Count + 1}",
            6 => $"SELECT {column}, {column} FROM {table.Name} UNION SELECT {column} FROM {table.Name}",
            _ => $"SELECT nosuchfunction({column}) FROM {table.Name}",
        };
    }
}
