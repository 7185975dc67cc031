using System.Collections.Immutable;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;
using SemCollation = MiniSql.Engine.Records.CollatingSequence;

namespace MiniSql.Sql.Execution;

// Access-path choice ("The SQLite Query Optimizer Overview", sections 2-4): for each base-table level, the
// WHERE/ON terms of the form "column op expr" whose other side reads only outer levels can drive a rowid
// lookup, a rowid range, or an index lookup on a leftmost prefix of an index (equality on a prefix, then one
// range). Preference: rowid equality, index equality (more columns, then UNIQUE), rowid range, index range, scan.
internal sealed partial class QueryCompiler
{
    /// <summary>A usable WHERE/ON term "column op value"; for "column IN (list)", Op is Equal and <see cref="InValues"/> is the list.</summary>
    private sealed record Term(int Column, BinaryOperator Op, CompiledExpr Value, CompiledExpr ColumnExpr, Affinity Affinity, string Collation)
    {
        public CompiledExpr[]? InValues { get; init; }

        /// <summary>True for "column IS value" / "column IS NULL": a NULL value matches NULL entries.</summary>
        public bool NullMatches { get; init; }
    }

    private void ChooseAccessPaths(List<Level> levels, List<(CompiledExpr Expr, Expr Ast)> where, List<(int Level, CompiledExpr Expr, Expr Ast)> on, Scope scope)
    {
        ulong outer = 0;
        for (int d = 0; d < levels.Count; d++)
        {
            if (levels[d] is TableLevel level && !level.NotIndexed)
            {
                var terms = new List<Term>();
                foreach (var (c, ast) in where) CollectTerms(ast, level, outer, scope, terms);
                // A WHERE term that NULL satisfies (IS NULL, IS) cannot drive the right side of a LEFT JOIN: it must
                // also see the NULL row emitted when nothing matches.
                if (level.LeftJoin) terms.RemoveAll(t => t.NullMatches);
                foreach (var (l, c, ast) in on)
                {
                    if (l == d) CollectTerms(ast, level, outer, scope, terms);
                }
                Choose(level, terms);
                // "Automatic indexes" (optimizer overview, 12): an inner loop whose only usable constraint is an
                // equality on an unindexed column gets a transient index, built once per run instead of a scan per
                // outer row.
                if (level.Mode == AccessMode.Scan && d > 0 && level.ForcedIndex is null) ChooseAutomaticIndex(level, terms);
            }
            outer |= SourceBit(levels[d].Source);
        }
    }

    private void CollectTerms(Expr ast, TableLevel level, ulong outer, Scope scope, List<Term> terms)
    {
        switch (ast)
        {
            case BinaryExpr { Operator: BinaryOperator.Equal or BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual or BinaryOperator.Is } b
                when b.Left is not RowValueExpr && b.Right is not RowValueExpr:
            {
                var op = b.Operator == BinaryOperator.Is ? BinaryOperator.Equal : b.Operator;
                bool nullMatches = b.Operator == BinaryOperator.Is;
                TryTerm(b.Left, b.Right, op, level, outer, scope, terms, nullMatches);
                TryTerm(b.Right, b.Left, Flip(op), level, outer, scope, terms, nullMatches, flipped: true);
                break;
            }
            case NullTestExpr { IsNotNull: false } nt:
                TryTerm(nt.Operand, NullLiteral.Instance, BinaryOperator.Equal, level, outer, scope, terms, nullMatches: true);
                break;
            case InListExpr { Not: false, Items.Length: > 0 } il:
                TryInTerm(il, level, outer, scope, terms);
                break;
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

    private void TryTerm(Expr columnSide, Expr valueSide, BinaryOperator op, TableLevel level, ulong outer, Scope scope, List<Term> terms, bool nullMatches = false, bool flipped = false)
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
        // The comparison's collation follows the operands as written (left column first), not the probe direction.
        var collation = (flipped ? BinaryCollation(value, col) : BinaryCollation(col, value))?.Name ?? "BINARY";
        terms.Add(new Term(col.Column, op, value, col, affinity, collation) { NullMatches = nullMatches });
    }

    /// <summary>
    /// "column IN (v1, v2, ...)" is "column = +v1 OR column = +v2 ...": the values have no affinity, so the column's
    /// affinity and collation decide the comparison ("Datatypes In SQLite", 4.2) and an index probe per value works.
    /// </summary>
    private void TryInTerm(InListExpr il, TableLevel level, ulong outer, Scope scope, List<Term> terms)
    {
        var stripped = il.Operand;
        if (stripped is not ColumnRef cref) return;
        if (cref.Table is not null && !string.Equals(cref.Table, level.Source.Name, StringComparison.OrdinalIgnoreCase)) return;
        if (level.Source.FindColumn(cref.Column) < 0 && !level.Source.Table!.IsRowidName(cref.Column)) return;
        CompiledExpr col;
        var values = new CompiledExpr[il.Items.Length];
        var savedAggregates = scope.Aggregates;
        var savedAliases = scope.Aliases;
        bool correlated = scope.Correlated;
        try
        {
            scope.Aggregates = null;
            scope.Aliases = null;
            col = Compile(il.Operand, scope);
            if (col.Source != level.Source) return;
            for (int i = 0; i < values.Length; i++)
            {
                if (il.Items[i] is SubqueryExpr or ExistsExpr) return;
                values[i] = Compile(il.Items[i], scope);
                if ((values[i].UsedSources & ~outer) != 0 || values[i].UsesOuter) return;
            }
        }
        catch (MiniSqlException)
        {
            return;
        }
        finally
        {
            scope.Aggregates = savedAggregates;
            scope.Aliases = savedAliases;
            scope.Correlated = correlated || scope.Correlated;
        }
        var affinity = SqlComparer.ComparisonAffinity(col.Affinity, Affinity.None);
        var collation = col.Collation?.Name ?? "BINARY";
        terms.Add(new Term(col.Column, BinaryOperator.Equal, values[0], col, affinity, collation) { InValues = values });
    }

    private static void ChooseAutomaticIndex(TableLevel level, List<Term> terms)
    {
        var table = level.Source.Table!;
        foreach (var t in terms)
        {
            if (t.Op != BinaryOperator.Equal || t.InValues is not null || t.NullMatches || t.Column < 0 || t.Column == table.RowidAlias) continue;
            if (t.Value.IsConstant || !AffinityUsable(t.Affinity, table.Columns[t.Column].Affinity)) continue;
            var columnCollation = table.Columns[t.Column].Collation ?? "BINARY";
            if (!string.Equals(columnCollation, t.Collation, StringComparison.OrdinalIgnoreCase)) continue;
            level.Mode = AccessMode.AutomaticIndex;
            level.AutomaticColumn = t.Column;
            level.AutomaticCollation = t.ColumnExpr.Collation;
            level.Keys = [t.Value];
            level.KeyAffinities = [t.Affinity >= Affinity.Numeric ? Affinity.Numeric : t.Affinity == Affinity.Text ? Affinity.Text : Affinity.None];
            level.ConstraintText = table.Columns[t.Column].Name + "=?";
            return;
        }
    }

    private static bool AffinityUsable(Affinity comparison, Affinity column)
    {
        // No conversion: values compare as stored, in the same order the index keeps them.
        if (comparison == Affinity.None) return true;
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
            Term? rowidKey = null;
            foreach (var t in terms)
            {
                if (IsRowid(t.Column) && t.Op == BinaryOperator.Equal && t.Affinity >= Affinity.Numeric && !t.NullMatches
                    && (rowidKey is null || rowidKey.InValues is not null && t.InValues is null))
                    rowidKey = t;
            }
            if (rowidKey is not null)
            {
                level.Mode = AccessMode.RowidEquals;
                level.Keys = [rowidKey.Value];
                level.InPosition = rowidKey.InValues is null ? -1 : 0;
                level.InValues = rowidKey.InValues;
                level.ConstraintText = "rowid=?";
                return;
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
            bool haveIn = false;
            for (int k = 0; k < index.Columns.Length; k++)
            {
                // Plain equality first; at most one IN list per lookup (its values are probed one by one).
                Term? eq = null;
                foreach (var t in terms)
                {
                    if (t.Op != BinaryOperator.Equal || !Matches(t, index, k, table)) continue;
                    if (t.InValues is not null && (haveIn || eq is not null)) continue;
                    if (eq is null || eq.InValues is not null) eq = t;
                }
                if (eq is null) break;
                haveIn |= eq.InValues is not null;
                keys.Add(eq);
            }
            Term? low = null, high = null;
            if (keys.Count < index.Columns.Length && !index.Descending[keys.Count])
            {
                foreach (var t in terms)
                {
                    if (t.InValues is not null || !Matches(t, index, keys.Count, table)) continue;
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
                if (!IsRowid(t.Column) || t.Affinity < Affinity.Numeric || t.InValues is not null || t.NullMatches) continue;
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
                level.ConstraintText = rlow is not null && rhigh is not null ? "rowid>? AND rowid<?" : rlow is not null ? "rowid>?" : "rowid<?";
                return;
            }
        }
        // 4. index range.
        if (best is not null)
        {
            ApplyIndex(level, best, bestKeys!, bestLow, bestHigh, table);
        }
    }

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
        level.InPosition = keys.FindIndex(k => k.InValues is not null);
        level.KeyNullMatches = keys.Select(k => k.NullMatches).ToArray();
        level.InValues = level.InPosition >= 0 ? keys[level.InPosition].InValues : null;
        level.KeyAffinities = keys.Select(k => k.Affinity >= Affinity.Numeric ? Affinity.Numeric : k.Affinity == Affinity.Text ? Affinity.Text : Affinity.None).ToArray();
        var parts = new List<string>();
        foreach (var k in keys) parts.Add(table.Columns[k.Column].Name + "=?");
        if (low is not null)
        {
            level.Low = low.Value;
            level.LowInclusive = low.Op == BinaryOperator.GreaterOrEqual;
            parts.Add(table.Columns[low.Column].Name + ">?");
        }
        if (high is not null)
        {
            level.High = high.Value;
            level.HighInclusive = high.Op == BinaryOperator.LessOrEqual;
            parts.Add(table.Columns[high.Column].Name + "<?");
        }
        var rangeTerm = low ?? high;
        if (rangeTerm is not null)
            level.RangeAffinity = rangeTerm.Affinity >= Affinity.Numeric ? Affinity.Numeric : rangeTerm.Affinity == Affinity.Text ? Affinity.Text : Affinity.None;
        level.ConstraintText = string.Join(" AND ", parts);
    }

    /// <summary>
    /// After the whole core is compiled (so every column it reads is known): switches index paths to covering reads,
    /// and decides whether the single table's scan order already satisfies ORDER BY ("The SQLite Query Optimizer
    /// Overview", 8 and 9): rowid order, or an index whose columns after the equality prefix match the terms, scanned
    /// backwards for DESC. Returns true when no sort is needed.
    /// </summary>
    private static bool FinishAccessPaths(List<Level> levels, CompiledExpr[] keys, SemCollation?[] keyCollations,
        ImmutableArray<OrderingTerm> orderBy, bool orderable)
    {
        bool ordered = false;
        if (orderable && keys.Length > 0 && levels.Count == 1 && levels[0] is TableLevel only)
            ordered = SatisfyOrder(only, keys, keyCollations, orderBy);
        if (!ordered) ChooseCoveringScans(levels);
        foreach (var level in levels)
        {
            if (level is TableLevel { Mode: AccessMode.Index } t) t.CoveringMap = CoveringMap(t.Source, t.Index!);
        }
        return ordered;
    }

    /// <summary>Table column -> index record position when the index holds every column the query reads; else null.</summary>
    private static int[]? CoveringMap(SourceBinding source, IndexInfo index)
    {
        var table = source.Table!;
        var map = new int[table.Columns.Count];
        Array.Fill(map, -1);
        for (int k = 0; k < index.Columns.Length; k++)
        {
            int c = index.Columns[k];
            if (c >= 0 && map[c] < 0) map[c] = k;
        }
        var used = source.UsedColumns;
        if (used is null) return map;
        for (int c = 0; c < used.Length; c++)
        {
            if (used[c] && map[c] < 0 && c != table.RowidAlias) return null;
        }
        return map;
    }

    private static bool SatisfyOrder(TableLevel level, CompiledExpr[] keys, SemCollation?[] keyCollations, ImmutableArray<OrderingTerm> orderBy)
    {
        var table = level.Source.Table!;
        bool IsRowid(int c) => c == -1 || (c >= 0 && c == table.RowidAlias);
        // Each term must be a plain column of this table with the default NULL placement (NULLs sort first in a b-tree).
        for (int i = 0; i < keys.Length; i++)
        {
            if (keys[i].Source != level.Source || keys[i].Column < -1) return false;
            var nulls = orderBy[i].Nulls;
            if (nulls != NullsOrder.Default && (nulls == NullsOrder.First) == orderBy[i].Descending) return false;
        }
        bool descending = orderBy[0].Descending;
        switch (level.Mode)
        {
            case AccessMode.RowidEquals:
                return level.InPosition < 0;
            case AccessMode.RowidRange:
                return IsRowid(keys[0].Column) && !descending;
            case AccessMode.Index:
                if (level.InPosition >= 0) return false;
                if (MatchesIndexOrder(level.Index!, level.Keys.Length, keys, keyCollations, orderBy, table, out bool reverse))
                {
                    if (reverse && (level.Low is not null || level.High is not null)) return false;
                    level.Reverse = reverse;
                    return true;
                }
                return false;
            default:
                if (IsRowid(keys[0].Column))
                {
                    level.Reverse = descending;
                    return true;
                }
                if (level.NotIndexed) return false;
                foreach (var index in table.Indexes)
                {
                    if (index.Where is not null) continue;
                    if (!MatchesIndexOrder(index, 0, keys, keyCollations, orderBy, table, out bool rev)) continue;
                    level.Mode = AccessMode.Index;
                    level.Index = index;
                    level.Keys = [];
                    level.KeyAffinities = [];
                    level.ConstraintText = "";
                    level.Reverse = rev;
                    return true;
                }
                return false;
        }
    }

    /// <summary>True when scanning <paramref name="index"/> (first <paramref name="equalities"/> columns fixed) yields the ORDER BY order.</summary>
    private static bool MatchesIndexOrder(IndexInfo index, int equalities, CompiledExpr[] keys, SemCollation?[] keyCollations,
        ImmutableArray<OrderingTerm> orderBy, TableInfo table, out bool reverse)
    {
        reverse = false;
        bool directionSet = false;
        int j = equalities;
        for (int i = 0; i < keys.Length; i++)
        {
            int col = keys[i].Column;
            bool isRowid = col == -1 || (col >= 0 && col == table.RowidAlias);
            bool fixedColumn = false;
            for (int e = 0; e < equalities; e++) fixedColumn |= index.Columns[e] == col && col >= 0;
            if (fixedColumn) continue;
            if (j >= index.Columns.Length)
            {
                // Entries with equal index columns come in rowid order.
                if (!isRowid) return false;
                bool rowidReverse = orderBy[i].Descending;
                if (directionSet && rowidReverse != reverse) return false;
                reverse = rowidReverse;
                return true;
            }
            if (index.Columns[j] != col || col < 0) return false;
            string collation = keyCollations[i]?.Name ?? "BINARY";
            if (!string.Equals(collation, index.Collations[j], StringComparison.OrdinalIgnoreCase)) return false;
            bool termReverse = orderBy[i].Descending != index.Descending[j];
            if (directionSet && termReverse != reverse) return false;
            reverse = termReverse;
            directionSet = true;
            j++;
        }
        return directionSet || keys.Length > 0;
    }

    // Join order ("The SQLite Query Optimizer Overview", 7; "The Next-Generation Query Planner"): with no
    // statistics every table is assumed to hold DefaultRows rows, an index equality to return 10 of them, a rowid
    // or full unique-key lookup 1. A level costs, per pass, a full scan or a seek plus a seek per row it returns;
    // an automatic index costs one sort up front. Greedy completion from every possible outermost table (all
    // of them for small joins), keeping the cheapest total; ties keep FROM order.
    private const double DefaultRows = 1_048_576;
    private const double SeekCost = 20;
    private const double RowCost = 5;
    private const int ExhaustiveStartLimit = 10;

    private List<Level> OrderLevelsByCost(List<Level> levels, List<(CompiledExpr Expr, Expr Ast)> where, Scope scope)
    {
        int n = levels.Count;
        var potential = new List<Term>[n];
        for (int i = 0; i < n; i++)
        {
            potential[i] = new List<Term>();
            if (levels[i] is not TableLevel tl || tl.NotIndexed) continue;
            ulong others = ~SourceBit(tl.Source);
            foreach (var (_, ast) in where) CollectTerms(ast, tl, others, scope, potential[i]);
        }
        List<int>? best = null;
        double bestCost = double.MaxValue;
        int starts = n <= ExhaustiveStartLimit ? n : 1;
        for (int first = 0; first < starts; first++)
        {
            var (order, cost) = GreedyOrder(levels, potential, where, n <= ExhaustiveStartLimit ? first : -1);
            if (cost < bestCost) { bestCost = cost; best = order; }
        }
        var result = new List<Level>(n);
        foreach (int i in best!) result.Add(levels[i]);
        return result;
    }

    private static (List<int> Order, double Cost) GreedyOrder(List<Level> levels, List<Term>[] potential, List<(CompiledExpr Expr, Expr Ast)> where, int first)
    {
        int n = levels.Count;
        var order = new List<int>(n);
        var used = new bool[n];
        ulong placed = 0;
        double outerRows = 1, total = 0;
        for (int step = 0; step < n; step++)
        {
            int pick = -1;
            double pickCost = double.MaxValue, pickRows = 0;
            for (int i = 0; i < n; i++)
            {
                if (used[i] || (step == 0 && first >= 0 && i != first)) continue;
                var (perPass, once, rows) = EstimateLevel(levels[i], potential[i], where, placed, outerRows);
                double cost = once + outerRows * perPass;
                if (cost < pickCost) { pick = i; pickCost = cost; pickRows = rows; }
            }
            used[pick] = true;
            order.Add(pick);
            placed |= SourceBit(levels[pick].Source);
            total += pickCost;
            outerRows = Math.Max(1, outerRows * pickRows);
        }
        return (order, total);
    }

    /// <summary>Estimated cost of one pass over <paramref name="level"/> with <paramref name="placed"/> outer, one-time cost, and rows per pass.</summary>
    private static (double PerPass, double Once, double Rows) EstimateLevel(Level level, List<Term> potential, List<(CompiledExpr Expr, Expr Ast)> where, ulong placed, double outerRows)
    {
        ulong bit = SourceBit(level.Source);
        // Filters this level can evaluate: each keeps a fraction of the rows.
        double filter = 1;
        foreach (var (c, ast) in where)
        {
            ulong u = c.UsedSources;
            if (u == ulong.MaxValue || (u & bit) == 0 || (u & ~(placed | bit)) != 0) continue;
            filter *= ast is BinaryExpr { Operator: BinaryOperator.Equal or BinaryOperator.Is } or InListExpr { Not: false } ? 0.25 : 0.9;
        }
        if (level is not TableLevel tl) return (DefaultRows, 0, Math.Max(1, DefaultRows * filter));
        var table = tl.Source.Table!;
        bool IsRowid(int c) => c == -1 || (c >= 0 && c == table.RowidAlias);
        var usable = new List<Term>();
        foreach (var t in potential)
        {
            if ((t.Value.UsedSources & ~placed) != 0) continue;
            if (t.InValues is not null && !Array.TrueForAll(t.InValues, v => (v.UsedSources & ~placed) == 0)) continue;
            usable.Add(t);
        }
        double best = DefaultRows, bestRows = DefaultRows * filter, once = 0;
        foreach (var t in usable)
        {
            if (IsRowid(t.Column) && t.Op == BinaryOperator.Equal && t.Affinity >= Affinity.Numeric && !t.NullMatches)
            {
                double probes = t.InValues?.Length ?? 1;
                if (SeekCost * probes < best) { best = SeekCost * probes; bestRows = probes; }
            }
        }
        foreach (var index in table.Indexes)
        {
            if (index.Where is not null) continue;
            int eq = 0;
            double probes = 1;
            for (int k = 0; k < index.Columns.Length; k++)
            {
                Term? match = null;
                foreach (var t in usable)
                {
                    if (t.Op == BinaryOperator.Equal && Matches(t, index, k, table)) { match = t; if (t.InValues is null) break; }
                }
                if (match is null) break;
                if (match.InValues is not null) probes *= match.InValues.Length;
                eq++;
            }
            if (eq == 0) continue;
            double rows = (index.Unique && eq == index.Columns.Length ? 1 : 10) * probes;
            // Wider index entries cost a little more to read: between equal lookups the narrower index wins.
            double cost = SeekCost * probes + rows * RowCost + index.Columns.Length * 0.01;
            if (cost < best) { best = cost; bestRows = rows; }
        }
        if (best >= DefaultRows && placed != 0)
        {
            // An equality against outer columns on an unindexed column: an automatic index (sorted once).
            foreach (var t in usable)
            {
                if (t.Op != BinaryOperator.Equal || t.InValues is not null || t.NullMatches || t.Value.IsConstant || IsRowid(t.Column)) continue;
                if (!AffinityUsable(t.Affinity, table.Columns[t.Column].Affinity)) continue;
                double build = 3 * DefaultRows * Math.Log2(DefaultRows), probe = SeekCost + 10 * RowCost;
                if (build + outerRows * probe >= outerRows * best) break;
                best = probe;
                bestRows = 10;
                once = build;
                break;
            }
        }
        return (best, once, Math.Max(1, Math.Min(bestRows, DefaultRows * filter)));
    }
}
