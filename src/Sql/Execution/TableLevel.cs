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
                var v = AffinityRules.Apply(Keys[i].Eval(), KeyAffinities[i]);
                if (v.IsNull) _empty = true;
                _key[i] = v;
            }
        }
        else if (Mode == AccessMode.RowidEquals)
        {
            if (!TryRowid(Keys[0].Eval(), 0, out _rowidLow)) _empty = true;
        }
        else if (Mode == AccessMode.RowidRange)
        {
            _rowidLow = long.MinValue;
            _rowidHigh = long.MaxValue;
            if (Low is not null && !Bound(Low.Eval(), LowInclusive ? 0 : 1, true, ref _rowidLow)) _empty = true;
            if (High is not null && !Bound(High.Eval(), HighInclusive ? 0 : -1, false, ref _rowidHigh)) _empty = true;
        }
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
                if (!(_positioned ? cursor.Next() : cursor.First())) return false;
                _positioned = true;
                break;
            case AccessMode.RowidEquals:
                if (_positioned) return false;
                _positioned = true;
                if (cursor.SeekRowid(_rowidLow) != SeekResult.Exact) return false;
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
            default:
                if (!NextIndexEntry()) return false;
                break;
        }
        RowCodec.Read(cursor, _table, Frame.Values, Source.Offset, ref _buffer, _defaults);
        return true;
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
            else if (!index.Next()) return false;
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
    public override string Describe()
    {
        string name = Source.Name.Equals(_table.Name, StringComparison.OrdinalIgnoreCase) ? _table.Name : _table.Name + " AS " + Source.Name;
        return Mode switch
        {
            AccessMode.Scan => "SCAN " + name,
            AccessMode.RowidEquals or AccessMode.RowidRange => $"SEARCH {name} USING INTEGER PRIMARY KEY ({ConstraintText})",
            _ => $"SEARCH {name} USING INDEX {Index!.Name} ({ConstraintText})",
        };
    }
}
