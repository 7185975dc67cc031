using MiniSql.Sql.Catalog;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

// Full scans through a covering index, chosen the way SQLite's whereLoopAddBtree does: an index that holds every
// column the query reads costs rSize + 1 + 15*szIdxRow/szTabRow against rSize + 16 for the table, so it wins
// whenever its estimated row is narrower than the table's (szIdxRow < szTabRow, both LogEst). Rows then come out
// in index order, which decides the order of group_concat() and of unordered results exactly as in SQLite.
internal sealed partial class QueryCompiler
{
    /// <summary>Switches full table scans to the cheapest covering index scan, if one is narrower than the table.</summary>
    private static void ChooseCoveringScans(List<Level> levels)
    {
        foreach (var level in levels)
        {
            if (level is not TableLevel { Mode: AccessMode.Scan, NotIndexed: false, ForcedIndex: null, Reverse: false } t) continue;
            var table = t.Source.Table;
            if (table is null || table.Indexes.Count == 0) continue;
            int tableRow = LogEst(TableWidth(table));
            IndexInfo? best = null;
            int bestCost = int.MaxValue;
            // SQLite links the newest index first and keeps the first of equally cheap plans.
            for (int x = table.Indexes.Count - 1; x >= 0; x--)
            {
                var index = table.Indexes[x];
                if (index.Where is not null || Array.IndexOf(index.Columns, -2) >= 0) continue;
                int indexRow = LogEst(IndexWidth(table, index));
                if (indexRow >= tableRow || CoveringMap(t.Source, index) is null) continue;
                int cost = 15 * indexRow / tableRow;
                if (cost < bestCost)
                {
                    best = index;
                    bestCost = cost;
                }
            }
            if (best is null) continue;
            t.Mode = AccessMode.Index;
            t.Index = best;
            t.Keys = [];
            t.KeyAffinities = [];
            t.ConstraintText = "";
        }
    }

    /// <summary>
    /// GROUP BY over plain columns of a single scanned table is read in the order of a covering index whose leading
    /// columns are exactly those columns (in any order, same collations), so SQLite needs no sorter; the rows of each
    /// group then arrive in that index's order.
    /// </summary>
    private static void ChooseGroupByIndex(List<Level> levels, CompiledExpr[] groupBy)
    {
        if (levels.Count != 1 || levels[0] is not TableLevel { Mode: AccessMode.Scan, NotIndexed: false, ForcedIndex: null } t) return;
        var table = t.Source.Table;
        if (table is null) return;
        foreach (var g in groupBy)
        {
            if (g.Source != t.Source || g.Column < 0) return;
        }
        IndexInfo? best = null;
        int bestWidth = int.MaxValue;
        for (int x = table.Indexes.Count - 1; x >= 0; x--)
        {
            var index = table.Indexes[x];
            if (index.Where is not null || Array.IndexOf(index.Columns, -2) >= 0 || index.Columns.Length < groupBy.Length || CoveringMap(t.Source, index) is null) continue;
            bool matches = true;
            for (int k = 0; k < groupBy.Length && matches; k++)
            {
                int column = index.Columns[k];
                int term = Array.FindIndex(groupBy, g => g.Column == column);
                matches = term >= 0 && string.Equals(groupBy[term].Collation?.Name ?? "BINARY", index.Collations[k] ?? "BINARY", StringComparison.OrdinalIgnoreCase);
            }
            for (int a = 0; a < groupBy.Length && matches; a++)
            {
                matches = Array.IndexOf(index.Columns, groupBy[a].Column, 0, groupBy.Length) >= 0;
            }
            int width = IndexWidth(table, index);
            if (matches && width < bestWidth)
            {
                best = index;
                bestWidth = width;
            }
        }
        if (best is null) return;
        t.Mode = AccessMode.Index;
        t.Index = best;
        t.Keys = [];
        t.KeyAffinities = [];
        t.ConstraintText = "";
    }

    /// <summary>estimateTableWidth: the columns' size estimates, plus one for a rowid that no column aliases.</summary>
    private static int TableWidth(TableInfo table)
    {
        int width = 0;
        foreach (var column in table.Columns) width += SizeEstimate(column.DeclaredType);
        if (table.RowidAlias < 0) width++;
        return width * 4;
    }

    /// <summary>estimateIndexWidth: the key columns' size estimates plus one for the rowid.</summary>
    private static int IndexWidth(TableInfo table, IndexInfo index)
    {
        int width = 1;
        foreach (int c in index.Columns) width += c < 0 ? 1 : SizeEstimate(table.Columns[c].DeclaredType);
        return width * 4;
    }

    /// <summary>
    /// sqlite3AffinityType's szEst: 1 for numeric affinities and untyped columns; for TEXT and BLOB types
    /// k/4 + 1 when a size (k) follows CHAR or BLOB, else 5.
    /// </summary>
    private static int SizeEstimate(string? declaredType)
    {
        if (string.IsNullOrEmpty(declaredType)) return 1;
        var affinity = AffinityRules.FromTypeName(declaredType);
        if (affinity >= Affinity.Numeric) return 1;
        string upper = declaredType.ToUpperInvariant();
        int from = upper.IndexOf("CHAR", StringComparison.Ordinal);
        if (from >= 0) from += 4;
        else if ((from = upper.IndexOf("BLOB", StringComparison.Ordinal)) >= 0 && from + 4 < upper.Length && upper[from + 4] == '(') from += 4;
        else from = -1;
        int v = 16;
        if (from >= 0)
        {
            v = 0;
            int i = from;
            while (i < upper.Length && !char.IsAsciiDigit(upper[i])) i++;
            long n = 0;
            while (i < upper.Length && char.IsAsciiDigit(upper[i]) && n <= int.MaxValue) n = n * 10 + (upper[i++] - '0');
            v = n > int.MaxValue ? 0 : (int)n;
        }
        return Math.Min(v / 4 + 1, 255);
    }

    /// <summary>sqlite3LogEst: about 10*log2(x).</summary>
    private static int LogEst(long x)
    {
        ReadOnlySpan<int> a = [0, 2, 3, 5, 6, 7, 8, 9];
        int y = 40;
        if (x < 8)
        {
            if (x < 2) return 0;
            while (x < 8) { y -= 10; x <<= 1; }
        }
        else
        {
            int i = 60 - System.Numerics.BitOperations.LeadingZeroCount((ulong)x);
            y += i * 10;
            x >>= i;
        }
        return a[(int)(x & 7)] + y - 10;
    }
}
