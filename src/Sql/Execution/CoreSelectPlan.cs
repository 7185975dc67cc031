using MiniSql.Engine.Records;
using MiniSql.Sql.Functions;
using MiniSql.Sql.Semantics;
using SemCollation = MiniSql.Engine.Records.CollatingSequence;

namespace MiniSql.Sql.Execution;

/// <summary>
/// One SELECT core: the join loop, then either per-row output or grouping with aggregates (groups kept in a
/// sorted map keyed by the GROUP BY values, so groups come out in key order as SQLite's sorter gives them), then
/// DISTINCT. Rows carry the ORDER BY keys after the output columns for a following <see cref="SortPlan"/>.
/// </summary>
internal sealed class CoreSelectPlan : QueryPlan
{
    private readonly JoinLoop _loop;
    private readonly Frame _frame;
    private readonly int _frameWidth;
    private readonly CompiledExpr[] _outputs;
    private readonly CompiledExpr[] _sortKeys;
    private readonly bool _distinct;
    private readonly SemCollation?[] _outputCollations;
    private readonly AggregateCollector? _aggregates;
    private readonly CompiledExpr[] _groupBy;
    private readonly SemCollation?[] _groupCollations;
    private readonly CompiledExpr? _having;
    private readonly int _minMaxSlot;
    private SortedSet<SqlValue[]>? _seen;
    private List<Group>? _groups;
    private int _groupPosition;

    private sealed class Group
    {
        public SqlValue[] Key = [];
        public SqlValue[] Row = [];
        public IAggregate[] Accumulators = [];
        public SortedSet<SqlValue>?[] DistinctSets = [];
    }

    /// <summary>Creates a core plan.</summary>
    public CoreSelectPlan(JoinLoop loop, Frame frame, int frameWidth, ColumnMeta[] columns, CompiledExpr[] outputs, CompiledExpr[] sortKeys,
        bool distinct, AggregateCollector? aggregates, CompiledExpr[] groupBy, CompiledExpr? having, QueryCompiler compiler)
    {
        _loop = loop;
        _frame = frame;
        _frameWidth = frameWidth;
        Columns = columns;
        _outputs = outputs;
        _sortKeys = sortKeys;
        _distinct = distinct;
        _aggregates = aggregates;
        _groupBy = groupBy;
        _having = having;
        Row = new SqlValue[outputs.Length + sortKeys.Length];
        _outputCollations = new SemCollation?[outputs.Length];
        for (int i = 0; i < outputs.Length; i++) _outputCollations[i] = outputs[i].Collation;
        _groupCollations = new SemCollation?[groupBy.Length];
        for (int i = 0; i < groupBy.Length; i++) _groupCollations[i] = groupBy[i].Collation;
        _minMaxSlot = -1;
        if (aggregates is not null)
        {
            int found = -1, count = 0;
            for (int i = 0; i < aggregates.Slots.Count; i++)
            {
                string name = aggregates.Slots[i].Function.Name;
                if (name is "min" or "max") { found = i; count++; }
            }
            if (count == 1) _minMaxSlot = found;
        }
    }

    /// <summary>Collation of each ORDER BY key.</summary>
    public SemCollation?[] SortKeyCollations { get; init; } = [];

    /// <summary>True when the join loop already produces rows in ORDER BY order (no sort needed).</summary>
    public bool OrderSatisfied { get; init; }

    /// <summary>The join loop (for EXPLAIN).</summary>
    public JoinLoop Loop => _loop;

    /// <inheritdoc />
    public override void Open()
    {
        if (_frame.Values.Length != _frameWidth) _frame.Values = new SqlValue[_frameWidth];
        _loop.Open();
        _seen = _distinct ? new SortedSet<SqlValue[]>(new RowComparer(0, _outputCollations)) : null;
        _groups = null;
        if (_aggregates is not null) Aggregate();
    }

    private void Aggregate()
    {
        var slots = _aggregates!.Slots;
        var groups = new SortedDictionary<SqlValue[], Group>(new RowComparer(0, _groupCollations));
        var order = new List<Group>();
        var key = new SqlValue[_groupBy.Length];
        var args = new SqlValue[4];
        try
        {
            while (_loop.Next())
            {
                for (int i = 0; i < key.Length; i++) key[i] = _groupBy[i].Eval();
                if (!groups.TryGetValue(key, out var group))
                {
                    group = NewGroup(key.ToArray());
                    groups.Add(group.Key, group);
                    order.Add(group);
                }
                // Bare columns come from the group's first row (SQLite 3.49), or with a single min()/max() from
                // the row that first reached the extreme.
                bool takeRow = _minMaxSlot >= 0;
                for (int s = 0; s < slots.Count; s++)
                {
                    var slot = slots[s];
                    if (slot.Filter is not null && SqlConvert.IsTrue(slot.Filter.Eval()) != true)
                    {
                        if (s == _minMaxSlot) takeRow = false;
                        continue;
                    }
                    int argc = slot.Arguments.Length;
                    if (args.Length < argc) args = new SqlValue[argc];
                    for (int a = 0; a < argc; a++) args[a] = slot.Arguments[a].Eval();
                    if (slot.Distinct)
                    {
                        if (args[0].IsNull) continue;
                        var set = group.DistinctSets[s] ??= new SortedSet<SqlValue>(Comparer<SqlValue>.Create((x, y) => SqlComparer.Compare(x, y, slot.Collation)));
                        if (!set.Add(args[0])) continue;
                    }
                    if (s == _minMaxSlot)
                    {
                        var before = group.Accumulators[s].Finish();
                        group.Accumulators[s].Step(args.AsSpan(0, argc));
                        var after = group.Accumulators[s].Finish();
                        takeRow = !args[0].IsNull && (before.IsNull || SqlComparer.Compare(before, after, slot.Collation) != 0 || group.Row.Length == 0);
                        if (!takeRow && group.Row.Length == 0) takeRow = true;
                        continue;
                    }
                    group.Accumulators[s].Step(args.AsSpan(0, argc));
                }
                if (takeRow || group.Row.Length == 0)
                {
                    if (group.Row.Length != _frameWidth) group.Row = new SqlValue[_frameWidth];
                    Array.Copy(_frame.Values, group.Row, _frameWidth);
                }
            }
        }
        finally
        {
            _loop.Close();
        }
        if (groups.Count == 0 && _groupBy.Length == 0)
        {
            var empty = NewGroup([]);
            empty.Row = new SqlValue[_frameWidth];
            groups.Add(empty.Key, empty);
        }
        _groups = new List<Group>(groups.Values);
        _groupPosition = 0;
    }

    private Group NewGroup(SqlValue[] key)
    {
        var slots = _aggregates!.Slots;
        var group = new Group
        {
            Key = key,
            Accumulators = new IAggregate[slots.Count],
            DistinctSets = new SortedSet<SqlValue>?[slots.Count],
        };
        for (int s = 0; s < slots.Count; s++) group.Accumulators[s] = slots[s].Function.NewAccumulator(slots[s].Collation);
        return group;
    }

    /// <inheritdoc />
    public override bool Next()
    {
        while (true)
        {
            if (_groups is not null)
            {
                if (_groupPosition >= _groups.Count) return false;
                var group = _groups[_groupPosition++];
                if (group.Row.Length == 0) group.Row = new SqlValue[_frameWidth];
                _frame.Values = group.Row;
                var finished = new SqlValue[group.Accumulators.Length];
                for (int s = 0; s < finished.Length; s++) finished[s] = group.Accumulators[s].Finish();
                _frame.Aggs = finished;
                if (_having is not null && SqlConvert.IsTrue(_having.Eval()) != true) continue;
            }
            else if (!_loop.Next())
            {
                return false;
            }
            var row = Row;
            for (int i = 0; i < _outputs.Length; i++) row[i] = _outputs[i].Eval();
            if (_seen is not null)
            {
                var copy = row.AsSpan(0, _outputs.Length).ToArray();
                if (!_seen.Add(copy)) continue;
            }
            for (int i = 0; i < _sortKeys.Length; i++) row[_outputs.Length + i] = _sortKeys[i].Eval();
            return true;
        }
    }

    /// <inheritdoc />
    public override void Close()
    {
        _loop.Close();
        _groups = null;
        _seen = null;
    }

    /// <inheritdoc />
    public override void Explain(ExplainBuilder builder, int parent)
    {
        foreach (var level in _loop.Levels)
        {
            if (level.DescribeBefore() is { } before) builder.Add(parent, before);
            int id = builder.Add(parent, level.Describe());
            if (level is MaterializedLevel { } m && m.Plan is not null) m.Plan.Explain(builder, id);
        }
        if (_aggregates is not null && _groupBy.Length > 0) builder.Add(parent, "USE TEMP B-TREE FOR GROUP BY");
        if (_distinct) builder.Add(parent, "USE TEMP B-TREE FOR DISTINCT");
    }
}
