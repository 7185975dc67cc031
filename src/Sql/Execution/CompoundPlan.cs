using MiniSql.Engine.Records;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Execution;

/// <summary>
/// UNION ALL streams left then right. UNION, INTERSECT and EXCEPT collect distinct rows in a sorted set (so they
/// come out in sorted order, as SQLite's temp b-tree gives them) and combine them. Of rows that compare equal
/// (1 and 1.0, 'a' and 'A' under NOCASE) the one SQLite keeps is returned: without ORDER BY each insert into the
/// temp index overwrites an equal key, so the last one wins (INTERSECT and EXCEPT return the left side's rows);
/// with ORDER BY SQLite merges the sorted sides, keeping the first of equal rows within a side and, for UNION, the
/// right side's row over the left's.
/// </summary>
internal sealed class CompoundPlan : QueryPlan
{
    private readonly QueryPlan _left;
    private readonly QueryPlan _right;
    private readonly CompoundOperator _operator;
    private readonly RowComparer _comparer;
    private bool _onRight;
    private IEnumerator<SqlValue[]>? _results;

    /// <summary>Creates a compound.</summary>
    public CompoundPlan(QueryPlan left, QueryPlan right, CompoundOperator op, RowComparer comparer)
    {
        _left = left;
        _right = right;
        _operator = op;
        _comparer = comparer;
        // A column's collation is the left-most side's that has one (multiSelectCollSeq).
        Columns = new ColumnMeta[left.Columns.Length];
        for (int i = 0; i < Columns.Length; i++)
        {
            var l = left.Columns[i];
            Columns[i] = l.Collation is null && i < right.Columns.Length && right.Columns[i].Collation is { } c ? l with { Collation = c } : l;
        }
        Row = new SqlValue[left.Columns.Length];
    }

    /// <summary>True when the compound has an ORDER BY: of equal rows the first is kept, else the last.</summary>
    public bool KeepFirst { get; init; }

    /// <inheritdoc />
    public override void Open()
    {
        _onRight = false;
        _results = null;
        int n = Columns.Length;
        if (_operator == CompoundOperator.UnionAll)
        {
            _left.Open();
            return;
        }
        var set = new SortedSet<SqlValue[]>(_comparer);
        Drain(_left, row => Add(set, row));
        switch (_operator)
        {
            case CompoundOperator.Union when KeepFirst:
                // Merging sorted sides, SQLite drops the left row when the right one is equal.
                var right = new SortedSet<SqlValue[]>(_comparer);
                Drain(_right, row => right.Add(row));
                foreach (var row in right)
                {
                    set.Remove(row);
                    set.Add(row);
                }
                break;
            case CompoundOperator.Union:
                Drain(_right, row => Add(set, row));
                break;
            case CompoundOperator.Except:
                Drain(_right, row => set.Remove(row));
                break;
            default:
                var both = new SortedSet<SqlValue[]>(_comparer);
                Drain(_right, row => { if (set.TryGetValue(row, out var kept)) both.Add(kept); });
                set = both;
                break;
        }
        _results = set.GetEnumerator();
    }

    private void Add(SortedSet<SqlValue[]> set, SqlValue[] row)
    {
        if (set.Add(row) || KeepFirst) return;
        set.Remove(row);
        set.Add(row);
    }

    private void Drain(QueryPlan plan, Action<SqlValue[]> sink)
    {
        int n = Columns.Length;
        plan.Open();
        try
        {
            while (plan.Next()) sink(plan.Row.AsSpan(0, n).ToArray());
        }
        finally
        {
            plan.Close();
        }
    }

    /// <inheritdoc />
    public override bool Next()
    {
        if (_results is not null)
        {
            if (!_results.MoveNext()) return false;
            Row = _results.Current;
            return true;
        }
        if (!_onRight)
        {
            if (_left.Next())
            {
                Row = _left.Row;
                return true;
            }
            _left.Close();
            _onRight = true;
            _right.Open();
        }
        if (_right.Next())
        {
            Row = _right.Row;
            return true;
        }
        return false;
    }

    /// <inheritdoc />
    public override void Close()
    {
        _left.Close();
        _right.Close();
        _results = null;
    }

    /// <inheritdoc />
    public override void Explain(ExplainBuilder builder, int parent)
    {
        string label = _operator switch
        {
            CompoundOperator.UnionAll => "UNION ALL",
            CompoundOperator.Union => "UNION USING TEMP B-TREE",
            CompoundOperator.Intersect => "INTERSECT USING TEMP B-TREE",
            _ => "EXCEPT USING TEMP B-TREE",
        };
        int id = builder.Add(parent, "COMPOUND QUERY");
        _left.Explain(builder, builder.Add(id, "LEFT-MOST SUBQUERY"));
        _right.Explain(builder, builder.Add(id, label));
    }
}
