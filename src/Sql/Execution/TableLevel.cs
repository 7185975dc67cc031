using MiniSql.Engine.BTree;
using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

/// <summary>How a table level finds its rows.</summary>
internal enum AccessMode
{
    /// <summary>Full scan in rowid order.</summary>
    Scan,
    /// <summary>rowid = key.</summary>
    RowidEquals,
    /// <summary>rowid between optional bounds.</summary>
    RowidRange,
    /// <summary>Index entries whose leading columns equal the keys, optionally bounded on the next column.</summary>
    Index,
    /// <summary>Rows whose <see cref="TableLevel.AutomaticColumn"/> equals Keys[0], from a transient sorted copy of the table.</summary>
    AutomaticIndex,
}

/// <summary>A base-table level: full scan, rowid lookup/range, or index lookup/range followed by a rowid lookup.</summary>
internal sealed class TableLevel : Level
{
    private readonly RunContext _run;
    private readonly TableInfo _table;
    private readonly Func<int, SqlValue>? _defaults;
    private BTreeCursor? _cursor;
    private BTreeCursor? _indexCursor;
    private byte[]? _buffer;
    private bool _positioned;
    private bool _empty;
    private SqlValue[] _key = [];
    private long _rowidLow, _rowidHigh;

    /// <summary>Creates a level.</summary>
    public TableLevel(SourceBinding source, Frame frame, RunContext run, Func<int, SqlValue>? defaults) : base(source, frame)
    {
        _run = run;
        _table = source.Table!;
        _defaults = defaults;
    }

    /// <summary>INDEXED BY index, if any.</summary>
    public IndexInfo? ForcedIndex { get; set; }

    /// <summary>NOT INDEXED was given.</summary>
    public bool NotIndexed { get; set; }

    /// <summary>The access path.</summary>
    public AccessMode Mode { get; set; }

    /// <summary>The index for <see cref="AccessMode.Index"/>.</summary>
    public IndexInfo? Index { get; set; }

    /// <summary>Equality keys (rowid = Keys[0], or the index's leading columns).</summary>
    public CompiledExpr[] Keys { get; set; } = [];

    /// <summary>Affinity to apply to each key before seeking (column affinity).</summary>
    public Affinity[] KeyAffinities { get; set; } = [];

    /// <summary>Lower bound (rowid range or the index column after the keys), and whether it is inclusive.</summary>
    public CompiledExpr? Low { get; set; }

    /// <summary>True when <see cref="Low"/> is inclusive (>=).</summary>
    public bool LowInclusive { get; set; }

    /// <summary>Upper bound, and whether it is inclusive.</summary>
    public CompiledExpr? High { get; set; }

    /// <summary>True when <see cref="High"/> is inclusive (&lt;=).</summary>
    public bool HighInclusive { get; set; }

    /// <summary>Affinity applied to range bounds.</summary>
    public Affinity RangeAffinity { get; set; }

    /// <summary>Text of the constraint for EXPLAIN QUERY PLAN, e.g. "a=? AND b&gt;?".</summary>
    public string ConstraintText { get; set; } = "";

    /// <summary>Per key: true when a NULL key matches NULL entries (IS / IS NULL) instead of matching nothing.</summary>
    public bool[] KeyNullMatches { get; set; } = [];

    /// <summary>Which of <see cref="Keys"/> is an IN list probed value by value (-1 for none).</summary>
    public int InPosition { get; set; } = -1;

    /// <summary>The IN list at <see cref="InPosition"/>.</summary>
    public CompiledExpr[]? InValues { get; set; }

    /// <summary>Walk the rows backwards (ORDER BY ... DESC satisfied by the scan order); only for scans and equality lookups.</summary>
    public bool Reverse { get; set; }

    /// <summary>
    /// For an index path: table column -> position in the index record when every column the query reads is in
    /// the index (a covering index, so the table b-tree is never read); null otherwise.
    /// </summary>
    public int[]? CoveringMap { get; set; }

    /// <summary>For <see cref="AccessMode.AutomaticIndex"/>: the column the transient index is keyed on.</summary>
    public int AutomaticColumn { get; set; } = -1;

    /// <summary>For <see cref="AccessMode.AutomaticIndex"/>: the key column's collation (null = BINARY).</summary>
    public MiniSql.Engine.Records.CollatingSequence? AutomaticCollation { get; set; }

    // Automatic index: rows (frame slices, rowid last) sorted by key then rowid, built once per run (epoch).
    private SqlValue[][]? _autoRows;
    private long _autoEpoch;
    private int _autoNext;
    private SqlValue _autoKey;

    private SqlValue[] _inList = [];
    private SqlValue[] _inCache = [];
    private bool _inConstant;
    private long _inEpoch;
    private int _inNext;

    /// <inheritdoc />
    public override void Open()
    {
        var tree = _run.Database.Tree;
        _cursor ??= tree.OpenTableCursor(_table.RootPage);
        _positioned = false;
        _empty = false;
        if (Mode == AccessMode.Index)
        {
            _indexCursor ??= tree.OpenIndexCursor(Index!.RootPage, Index.KeyInfo);
            if (_key.Length != Keys.Length + (Low is not null || High is not null ? 1 : 0)) _key = new SqlValue[Keys.Length + (Low is not null || High is not null ? 1 : 0)];
            for (int i = 0; i < Keys.Length; i++)
            {
                if (i == InPosition)
                {
                    _inList = ProbeValues(KeyAffinities[i], Index!.SemanticCollations[i]);
                    _inNext = 1;
                    if (_inList.Length == 0) { _empty = true; continue; }
                    _key[i] = _inList[0];
                    continue;
                }
                var v = AffinityRules.Apply(Keys[i].Eval(), KeyAffinities[i]);
                if (v.IsNull && (i >= KeyNullMatches.Length || !KeyNullMatches[i])) _empty = true;
                _key[i] = v;
            }
        }
        else if (Mode == AccessMode.AutomaticIndex)
        {
            if (_autoRows is null || _autoEpoch != _run.Epoch) BuildAutomaticIndex();
            _autoKey = AffinityRules.Apply(Keys[0].Eval(), KeyAffinities[0]);
            if (_autoKey.IsNull) _empty = true;
            else _autoNext = LowerBound(_autoKey);
        }
        else if (Mode == AccessMode.RowidEquals)
        {
            if (InPosition == 0)
            {
                _inList = ProbeValues(Affinity.Numeric, null);
                _inNext = 0;
                _empty = !NextRowidProbe();
            }
            else if (!TryRowid(Keys[0].Eval(), 0, out _rowidLow)) _empty = true;
        }
        else if (Mode == AccessMode.RowidRange)
        {
            _rowidLow = long.MinValue;
            _rowidHigh = long.MaxValue;
            if (Low is not null && !Bound(Low.Eval(), LowInclusive ? 0 : 1, true, ref _rowidLow)) _empty = true;
            if (High is not null && !Bound(High.Eval(), HighInclusive ? 0 : -1, false, ref _rowidHigh)) _empty = true;
        }
    }

    /// <summary>Copies every row with a non-NULL key and sorts the copies by (key, rowid), as an index would hold them.</summary>
    private void BuildAutomaticIndex()
    {
        var rows = new List<SqlValue[]>();
        int width = Source.Width;
        var saved = new SqlValue[width];
        Array.Copy(Frame.Values, Source.Offset, saved, 0, width);
        using (var cursor = _run.Database.Tree.OpenTableCursor(_table.RootPage))
        {
            for (bool ok = cursor.First(); ok; ok = cursor.Next())
            {
                _run.CheckInterrupt();
                RowCodec.Read(cursor, _table, Frame.Values, Source.Offset, ref _buffer, _defaults);
                if (Frame.Values[Source.Offset + AutomaticColumn].IsNull) continue;
                rows.Add(Frame.Values.AsSpan(Source.Offset, width).ToArray());
            }
        }
        Array.Copy(saved, 0, Frame.Values, Source.Offset, width);
        var collation = AutomaticCollation;
        int column = AutomaticColumn;
        rows.Sort((a, b) =>
        {
            int c = SqlComparer.Compare(a[column], b[column], collation);
            return c != 0 ? c : a[width - 1].AsInteger.CompareTo(b[width - 1].AsInteger);
        });
        _autoRows = rows.ToArray();
        _autoEpoch = _run.Epoch;
    }

    /// <summary>First position whose key is &gt;= <paramref name="key"/>.</summary>
    private int LowerBound(SqlValue key)
    {
        var rows = _autoRows!;
        int lo = 0, hi = rows.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (SqlComparer.Compare(rows[mid][AutomaticColumn], key, AutomaticCollation) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>The IN list's values with the key affinity applied, NULLs dropped, sorted and distinct (probe order = index order).</summary>
    private SqlValue[] ProbeValues(Affinity affinity, MiniSql.Engine.Records.CollatingSequence? collation)
    {
        // A constant list (the usual case) is sorted once per run, not once per outer row.
        if (_inConstant && _inEpoch == _run.Epoch) return _inCache;
        var list = new List<SqlValue>(InValues!.Length);
        foreach (var e in InValues)
        {
            var v = AffinityRules.Apply(e.Eval(), affinity);
            if (!v.IsNull) list.Add(v);
        }
        list.Sort((a, b) => SqlComparer.Compare(a, b, collation));
        int n = 0;
        for (int i = 0; i < list.Count; i++)
        {
            if (n == 0 || SqlComparer.Compare(list[n - 1], list[i], collation) != 0) list[n++] = list[i];
        }
        var result = list.GetRange(0, n).ToArray();
        if (Reverse) Array.Reverse(result);
        _inConstant = Array.TrueForAll(InValues, e => e.IsConstant);
        _inCache = result;
        _inEpoch = _run.Epoch;
        return result;
    }

    /// <summary>Moves to the next integer of a rowid IN list; false when none is left.</summary>
    private bool NextRowidProbe()
    {
        while (_inNext < _inList.Length)
        {
            if (TryRowid(_inList[_inNext++], 0, out _rowidLow)) return true;
        }
        return false;
    }

    /// <summary>Converts a comparison operand to a rowid bound; false when no row can match.</summary>
    private static bool Bound(SqlValue v, int adjust, bool low, ref long bound)
    {
        v = AffinityRules.Apply(v, Affinity.Numeric);
        switch (v.Type)
        {
            case StorageClass.Null: return false;
            case StorageClass.Integer:
                long i = v.AsInteger;
                if (adjust > 0) { if (i == long.MaxValue) return false; i++; }
                if (adjust < 0) { if (i == long.MinValue) return false; i--; }
                bound = i;
                return true;
            case StorageClass.Real:
                double r = v.AsReal;
                if (low)
                {
                    double c = Math.Ceiling(r);
                    if (adjust > 0 && c == r) c += 1;
                    if (c > 9.2233720368547758E18) return false;
                    bound = c < -9.2233720368547758E18 ? long.MinValue : (long)c;
                }
                else
                {
                    double f = Math.Floor(r);
                    if (adjust < 0 && f == r) f -= 1;
                    if (f < -9.2233720368547758E18) return false;
                    bound = f >= 9.2233720368547758E18 ? long.MaxValue : (long)f;
                }
                return true;
            default:
                // TEXT/BLOB sort after every number: rowid > 'x' matches nothing, rowid < 'x' matches everything.
                if (low) return false;
                bound = long.MaxValue;
                return true;
        }
    }

    private static bool TryRowid(SqlValue v, int adjust, out long rowid)
    {
        v = AffinityRules.Apply(v, Affinity.Numeric);
        rowid = 0;
        if (v.Type == StorageClass.Integer) { rowid = v.AsInteger; return true; }
        return false;
    }

    /// <inheritdoc />
    public override bool Next()
    {
        if (_empty) return false;
        var cursor = _cursor!;
        switch (Mode)
        {
            case AccessMode.Scan:
                if (!(_positioned ? (Reverse ? cursor.Previous() : cursor.Next()) : (Reverse ? cursor.Last() : cursor.First()))) return false;
                _positioned = true;
                break;
            case AccessMode.RowidEquals:
                while (true)
                {
                    if (!_positioned)
                    {
                        _positioned = true;
                        if (cursor.SeekRowid(_rowidLow) == SeekResult.Exact) break;
                    }
                    if (InPosition < 0 || !NextRowidProbe()) return false;
                    _positioned = false;
                }
                break;
            case AccessMode.RowidRange:
                if (!_positioned)
                {
                    _positioned = true;
                    var r = cursor.SeekRowid(_rowidLow);
                    if (r == SeekResult.Empty) return false;
                    if (r == SeekResult.EntryLess && !cursor.Next()) return false;
                }
                else if (!cursor.Next()) return false;
                if (cursor.Rowid > _rowidHigh) return false;
                break;
            case AccessMode.AutomaticIndex:
            {
                var rows = _autoRows!;
                if (_autoNext >= rows.Length || SqlComparer.Compare(rows[_autoNext][AutomaticColumn], _autoKey, AutomaticCollation) != 0) return false;
                var row = rows[_autoNext++];
                Array.Copy(row, 0, Frame.Values, Source.Offset, row.Length);
                return true;
            }
            default:
                while (!NextIndexEntry())
                {
                    if (InPosition < 0 || _inNext >= _inList.Length) return false;
                    _key[InPosition] = _inList[_inNext++];
                    _positioned = false;
                }
                if (CoveringMap is not null) return true;
                break;
        }
        RowCodec.Read(cursor, _table, Frame.Values, Source.Offset, ref _buffer, _defaults);
        return true;
    }

    /// <summary>Loads the row from the index entry alone (covering index): indexed columns, the rowid alias and the rowid.</summary>
    private void ReadCovering(RecordReader reader, long rowid)
    {
        var values = Frame.Values;
        var map = CoveringMap!;
        int offset = Source.Offset;
        for (int c = 0; c < map.Length; c++) values[offset + c] = map[c] >= 0 ? reader.GetValue(map[c]) : SqlValue.Null;
        if (_table.RowidAlias >= 0) values[offset + _table.RowidAlias] = SqlValue.Integer(rowid);
        values[offset + map.Length] = SqlValue.Integer(rowid);
    }

    private bool NextIndexEntry()
    {
        var index = _indexCursor!;
        var keyInfo = Index!.KeyInfo;
        int k = Keys.Length;
        while (true)
        {
            if (!_positioned)
            {
                _positioned = true;
                bool found;
                if (Low is not null)
                {
                    var low = AffinityRules.Apply(Low.Eval(), RangeAffinity);
                    if (low.IsNull) return false;
                    _key[k] = low;
                    found = LowInclusive ? index.SeekGE(_key.AsSpan(0, k + 1)) : index.SeekGT(_key.AsSpan(0, k + 1));
                }
                else if (Reverse)
                {
                    found = k > 0 ? index.SeekLE(_key.AsSpan(0, k)) : index.Last();
                }
                else if (k > 0)
                {
                    found = index.SeekGE(_key.AsSpan(0, k));
                    // Skip NULLs on the range column when only an upper bound is given (NULL < x is never true).
                    if (found && High is not null) found = SkipNulls(index, k);
                }
                else
                {
                    found = index.First();
                    if (found && High is not null) found = SkipNulls(index, k);
                }
                if (!found) return false;
            }
            else if (!(Reverse ? index.Previous() : index.Next())) return false;
            byte[]? scratch = _buffer;
            var record = index.GetPayload(ref scratch);
            var reader = new RecordReader(record);
            if (k > 0 && RecordComparer.Compare(record, _key.AsSpan(0, k), keyInfo) != 0) return false;
            if (High is not null)
            {
                var high = AffinityRules.Apply(High.Eval(), RangeAffinity);
                if (high.IsNull) return false;
                var v = reader.GetValue(k);
                int c = SqlComparer.Compare(v, high, Index.SemanticCollations[k]);
                if (Index.Descending[k]) c = -c;
                if (c > 0 || (c == 0 && !HighInclusive)) return false;
            }
            long rowid = reader.GetValue(reader.ColumnCount - 1).AsInteger;
            if (CoveringMap is not null)
            {
                ReadCovering(reader, rowid);
                return true;
            }
            if (_cursor!.SeekRowid(rowid) == SeekResult.Exact) return true;
        }
    }

    private bool SkipNulls(BTreeCursor index, int k)
    {
        while (true)
        {
            byte[]? scratch = _buffer;
            var record = index.GetPayload(ref scratch);
            var reader = new RecordReader(record);
            if (k > 0 && RecordComparer.Compare(record, _key.AsSpan(0, k), Index!.KeyInfo) != 0) return true;
            if (reader.GetStorageClass(k) != StorageClass.Null) return true;
            if (!index.Next()) return false;
        }
    }

    /// <inheritdoc />
    public override void Close()
    {
        _cursor?.Dispose();
        _cursor = null;
        _indexCursor?.Dispose();
        _indexCursor = null;
    }

    /// <inheritdoc />
    /// <remarks>SQLite checks a Bloom filter before probing an automatic index and shows it as its own line.</remarks>
    public override string? DescribeBefore() =>
        Mode == AccessMode.AutomaticIndex ? $"BLOOM FILTER ON {DisplayName} ({ConstraintText})" : null;

    /// <summary>The name EXPLAIN QUERY PLAN shows: the alias if there is one, else the table name.</summary>
    private string DisplayName => Source.Name.Equals(_table.Name, StringComparison.OrdinalIgnoreCase) ? _table.Name : Source.Name;

    /// <inheritdoc />
    public override string Describe()
    {
        string name = DisplayName;
        return Mode switch
        {
            AccessMode.Scan => "SCAN " + name,
            AccessMode.RowidEquals or AccessMode.RowidRange => $"SEARCH {name} USING INTEGER PRIMARY KEY ({ConstraintText})",
            AccessMode.AutomaticIndex => $"SEARCH {name} USING AUTOMATIC COVERING INDEX ({ConstraintText})",
            _ when ConstraintText.Length == 0 => $"SCAN {name} USING {(CoveringMap is null ? "" : "COVERING ")}INDEX {Index!.Name}",
            _ => $"SEARCH {name} USING {(CoveringMap is null ? "" : "COVERING ")}INDEX {Index!.Name} ({ConstraintText})",
        };
    }
}
