using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

// Access-path choice ("The SQLite Query Optimizer Overview", sections 2-4): for each base-table level, the
// WHERE/ON terms of the form "column op expr" whose other side reads only outer levels can drive a rowid
// lookup, a rowid range, or an index lookup on a leftmost prefix of an index (equality on a prefix, then one
// range). Preference: rowid equality, index equality (more columns, then UNIQUE), rowid range, index range, scan.
internal sealed partial class QueryCompiler
{
    private sealed record Term(int Column, BinaryOperator Op, CompiledExpr Value, CompiledExpr ColumnExpr, Affinity Affinity, string Collation);

    private void ChooseAccessPaths(List<Level> levels, List<(CompiledExpr Expr, Expr Ast)> where, List<(int Level, CompiledExpr Expr, Expr Ast)> on, Scope scope)
    {
        ulong outer = 0;
        for (int d = 0; d < levels.Count; d++)
        {
            if (levels[d] is TableLevel level && !level.NotIndexed)
            {
                var terms = new List<Term>();
                foreach (var (c, ast) in where) CollectTerms(ast, level, outer, scope, terms);
                foreach (var (l, c, ast) in on)
                {
                    if (l == d) CollectTerms(ast, level, outer, scope, terms);
                }
                Choose(level, terms);
            }
            outer |= 1UL << Math.Min(levels[d].Source.Index, 63);
        }
    }

    private void CollectTerms(Expr ast, TableLevel level, ulong outer, Scope scope, List<Term> terms)
    {
        switch (ast)
        {
            case BinaryExpr { Operator: BinaryOperator.Equal or BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual or BinaryOperator.Is } b
                when b.Left is not RowValueExpr && b.Right is not RowValueExpr:
            {
                if (b.Operator == BinaryOperator.Is && (b.Left is NullLiteral || b.Right is NullLiteral)) return;
                var op = b.Operator == BinaryOperator.Is ? BinaryOperator.Equal : b.Operator;
                TryTerm(b.Left, b.Right, op, level, outer, scope, terms);
                TryTerm(b.Right, b.Left, Flip(op), level, outer, scope, terms);
                break;
            }
            case BetweenExpr { Not: false } be:
                TryTerm(be.Operand, be.Low, BinaryOperator.GreaterOrEqual, level, outer, scope, terms);
                TryTerm(be.Operand, be.High, BinaryOperator.LessOrEqual, level, outer, scope, terms);
                break;
        }
    }

    private static BinaryOperator Flip(BinaryOperator op) => op switch
    {
        BinaryOperator.Less => BinaryOperator.Greater,
        BinaryOperator.LessOrEqual => BinaryOperator.GreaterOrEqual,
        BinaryOperator.Greater => BinaryOperator.Less,
        BinaryOperator.GreaterOrEqual => BinaryOperator.LessOrEqual,
        _ => op,
    };

    private void TryTerm(Expr columnSide, Expr valueSide, BinaryOperator op, TableLevel level, ulong outer, Scope scope, List<Term> terms)
    {
        var stripped = columnSide;
        while (stripped is CollateExpr ce) stripped = ce.Operand;
        if (stripped is not ColumnRef cref) return;
        if (cref.Table is not null && !string.Equals(cref.Table, level.Source.Name, StringComparison.OrdinalIgnoreCase)) return;
        if (level.Source.FindColumn(cref.Column) < 0 && !level.Source.Table!.IsRowidName(cref.Column)) return;
        CompiledExpr col, value;
        try
        {
            var savedAggregates = scope.Aggregates;
            var savedAliases = scope.Aliases;
            scope.Aggregates = null;
            scope.Aliases = null;
            bool correlated = scope.Correlated;
            try
            {
                col = Compile(columnSide, scope);
                if (col.Source != level.Source) return;
                value = Compile(valueSide, scope);
            }
            finally
            {
                scope.Aggregates = savedAggregates;
                scope.Aliases = savedAliases;
                scope.Correlated = correlated || scope.Correlated;
            }
        }
        catch (MiniSqlException)
        {
            return;
        }
        if ((value.UsedSources & ~outer) != 0) return;
        var affinity = SqlComparer.ComparisonAffinity(col.Affinity, value.Affinity);
        var collation = BinaryCollation(col, value)?.Name ?? "BINARY";
        terms.Add(new Term(col.Column, op, value, col, affinity, collation));
    }

    private static bool AffinityUsable(Affinity comparison, Affinity column)
    {
        bool numericColumn = column is Affinity.Integer or Affinity.Real or Affinity.Numeric;
        if (comparison >= Affinity.Numeric) return numericColumn;
        if (comparison == Affinity.Text) return column == Affinity.Text;
        return column is Affinity.Blob or Affinity.None;
    }

    private void Choose(TableLevel level, List<Term> terms)
    {
        var table = level.Source.Table!;
        int rowidAlias = table.RowidAlias;
        bool IsRowid(int c) => c == -1 || (c >= 0 && c == rowidAlias);
        // 1. rowid equality.
        if (level.ForcedIndex is null)
        {
            foreach (var t in terms)
            {
                if (IsRowid(t.Column) && t.Op == BinaryOperator.Equal && t.Affinity >= Affinity.Numeric)
                {
                    level.Mode = AccessMode.RowidEquals;
                    level.Keys = [t.Value];
                    level.ConstraintText = "rowid=?";
                    return;
                }
            }
        }
        // 2. index equality prefix (+ optional range on the next column).
        IndexInfo? best = null;
        int bestEq = 0;
        bool bestRange = false;
        List<Term>? bestKeys = null;
        Term? bestLow = null, bestHigh = null;
        foreach (var index in table.Indexes)
        {
            if (index.Where is not null) continue;
            if (level.ForcedIndex is not null && index != level.ForcedIndex) continue;
            var keys = new List<Term>();
            for (int k = 0; k < index.Columns.Length; k++)
            {
                Term? eq = null;
                foreach (var t in terms)
                {
                    if (t.Op == BinaryOperator.Equal && Matches(t, index, k, table)) { eq = t; break; }
                }
                if (eq is null) break;
                keys.Add(eq);
            }
            Term? low = null, high = null;
            if (keys.Count < index.Columns.Length && !index.Descending[keys.Count])
            {
                foreach (var t in terms)
                {
                    if (!Matches(t, index, keys.Count, table)) continue;
                    if (t.Op is BinaryOperator.Greater or BinaryOperator.GreaterOrEqual) low ??= t;
                    else if (t.Op is BinaryOperator.Less or BinaryOperator.LessOrEqual) high ??= t;
                }
            }
            bool range = low is not null || high is not null;
            if (keys.Count == 0 && !range && level.ForcedIndex is null) continue;
            bool better = best is null || keys.Count > bestEq || (keys.Count == bestEq && (range && !bestRange || (index.Unique && !best.Unique && range == bestRange)));
            if (better)
            {
                best = index;
                bestEq = keys.Count;
                bestRange = range;
                bestKeys = keys;
                bestLow = low;
                bestHigh = high;
            }
        }
        if (best is not null && (bestEq > 0 || level.ForcedIndex is not null))
        {
            ApplyIndex(level, best, bestKeys!, bestLow, bestHigh, table);
            return;
        }
        // 3. rowid range.
        if (level.ForcedIndex is null)
        {
            Term? rlow = null, rhigh = null;
            foreach (var t in terms)
            {
                if (!IsRowid(t.Column) || t.Affinity < Affinity.Numeric) continue;
                if (t.Op is BinaryOperator.Greater or BinaryOperator.GreaterOrEqual) rlow ??= t;
                else if (t.Op is BinaryOperator.Less or BinaryOperator.LessOrEqual) rhigh ??= t;
            }
            if (rlow is not null || rhigh is not null)
            {
                level.Mode = AccessMode.RowidRange;
                level.Low = rlow?.Value;
                level.LowInclusive = rlow?.Op == BinaryOperator.GreaterOrEqual;
                level.High = rhigh?.Value;
                level.HighInclusive = rhigh?.Op == BinaryOperator.LessOrEqual;
                level.ConstraintText = rlow is not null && rhigh is not null ? $"rowid{OpText(rlow.Op)}? AND rowid{OpText(rhigh.Op)}?" : rlow is not null ? $"rowid{OpText(rlow.Op)}?" : $"rowid{OpText(rhigh!.Op)}?";
                return;
            }
        }
        // 4. index range.
        if (best is not null)
        {
            ApplyIndex(level, best, bestKeys!, bestLow, bestHigh, table);
        }
    }

    private static string OpText(BinaryOperator op) => op switch
    {
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        _ => "=",
    };

    private static bool Matches(Term t, IndexInfo index, int k, TableInfo table)
    {
        int col = index.Columns[k];
        if (t.Column != col || col < 0) return false;
        if (!AffinityUsable(t.Affinity, table.Columns[col].Affinity)) return false;
        return string.Equals(t.Collation, index.Collations[k], StringComparison.OrdinalIgnoreCase);
    }

    private static void ApplyIndex(TableLevel level, IndexInfo index, List<Term> keys, Term? low, Term? high, TableInfo table)
    {
        level.Mode = AccessMode.Index;
        level.Index = index;
        level.Keys = keys.Select(k => k.Value).ToArray();
        level.KeyAffinities = keys.Select(k => k.Affinity >= Affinity.Numeric ? Affinity.Numeric : k.Affinity == Affinity.Text ? Affinity.Text : Affinity.None).ToArray();
        var parts = new List<string>();
        foreach (var k in keys) parts.Add(table.Columns[k.Column].Name + "=?");
        if (low is not null)
        {
            level.Low = low.Value;
            level.LowInclusive = low.Op == BinaryOperator.GreaterOrEqual;
            parts.Add(table.Columns[low.Column].Name + OpText(low.Op) + "?");
        }
        if (high is not null)
        {
            level.High = high.Value;
            level.HighInclusive = high.Op == BinaryOperator.LessOrEqual;
            parts.Add(table.Columns[high.Column].Name + OpText(high.Op) + "?");
        }
        var rangeTerm = low ?? high;
        if (rangeTerm is not null)
            level.RangeAffinity = rangeTerm.Affinity >= Affinity.Numeric ? Affinity.Numeric : rangeTerm.Affinity == Affinity.Text ? Affinity.Text : Affinity.None;
        level.ConstraintText = string.Join(" AND ", parts);
    }
}
