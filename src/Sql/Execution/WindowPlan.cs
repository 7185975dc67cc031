using MiniSql.Engine.Records;
using MiniSql.Sql.Functions;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;
using SemCollation = MiniSql.Engine.Records.CollatingSequence;

namespace MiniSql.Sql.Execution;

/// <summary>Kinds of window function ("Window Functions", sections 3 and 4).</summary>
internal enum WindowKind { Aggregate, RowNumber, Rank, DenseRank, PercentRank, CumeDist, Ntile, Lag, Lead, FirstValue, LastValue, NthValue }

/// <summary>
/// One window function call of a SELECT core: function, compiled arguments, FILTER, the resolved window
/// (PARTITION BY, ORDER BY, frame). Its per-row inputs are laid out as partition keys, order keys, arguments, filter.
/// </summary>
internal sealed class WindowCall
{
    public required string Name { get; init; }
    public required WindowKind Kind { get; init; }
    public AggregateFunction? Aggregate { get; init; }
    public SemCollation AggregateCollation { get; init; } = SemCollation.Binary;
    public required CompiledExpr[] Arguments { get; init; }
    public CompiledExpr? Filter { get; init; }
    public required CompiledExpr[] PartitionBy { get; init; }
    public required CompiledExpr[] OrderBy { get; init; }
    public required SemCollation?[] OrderCollations { get; init; }
    public required bool[] Descending { get; init; }
    public required bool[] NullsFirst { get; init; }
    public FrameUnit Unit { get; init; } = FrameUnit.Range;
    public FrameBoundKind StartKind { get; init; } = FrameBoundKind.UnboundedPreceding;
    public FrameBoundKind EndKind { get; init; } = FrameBoundKind.CurrentRow;
    public CompiledExpr? StartOffset { get; init; }
    public CompiledExpr? EndOffset { get; init; }
    public FrameExclude Exclude { get; init; }

    /// <summary>All per-row input expressions in layout order.</summary>
    public IEnumerable<CompiledExpr> Inputs()
    {
        foreach (var e in PartitionBy) yield return e;
        foreach (var e in OrderBy) yield return e;
        foreach (var e in Arguments) yield return e;
        if (Filter is not null) yield return Filter;
    }

    /// <summary>Number of per-row inputs.</summary>
    public int InputCount => PartitionBy.Length + OrderBy.Length + Arguments.Length + (Filter is null ? 0 : 1);
}

/// <summary>The window calls of one SELECT core; compiled calls read <see cref="Current"/>[slot].</summary>
internal sealed class WindowCollector
{
    public List<WindowCall> Calls { get; } = new();

    /// <summary>Window function values of the row being output.</summary>
    public SqlValue[] Current = [];
}

/// <summary>
/// The window stage of a SELECT core ("Window Functions"): runs after WHERE, GROUP BY and HAVING. It materializes
/// every input row (its registers, its group's aggregates and the inputs of each window call), sorts the rows of
/// each call by PARTITION BY then ORDER BY (stable), computes the call's value for every row from its frame, then
/// produces the result columns (and DISTINCT, and the ORDER BY keys for a following sort) row by row.
/// </summary>
internal sealed class WindowPlan : QueryPlan
{
    private readonly CoreSelectPlan _input;
    private readonly Frame _frame;
    private readonly WindowCollector _windows;
    private readonly CompiledExpr[] _outputs;
    private readonly CompiledExpr[] _sortKeys;
    private readonly bool _distinct;
    private readonly SemCollation?[] _outputCollations;
    private List<InputRow>? _rows;
    private int[] _order = [];
    private int _position;
    private SortedSet<SqlValue[]>? _seen;

    private sealed class InputRow
    {
        public required SqlValue[] Values;
        public required SqlValue[] Aggs;
        public required SqlValue[][] Inputs;
        public required SqlValue[] Results;
    }

    /// <summary>Creates the window stage over a core that computes no outputs of its own.</summary>
    public WindowPlan(CoreSelectPlan input, Frame frame, WindowCollector windows, ColumnMeta[] columns, CompiledExpr[] outputs,
        CompiledExpr[] sortKeys, bool distinct)
    {
        _input = input;
        _frame = frame;
        _windows = windows;
        Columns = columns;
        _outputs = outputs;
        _sortKeys = sortKeys;
        _distinct = distinct;
        Row = new SqlValue[outputs.Length + sortKeys.Length];
        _outputCollations = new SemCollation?[outputs.Length];
        for (int i = 0; i < outputs.Length; i++) _outputCollations[i] = outputs[i].Collation;
    }

    /// <summary>Collation of each ORDER BY key.</summary>
    public SemCollation?[] SortKeyCollations { get; init; } = [];

    /// <inheritdoc />
    public override void Open()
    {
        var calls = _windows.Calls;
        var rows = new List<InputRow>();
        _input.Open();
        try
        {
            while (_input.Next())
            {
                var inputs = new SqlValue[calls.Count][];
                for (int c = 0; c < calls.Count; c++)
                {
                    var call = calls[c];
                    var values = new SqlValue[call.InputCount];
                    int k = 0;
                    foreach (var e in call.Inputs()) values[k++] = e.Eval();
                    inputs[c] = values;
                }
                rows.Add(new InputRow
                {
                    Values = (SqlValue[])_frame.Values.Clone(),
                    Aggs = _frame.Aggs,
                    Inputs = inputs,
                    Results = new SqlValue[calls.Count],
                });
            }
        }
        finally
        {
            _input.Close();
        }
        _rows = rows;
        _order = new int[rows.Count];
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        for (int c = 0; c < calls.Count; c++) _order = Compute(c, rows);
        _position = 0;
        _seen = _distinct ? new SortedSet<SqlValue[]>(new RowComparer(0, _outputCollations)) : null;
    }

    /// <inheritdoc />
    public override bool Next()
    {
        var rows = _rows!;
        while (_position < _order.Length)
        {
            var r = rows[_order[_position++]];
            _frame.Values = r.Values;
            _frame.Aggs = r.Aggs;
            _windows.Current = r.Results;
            var row = Row;
            for (int i = 0; i < _outputs.Length; i++) row[i] = _outputs[i].Eval();
            if (_seen is not null && !_seen.Add(row.AsSpan(0, _outputs.Length).ToArray())) continue;
            for (int i = 0; i < _sortKeys.Length; i++) row[_outputs.Length + i] = _sortKeys[i].Eval();
            return true;
        }
        return false;
    }

    /// <inheritdoc />
    public override void Close()
    {
        _input.Close();
        _rows = null;
        _seen = null;
    }

    /// <inheritdoc />
    public override void Explain(ExplainBuilder builder, int parent) => _input.Explain(builder, parent);

    /// <summary>Computes call <paramref name="c"/> for every row; returns the rows in the call's window order.</summary>
    private int[] Compute(int c, List<InputRow> rows)
    {
        var call = _windows.Calls[c];
        int np = call.PartitionBy.Length, no = call.OrderBy.Length;
        var order = new int[rows.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        int Keys(int x, int y, int from, int count, bool partition)
        {
            var a = rows[x].Inputs[c];
            var b = rows[y].Inputs[c];
            for (int k = from; k < from + count; k++)
            {
                var u = a[k];
                var v = b[k];
                int j = k - np;
                if (u.IsNull || v.IsNull)
                {
                    if (u.IsNull && v.IsNull) continue;
                    bool first = partition || call.NullsFirst[j];
                    return u.IsNull == first ? -1 : 1;
                }
                int r = SqlComparer.Compare(u, v, partition ? call.PartitionBy[k].Collation : call.OrderCollations[j]);
                if (r != 0) return !partition && call.Descending[j] ? -r : r;
            }
            return 0;
        }
        if (np + no > 0)
        {
            Array.Sort(order, (x, y) =>
            {
                int r = Keys(x, y, 0, np, true);
                if (r == 0) r = Keys(x, y, np, no, false);
                return r != 0 ? r : x.CompareTo(y);
            });
        }
        long startOffset = 0, endOffset = 0;
        SqlValue startValue = default, endValue = default;
        if (call.StartOffset is not null) startOffset = Offset(call, call.StartOffset, "starting", out startValue);
        if (call.EndOffset is not null) endOffset = Offset(call, call.EndOffset, "ending", out endValue);

        int p = 0;
        while (p < order.Length)
        {
            int e = p + 1;
            while (e < order.Length && Keys(order[p], order[e], 0, np, true) == 0) e++;
            ComputePartition(call, c, rows, order[p..e], (x, y) => Keys(x, y, np, no, false), startOffset, endOffset, startValue, endValue);
            p = e;
        }
        return order;
    }

    private static long Offset(WindowCall call, CompiledExpr expr, string which, out SqlValue value)
    {
        value = expr.Eval();
        if (call.Unit == FrameUnit.Range)
        {
            var v = AffinityRules.Apply(value, Affinity.Numeric);
            if (v.Type is not (StorageClass.Integer or StorageClass.Real) || (v.Type == StorageClass.Integer ? v.AsInteger < 0 : !(v.AsReal >= 0)))
                ThrowHelper.Throw(ResultCode.Error, $"frame {which} offset must be a non-negative number");
            value = v;
            return 0;
        }
        var n = AffinityRules.Apply(value, Affinity.Numeric);
        if (n.Type == StorageClass.Real && n.AsReal == Math.Floor(n.AsReal) && Math.Abs(n.AsReal) < 9e18) n = SqlValue.Integer((long)n.AsReal);
        if (n.Type != StorageClass.Integer || n.AsInteger < 0)
            ThrowHelper.Throw(ResultCode.Error, $"frame {which} offset must be a non-negative integer");
        return n.AsInteger;
    }

    private static void ComputePartition(WindowCall call, int c, List<InputRow> rows, int[] part, Func<int, int, int> orderCompare,
        long startOffset, long endOffset, SqlValue startValue, SqlValue endValue)
    {
        int n = part.Length;
        int np = call.PartitionBy.Length, no = call.OrderBy.Length;
        int argBase = np + no;
        // Peer groups: rows equal on ORDER BY (all rows when there is none).
        var groupOf = new int[n];
        var groupFirst = new List<int>();
        var groupLast = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (i == 0 || (no > 0 && orderCompare(part[i - 1], part[i]) != 0))
            {
                if (i > 0) groupLast.Add(i - 1);
                groupFirst.Add(i);
            }
            groupOf[i] = groupFirst.Count - 1;
        }
        groupLast.Add(n - 1);
        int groups = groupFirst.Count;

        SqlValue Arg(int i, int a) => rows[part[i]].Inputs[c][argBase + a];

        switch (call.Kind)
        {
            case WindowKind.RowNumber:
                for (int i = 0; i < n; i++) rows[part[i]].Results[c] = SqlValue.Integer(i + 1);
                return;
            case WindowKind.Rank:
                for (int i = 0; i < n; i++) rows[part[i]].Results[c] = SqlValue.Integer(groupFirst[groupOf[i]] + 1);
                return;
            case WindowKind.DenseRank:
                for (int i = 0; i < n; i++) rows[part[i]].Results[c] = SqlValue.Integer(groupOf[i] + 1);
                return;
            case WindowKind.PercentRank:
                for (int i = 0; i < n; i++)
                    rows[part[i]].Results[c] = SqlValue.Real(n <= 1 ? 0.0 : (double)groupFirst[groupOf[i]] / (n - 1));
                return;
            case WindowKind.CumeDist:
                for (int i = 0; i < n; i++) rows[part[i]].Results[c] = SqlValue.Real((double)(groupLast[groupOf[i]] + 1) / n);
                return;
            case WindowKind.Ntile:
                for (int i = 0; i < n; i++)
                {
                    var v = AffinityRules.Apply(Arg(i, 0), Affinity.Numeric);
                    if (v.Type == StorageClass.Real && v.AsReal == Math.Floor(v.AsReal)) v = SqlValue.Integer((long)v.AsReal);
                    if (v.Type != StorageClass.Integer || v.AsInteger <= 0)
                        ThrowHelper.Throw(ResultCode.Error, "argument of ntile must be a positive integer");
                    long buckets = v.AsInteger;
                    long size = n / buckets, extra = n % buckets;
                    long big = extra * (size + 1);
                    long tile = i < big ? i / (size + 1) + 1 : (i - big) / size + extra + 1;
                    rows[part[i]].Results[c] = SqlValue.Integer(tile);
                }
                return;
            case WindowKind.Lag:
            case WindowKind.Lead:
                for (int i = 0; i < n; i++)
                {
                    long offset = 1;
                    if (call.Arguments.Length > 1)
                    {
                        var o = Arg(i, 1);
                        if (o.IsNull) { rows[part[i]].Results[c] = SqlValue.Null; continue; }
                        offset = SqlConvert.ToInteger(o);
                    }
                    long j = call.Kind == WindowKind.Lag ? i - offset : i + offset;
                    rows[part[i]].Results[c] = j >= 0 && j < n ? Arg((int)j, 0) : call.Arguments.Length > 2 ? Arg(i, 2) : SqlValue.Null;
                }
                return;
        }

        // Frame-based functions: aggregates, first_value, last_value, nth_value.
        int prevLo = -1, prevHi = -1;
        IAggregate? running = null;
        var args = new SqlValue[call.Arguments.Length];
        for (int i = 0; i < n; i++)
        {
            var (lo, hi) = FrameOf(call, rows, c, part, i, n, groupOf, groupFirst, groupLast, groups, startOffset, endOffset, startValue, endValue);
            lo = Math.Max(lo, 0);
            hi = Math.Min(hi, n - 1);
            bool Excluded(int j) => call.Exclude switch
            {
                FrameExclude.CurrentRow => j == i,
                FrameExclude.Group => groupOf[j] == groupOf[i],
                FrameExclude.Ties => j != i && groupOf[j] == groupOf[i],
                _ => false,
            };
            SqlValue result;
            if (call.Kind == WindowKind.Aggregate)
            {
                int from = lo;
                if (call.Exclude != FrameExclude.NoOthers || running is null || lo != prevLo || hi < prevHi || lo > hi)
                {
                    running = call.Aggregate!.NewAccumulator(call.AggregateCollation);
                }
                else
                {
                    from = prevHi + 1;
                }
                for (int j = from; j <= hi; j++)
                {
                    if (Excluded(j)) continue;
                    var inputs = rows[part[j]].Inputs[c];
                    if (call.Filter is not null && SqlConvert.IsTrue(inputs[^1]) != true) continue;
                    for (int a = 0; a < args.Length; a++) args[a] = inputs[argBase + a];
                    running.Step(args);
                }
                prevLo = lo;
                prevHi = Math.Max(hi, lo - 1);
                result = running.Finish();
                if (call.Exclude != FrameExclude.NoOthers) running = null;
            }
            else
            {
                long nth = 1;
                if (call.Kind == WindowKind.NthValue)
                {
                    var v = AffinityRules.Apply(Arg(i, 1), Affinity.Numeric);
                    if (v.Type == StorageClass.Real && v.AsReal == Math.Floor(v.AsReal)) v = SqlValue.Integer((long)v.AsReal);
                    if (v.Type != StorageClass.Integer || v.AsInteger <= 0)
                        ThrowHelper.Throw(ResultCode.Error, "second argument to nth_value must be a positive integer");
                    nth = v.AsInteger;
                }
                result = SqlValue.Null;
                if (call.Kind == WindowKind.LastValue)
                {
                    for (int j = hi; j >= lo; j--)
                        if (!Excluded(j)) { result = Arg(j, 0); break; }
                }
                else
                {
                    long seen = 0;
                    for (int j = lo; j <= hi; j++)
                    {
                        if (Excluded(j)) continue;
                        if (++seen == nth) { result = Arg(j, 0); break; }
                    }
                }
            }
            rows[part[i]].Results[c] = result;
        }
    }

    /// <summary>The frame of row <paramref name="i"/> as partition positions lo..hi (may be empty or out of range).</summary>
    private static (int Lo, int Hi) FrameOf(WindowCall call, List<InputRow> rows, int c, int[] part, int i, int n, int[] groupOf,
        List<int> groupFirst, List<int> groupLast, int groups, long startOffset, long endOffset, SqlValue startValue, SqlValue endValue)
    {
        long lo, hi;
        int g = groupOf[i];
        switch (call.Unit)
        {
            case FrameUnit.Rows:
                lo = call.StartKind switch
                {
                    FrameBoundKind.UnboundedPreceding => 0,
                    FrameBoundKind.Preceding => i - startOffset,
                    FrameBoundKind.CurrentRow => i,
                    FrameBoundKind.Following => i + startOffset,
                    _ => n,
                };
                hi = call.EndKind switch
                {
                    FrameBoundKind.Preceding => i - endOffset,
                    FrameBoundKind.CurrentRow => i,
                    FrameBoundKind.Following => i + endOffset,
                    FrameBoundKind.UnboundedFollowing => n - 1,
                    _ => -1,
                };
                break;
            case FrameUnit.Groups:
                lo = call.StartKind switch
                {
                    FrameBoundKind.UnboundedPreceding => 0,
                    FrameBoundKind.Preceding => g - startOffset < 0 ? 0 : groupFirst[(int)(g - startOffset)],
                    FrameBoundKind.CurrentRow => groupFirst[g],
                    FrameBoundKind.Following => g + startOffset >= groups ? n : groupFirst[(int)(g + startOffset)],
                    _ => n,
                };
                hi = call.EndKind switch
                {
                    FrameBoundKind.Preceding => g - endOffset < 0 ? -1 : groupLast[(int)(g - endOffset)],
                    FrameBoundKind.CurrentRow => groupLast[g],
                    FrameBoundKind.Following => g + endOffset >= groups ? n - 1 : groupLast[(int)(g + endOffset)],
                    FrameBoundKind.UnboundedFollowing => n - 1,
                    _ => -1,
                };
                break;
            default:
                lo = call.StartKind switch
                {
                    FrameBoundKind.UnboundedPreceding => 0,
                    FrameBoundKind.CurrentRow => groupFirst[g],
                    FrameBoundKind.Preceding or FrameBoundKind.Following =>
                        RangeBound(call, rows, c, part, i, n, groupFirst[g], groupLast[g], startValue, call.StartKind == FrameBoundKind.Preceding, start: true),
                    _ => n,
                };
                hi = call.EndKind switch
                {
                    FrameBoundKind.CurrentRow => groupLast[g],
                    FrameBoundKind.UnboundedFollowing => n - 1,
                    FrameBoundKind.Preceding or FrameBoundKind.Following =>
                        RangeBound(call, rows, c, part, i, n, groupFirst[g], groupLast[g], endValue, call.EndKind == FrameBoundKind.Preceding, start: false),
                    _ => -1,
                };
                break;
        }
        if (lo > n) lo = n;
        if (hi < -1) hi = -1;
        if (hi > n - 1) hi = n - 1;
        if (lo < 0) lo = 0;
        return ((int)lo, (int)hi);
    }

    /// <summary>
    /// A RANGE boundary with an offset: the single ORDER BY value plus or minus the offset. A NULL ORDER BY value
    /// bounds the frame at its peers; NULL values never fall inside a numeric range.
    /// </summary>
    private static long RangeBound(WindowCall call, List<InputRow> rows, int c, int[] part, int i, int n, int peerFirst, int peerLast,
        SqlValue offset, bool preceding, bool start)
    {
        int k = call.PartitionBy.Length;
        var v = rows[part[i]].Inputs[c][k];
        if (v.IsNull) return start ? peerFirst : peerLast;
        bool desc = call.Descending[0];
        // In ORDER BY direction, "preceding" moves towards smaller values for ASC, larger for DESC.
        bool subtract = preceding != desc;
        SqlValue target = v.Type is StorageClass.Integer or StorageClass.Real
            ? (subtract ? SqlArithmetic.Subtract(v, offset) : SqlArithmetic.Add(v, offset))
            : v;
        var collation = call.OrderCollations[0];
        // before(x): x comes strictly before the target in ORDER BY direction.
        int Cmp(SqlValue x)
        {
            int r = SqlComparer.Compare(x, target, collation);
            return desc ? -r : r;
        }
        // The partition is sorted on this key with its NULLs together at one end: binary-search the non-NULL run.
        var keys = rows;
        bool IsNullAt(int j) => keys[part[j]].Inputs[c][k].IsNull;
        int first = 0, last = n - 1;
        if (call.NullsFirst[0])
        {
            int lo = 0, hi = n;
            while (lo < hi) { int m = (lo + hi) >>> 1; if (IsNullAt(m)) lo = m + 1; else hi = m; }
            first = lo;
        }
        else
        {
            int lo = 0, hi = n;
            while (lo < hi) { int m = (lo + hi) >>> 1; if (!IsNullAt(m)) lo = m + 1; else hi = m; }
            last = lo - 1;
        }
        if (start)
        {
            // First non-NULL position whose key is not before the target.
            int lo = first, hi = last + 1;
            while (lo < hi) { int m = (lo + hi) >>> 1; if (Cmp(keys[part[m]].Inputs[c][k]) < 0) lo = m + 1; else hi = m; }
            return lo <= last ? lo : n;
        }
        else
        {
            // Last non-NULL position whose key is not after the target.
            int lo = first, hi = last + 1;
            while (lo < hi) { int m = (lo + hi) >>> 1; if (Cmp(keys[part[m]].Inputs[c][k]) <= 0) lo = m + 1; else hi = m; }
            return lo - 1 >= first ? lo - 1 : -1;
        }
    }
}
