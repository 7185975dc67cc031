using MiniSql.Engine.Records;
using MiniSql.Engine.Storage;

namespace MiniSql.Engine.BTree;

/// <summary>
/// A position in one table b-tree (key = 64-bit rowid, payload = record) or index b-tree (key = record), as
/// SQLite's BtCursor. The cursor pins the pages on its path from the root; <see cref="Dispose"/> releases them.
/// Positions: on table trees always a leaf cell; on index trees a leaf cell or an interior cell (index interior
/// cells are entries too). After the tree is modified through another cursor, or after <see cref="Delete"/>,
/// the cursor has saved its key and re-seeks on next use; <see cref="Next"/> and <see cref="Previous"/> then
/// continue from where the saved entry was. Owned by one connection; not thread-safe.
/// </summary>
public sealed class BTreeCursor : IDisposable
{
    private readonly BTree _tree;
    private readonly KeyInfo _keyInfo;
    private BTreePage?[] _pages;
    private int[] _indexes;
    // The page wrapper last opened at each level, kept after release: reopening the same cached page (same Page
    // object) reuses it instead of allocating a new one (a BTreePage is a pure function of its Page).
    private BTreePage?[] _opened;
    private int _level = -1;
    private State _state;
    private long _savedRowid;
    private byte[]? _savedKey;
    private int _skip; // after a restore: +1 = already on the entry after the saved key, -1 = on the one before
    private byte[]? _scratch;
    private bool _disposed;
    private bool _closed;

    internal BTreeCursor(BTree tree, uint root, KeyInfo? keyInfo)
    {
        _tree = tree;
        Root = root;
        IsTable = keyInfo is null;
        _keyInfo = keyInfo ?? KeyInfo.Default;
        (_pages, _indexes, _opened) = tree.RentPath();
    }

    private enum State : byte
    {
        NoEntry,
        Valid,
        Saved,
    }

    /// <summary>The root page of the tree.</summary>
    public uint Root { get; }

    /// <summary>True for a table b-tree cursor (opened with <see cref="BTree.OpenTableCursor"/>).</summary>
    public bool IsTable { get; }

    /// <summary>True when the cursor is on an entry (restoring a saved position first if needed).</summary>
    public bool IsValid
    {
        get
        {
            Restore();
            return _state == State.Valid;
        }
    }

    /// <summary>The rowid of the current entry (table cursors).</summary>
    /// <exception cref="MiniSqlException">MISUSE when not on an entry or on an index cursor; CORRUPT.</exception>
    public long Rowid
    {
        get
        {
            if (!IsTable) ThrowHelper.Throw(ResultCode.Misuse, "index cursors have no rowid key");
            RequireEntry();
            return Current.ParseCell(_indexes[_level]).Rowid;
        }
    }

    /// <summary>Size in bytes of the current entry's payload (the record).</summary>
    public int PayloadSize
    {
        get
        {
            RequireEntry();
            return Current.ParseCell(_indexes[_level]).PayloadSize;
        }
    }

    private BTreePage Current => _pages[_level]!;

    /// <summary>Moves to the first entry; false when the tree is empty.</summary>
    public bool First()
    {
        ClearSaved();
        if (IsUnwrittenSchema())
            return false;
        MoveToRoot();
        MoveToLeftmost();
        return SettleForward();
    }

    /// <summary>Moves to the last entry; false when the tree is empty.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool Last()
    {
        ClearSaved();
        if (IsUnwrittenSchema())
            return false;
        MoveToRoot();
        MoveToRightmost();
        return SettleBackward();
    }

    /// <summary>Moves to the next entry; false (and no entry) past the last one.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool Next()
    {
        if (_state == State.Saved)
        {
            Restore();
            if (_state != State.Valid) return false;
            int skip = _skip;
            _skip = 0;
            if (skip > 0) return true;
        }
        if (_state != State.Valid) return false;
        BTreePage page = Current;
        if (!page.IsLeaf)
        {
            int i = ++_indexes[_level];
            Descend(page.ChildAt(i));
            MoveToLeftmost();
            return SettleForward();
        }
        _indexes[_level]++;
        return SettleForward();
    }

    /// <summary>Moves to the previous entry; false (and no entry) before the first one.</summary>
    public bool Previous()
    {
        if (_state == State.Saved)
        {
            Restore();
            if (_state != State.Valid) return false;
            int skip = _skip;
            _skip = 0;
            if (skip < 0) return true;
        }
        if (_state != State.Valid) return false;
        BTreePage page = Current;
        if (!page.IsLeaf)
        {
            Descend(page.ChildAt(_indexes[_level]));
            MoveToRightmost();
            return SettleBackward();
        }
        _indexes[_level]--;
        return SettleBackward();
    }

    /// <summary>Seeks a table b-tree to <paramref name="rowid"/> (sqlite3BtreeTableMoveto).</summary>
    public SeekResult SeekRowid(long rowid)
    {
        RequireTable();
        ClearSaved();
        return SeekRowidCore(rowid);
    }

    /// <summary>
    /// Seeks an index b-tree to <paramref name="key"/>, comparing the key's columns with the entries' leading
    /// columns. <paramref name="prefixEqualResult"/> is how an entry whose compared columns all equal the key
    /// counts: 0 = equal (exact seek), +1 = greater (lands on the first entry &gt;= key), -1 = smaller (lands
    /// next to the last entry &lt;= key).
    /// </summary>
    public SeekResult Seek(ReadOnlySpan<SqlValue> key, int prefixEqualResult = 0)
    {
        RequireIndex();
        ClearSaved();
        return SeekIndexCore(key, default, false, prefixEqualResult);
    }

    /// <summary>Moves to the first entry whose key prefix is &gt;= <paramref name="key"/>; false if none.</summary>
    public bool SeekGE(ReadOnlySpan<SqlValue> key) => AfterSeekForward(Seek(key, 1));

    /// <summary>Moves to the first entry whose key prefix is &gt; <paramref name="key"/>; false if none.</summary>
    public bool SeekGT(ReadOnlySpan<SqlValue> key) => AfterSeekForward(Seek(key, -1));

    /// <summary>Moves to the last entry whose key prefix is &lt;= <paramref name="key"/>; false if none.</summary>
    public bool SeekLE(ReadOnlySpan<SqlValue> key) => AfterSeekBackward(Seek(key, -1));

    /// <summary>Moves to the last entry whose key prefix is &lt; <paramref name="key"/>; false if none.</summary>
    public bool SeekLT(ReadOnlySpan<SqlValue> key) => AfterSeekBackward(Seek(key, 1));

    /// <summary>Seeks an index b-tree to the entry equal to the encoded record <paramref name="record"/>.</summary>
    public SeekResult SeekRecord(ReadOnlySpan<byte> record)
    {
        RequireIndex();
        ClearSaved();
        return SeekIndexCore(default, record, true, 0);
    }

    /// <summary>
    /// The current entry's payload when it is stored entirely on the page (no copy); false when it spills to
    /// overflow pages. The span is valid until the cursor moves or the tree changes.
    /// </summary>
    public bool TryGetLocalPayload(out ReadOnlySpan<byte> payload)
    {
        RequireEntry();
        CellInfo c = Current.ParseCell(_indexes[_level]);
        if (c.OverflowPage != 0)
        {
            payload = default;
            return false;
        }
        payload = Current.LocalPayload(c);
        return true;
    }

    /// <summary>
    /// The current entry's payload: the page bytes when local, else assembled into <paramref name="buffer"/>
    /// (grown as needed). Valid until the cursor moves, the tree changes or the buffer is reused.
    /// </summary>
    public ReadOnlySpan<byte> GetPayload(ref byte[]? buffer)
    {
        RequireEntry();
        return PayloadOf(Current, Current.ParseCell(_indexes[_level]), ref buffer);
    }

    /// <summary>A copy of the current entry's payload.</summary>
    public byte[] GetPayload()
    {
        byte[]? buffer = null;
        return GetPayload(ref buffer).ToArray();
    }

    /// <summary>Copies payload bytes [<paramref name="offset"/>, offset + dest.Length) of the current entry.</summary>
    public void ReadPayload(int offset, Span<byte> dest)
    {
        RequireEntry();
        BTreePage page = Current;
        CellInfo c = page.ParseCell(_indexes[_level]);
        if (offset < 0 || (long)offset + dest.Length > c.PayloadSize) ThrowHelper.Throw(ResultCode.Range, "payload read out of range");
        int pos = offset;
        int done = 0;
        if (pos < c.LocalSize)
        {
            int take = Math.Min(c.LocalSize - pos, dest.Length);
            page.LocalPayload(c).Slice(pos, take).CopyTo(dest);
            done = take;
            pos += take;
        }
        if (done == dest.Length) return;
        CheckOverflowSize(page, c);
        IPageStore store = _tree.Store;
        int chunk = _tree.Usable - 4;
        uint next = c.OverflowPage;
        int chunkStart = c.LocalSize;
        while (done < dest.Length)
        {
            if (next < 2 || next > store.PageCount) ThrowHelper.CorruptPage(page.Number, "invalid overflow page " + next);
            Page p = store.GetPage(next);
            try
            {
                if (pos < chunkStart + chunk)
                {
                    int within = pos - chunkStart;
                    int take = Math.Min(chunk - within, dest.Length - done);
                    p.Data.AsSpan(4 + within, take).CopyTo(dest[done..]);
                    done += take;
                    pos += take;
                }
                next = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(p.Data);
            }
            finally
            {
                store.Release(p);
            }
            chunkStart += chunk;
        }
    }

    /// <summary>
    /// Inserts a row into a table b-tree, replacing the row with the same rowid if there is one. Afterwards the
    /// cursor is on the new row.
    /// </summary>
    /// <exception cref="MiniSqlException">MISUSE outside a write transaction; CORRUPT.</exception>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Insert(long rowid, ReadOnlySpan<byte> record)
    {
        RequireTable();
        _tree.RequireWrite();
        _tree.SaveCursors(Root, this);
        ClearSaved();
        SeekResult r = SeekRowidCore(rowid);
        BTreePage leaf = Current;
        int idx = _indexes[_level];
        _tree.Store.MarkWritable(leaf.Page);
        if (r == SeekResult.Exact)
        {
            CellInfo old = leaf.ParseCell(idx);
            _tree.FreeOverflow(leaf, old);
            leaf.DropCell(idx);
        }
        else if (r == SeekResult.EntryLess) idx++;
        else if (r == SeekResult.Empty) idx = 0;
        bool append = r == SeekResult.EntryLess && idx == leaf.CellCount;
        ReadOnlySpan<byte> built = _tree.BuildCellScratch(true, rowid, record);
        if (!leaf.TryInsertCell(idx, built, 0))
        {
            byte[] cell = built.ToArray();
            int level = _level;
            SnapshotPath(level, out uint[] pages, out int[] indexes);
            bool quick = append && level > 0 && indexes[level - 1] == _pages[level - 1]!.CellCount && leaf.CellCount > 0;
            List<BTreeEntry>? entries = quick ? null : leaf.GetEntries();
            ReleaseAll();
            if (quick) _tree.BalanceQuick(pages, indexes, level, cell);
            else
            {
                entries!.Insert(idx, new BTreeEntry(cell, 0));
                _tree.Balance(pages, indexes, level, entries, 0, BTreePageHeader.LeafTable);
            }
        }
        SaveRowid(rowid);
    }

    /// <summary>Inserts an index entry (an encoded record), replacing an equal entry. Afterwards the cursor is on it.</summary>
    /// <exception cref="MiniSqlException">MISUSE outside a write transaction; CORRUPT.</exception>
    public void Insert(ReadOnlySpan<byte> key)
    {
        RequireIndex();
        _tree.RequireWrite();
        _tree.SaveCursors(Root, this);
        ClearSaved();
        new RecordReader(key); // validates the record before it is stored
        SeekResult r = SeekIndexCore(default, key, true, 0);
        BTreePage page = Current;
        int idx = _indexes[_level];
        uint left = 0;
        _tree.Store.MarkWritable(page.Page);
        if (r == SeekResult.Exact)
        {
            CellInfo old = page.ParseCell(idx);
            left = old.LeftChild;
            _tree.FreeOverflow(page, old);
            page.DropCell(idx);
        }
        else if (r == SeekResult.EntryLess) idx++;
        else if (r == SeekResult.Empty) idx = 0;
        byte[] cell = _tree.BuildCell(false, 0, key);
        if (!page.TryInsertCell(idx, cell, left))
        {
            int level = _level;
            SnapshotPath(level, out uint[] pages, out int[] indexes);
            List<BTreeEntry> entries = page.GetEntries();
            entries.Insert(idx, new BTreeEntry(cell, left));
            uint right = page.IsLeaf ? 0 : page.RightChild;
            byte type = page.Type;
            ReleaseAll();
            _tree.Balance(pages, indexes, level, entries, right, type);
        }
        SaveKey(key.ToArray());
    }

    /// <summary>
    /// Deletes the current entry (and its overflow pages). Afterwards <see cref="Next"/> moves to the entry that
    /// followed it and <see cref="Previous"/> to the one that preceded it.
    /// </summary>
    /// <exception cref="MiniSqlException">MISUSE when not on an entry or outside a write transaction; CORRUPT.</exception>
    public void Delete()
    {
        _tree.RequireWrite();
        RequireEntry();
        if (_skip != 0) ThrowHelper.Throw(ResultCode.Misuse, "cursor is not on an entry");
        _tree.SaveCursors(Root, this);
        BTreePage page = Current;
        int idx = _indexes[_level];
        CellInfo cell = page.ParseCell(idx);
        long rowid = cell.Rowid;
        byte[]? key = IsTable ? null : PayloadOf(page, cell, ref _scratch).ToArray();
        int underfullFree = _tree.Usable * 2 / 3;
        if (page.IsLeaf)
        {
            _tree.Store.MarkWritable(page.Page);
            _tree.FreeOverflow(page, cell);
            page.DropCell(idx);
            if (_level > 0 && (page.CellCount == 0 || page.FreeSpace() > underfullFree)) BalanceCurrent();
        }
        else
        {
            DeleteFromInterior(page, idx, cell, underfullFree);
        }
        ReleaseAll();
        if (IsTable) SaveRowid(rowid);
        else SaveKey(key!);
    }

    /// <summary>
    /// Releases the pinned pages and detaches the cursor from its tree until <see cref="Reopen"/>: for a caller
    /// that runs the same cursor once per statement execution (it keeps its path arrays meanwhile).
    /// </summary>
    public void Close()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_closed) return;
        ReleaseAll();
        _state = State.NoEntry;
        _savedKey = null;
        _tree.Unregister(this);
        _closed = true;
    }

    /// <summary>Attaches a cursor detached by <see cref="Close"/> to its tree again, on no entry.</summary>
    public void Reopen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_closed) return;
        _closed = false;
        _state = State.NoEntry;
        _skip = 0;
        _tree.Register(this);
    }

    /// <summary>Releases the pinned pages; the cursor cannot be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        ReleaseAll();
        _state = State.NoEntry;
        if (!_closed) _tree.Unregister(this);
        _tree.ReturnPath(_pages, _indexes, _opened);
        _pages = null!;
        _indexes = null!;
        _opened = null!;
    }

    /// <summary>Saves the position as a key and releases the pages (called before another cursor modifies the tree).</summary>
    internal void SavePosition()
    {
        if (_state == State.Valid)
        {
            BTreePage page = Current;
            CellInfo c = page.ParseCell(_indexes[_level]);
            if (IsTable) SaveRowid(c.Rowid);
            else SaveKey(PayloadOf(page, c, ref _scratch).ToArray());
        }
        ReleaseAll();
    }

    // Index interior entry: replace it by its predecessor (the last entry of its left subtree), then rebalance.
    private void DeleteFromInterior(BTreePage interior, int idx, CellInfo cell, int underfullFree)
    {
        int interiorLevel = _level;
        Descend(interior.ChildAt(idx));
        MoveToRightmost();
        BTreePage leaf = Current;
        int leafCount = leaf.CellCount;
        if (leafCount == 0) ThrowHelper.CorruptPage(leaf.Number, "empty leaf page");
        CellInfo predCell = leaf.ParseCell(leafCount - 1);
        BTreeEntry pred = leaf.GetEntry(leafCount - 1);
        byte[] predKey = PayloadOf(leaf, predCell, ref _scratch).ToArray();
        _tree.Store.MarkWritable(leaf.Page);
        leaf.DropCell(leafCount - 1); // the predecessor keeps its overflow chain
        bool leafUnderfull = leaf.CellCount == 0 || leaf.FreeSpace() > underfullFree;

        _tree.Store.MarkWritable(interior.Page);
        _tree.FreeOverflow(interior, cell);
        interior.DropCell(idx);
        if (interior.TryInsertCell(idx, pred.Cell, cell.LeftChild))
        {
            if (leafUnderfull) BalanceCurrent();
            return;
        }
        SnapshotPath(interiorLevel, out uint[] pages, out int[] indexes);
        List<BTreeEntry> entries = interior.GetEntries();
        entries.Insert(idx, new BTreeEntry(pred.Cell, cell.LeftChild));
        uint right = interior.RightChild;
        byte type = interior.Type;
        ReleaseAll();
        _tree.Balance(pages, indexes, interiorLevel, entries, right, type);
        if (!leafUnderfull) return;

        // The interior balance moved cells between pages: find the predecessor's left subtree again.
        if (SeekIndexCore(default, predKey, true, 0) != SeekResult.Exact || Current.IsLeaf)
            ThrowHelper.CorruptPage(Root, "lost entry while balancing");
        Descend(Current.ChildAt(_indexes[_level]));
        MoveToRightmost();
        BalanceCurrent();
    }

    // Balances the current (leaf) page with its current cells.
    private void BalanceCurrent()
    {
        BTreePage page = Current;
        int level = _level;
        SnapshotPath(level, out uint[] pages, out int[] indexes);
        List<BTreeEntry> entries = page.GetEntries();
        uint right = page.IsLeaf ? 0 : page.RightChild;
        byte type = page.Type;
        ReleaseAll();
        _tree.Balance(pages, indexes, level, entries, right, type);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private SeekResult SeekRowidCore(long rowid)
    {
        if (TrySeekRowidFromPosition(rowid, out SeekResult near)) return near;
        MoveToRoot();
        while (true)
        {
            BTreePage page = Current;
            if (!page.IsTable) ThrowHelper.Throw(ResultCode.Misuse, "not a table b-tree");
            int n = page.CellCount;
            int lo = 0, hi = n - 1;
            if (page.IsLeaf)
            {
                while (lo <= hi)
                {
                    int mid = (lo + hi) >>> 1;
                    long r = page.ParseCell(mid).Rowid;
                    if (r == rowid)
                    {
                        _indexes[_level] = mid;
                        _state = State.Valid;
                        return SeekResult.Exact;
                    }
                    if (r < rowid) lo = mid + 1;
                    else hi = mid - 1;
                }
                return SettleLeafSeek(page, lo, n);
            }
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                if (page.ParseCell(mid).Rowid < rowid) lo = mid + 1;
                else hi = mid - 1;
            }
            _indexes[_level] = lo;
            Descend(page.ChildAt(lo));
        }
    }

    /// <summary>
    /// Answers a rowid seek without descending from the root when the cursor already sits on the right leaf: on
    /// the rowid itself, or on the last entry of the right-most leaf with a smaller rowid (an append, as after
    /// <see cref="Last"/> for a new rowid). A valid position is current: every change to the tree first saves
    /// or invalidates the cursors on it (B4).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TrySeekRowidFromPosition(long rowid, out SeekResult result)
    {
        result = default;
        if (_state != State.Valid || _level < 0) return false;
        BTreePage leaf = Current;
        if (!leaf.IsLeaf || !leaf.IsTable) return false;
        int idx = _indexes[_level];
        int n = leaf.CellCount;
        if (idx < 0 || idx >= n) return false;
        long current = leaf.ParseCell(idx).Rowid;
        if (current == rowid)
        {
            result = SeekResult.Exact;
            return true;
        }
        if (current > rowid || idx != n - 1) return false;
        for (int l = 0; l < _level; l++)
            if (_indexes[l] != _pages[l]!.CellCount) return false;
        result = SeekResult.EntryLess;
        return true;
    }

    private SeekResult SeekIndexCore(ReadOnlySpan<SqlValue> key, ReadOnlySpan<byte> record, bool byRecord, int prefixEqualResult)
    {
        MoveToRoot();
        while (true)
        {
            BTreePage page = Current;
            if (page.IsTable) ThrowHelper.Throw(ResultCode.Misuse, "not an index b-tree");
            int n = page.CellCount;
            int lo = 0, hi = n - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                ReadOnlySpan<byte> payload = PayloadOf(page, page.ParseCell(mid), ref _scratch);
                int c = byRecord
                    ? RecordComparer.Compare(payload, record, _keyInfo)
                    : RecordComparer.Compare(payload, key, _keyInfo, prefixEqualResult);
                if (c == 0)
                {
                    _indexes[_level] = mid;
                    _state = State.Valid;
                    return SeekResult.Exact;
                }
                if (c < 0) lo = mid + 1;
                else hi = mid - 1;
            }
            if (page.IsLeaf) return SettleLeafSeek(page, lo, n);
            _indexes[_level] = lo;
            Descend(page.ChildAt(lo));
        }
    }

    private SeekResult SettleLeafSeek(BTreePage page, int insertAt, int n)
    {
        if (n == 0)
        {
            if (_level > 0) ThrowHelper.CorruptPage(page.Number, "empty leaf page");
            _indexes[_level] = 0;
            _state = State.NoEntry;
            return SeekResult.Empty;
        }
        _state = State.Valid;
        if (insertAt < n)
        {
            _indexes[_level] = insertAt;
            return SeekResult.EntryGreater;
        }
        _indexes[_level] = n - 1;
        return SeekResult.EntryLess;
    }

    private bool AfterSeekForward(SeekResult r) => r switch
    {
        SeekResult.Empty => false,
        SeekResult.EntryLess => Next(),
        _ => true,
    };

    private bool AfterSeekBackward(SeekResult r) => r switch
    {
        SeekResult.Empty => false,
        SeekResult.EntryGreater => Previous(),
        _ => true,
    };

    // Called with the leaf index possibly one past the end: climbs to the next entry in order.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool SettleForward()
    {
        if (_indexes[_level] < Current.CellCount)
        {
            _state = State.Valid;
            return true;
        }
        CheckNotEmptyLeaf();
        while (true)
        {
            if (_level == 0)
            {
                _state = State.NoEntry;
                return false;
            }
            PopPage();
            BTreePage parent = Current;
            int i = _indexes[_level];
            if (i >= parent.CellCount) continue; // came from the right child: keep climbing
            if (!parent.IsTable)
            {
                _state = State.Valid; // index interior entry
                return true;
            }
            _indexes[_level] = i + 1;
            Descend(parent.ChildAt(i + 1));
            MoveToLeftmost();
            if (Current.CellCount > 0)
            {
                _state = State.Valid;
                return true;
            }
            CheckNotEmptyLeaf();
        }
    }

    // Called with the leaf index possibly -1: climbs to the previous entry in order.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool SettleBackward()
    {
        int idx = _indexes[_level];
        if (idx >= 0 && idx < Current.CellCount)
        {
            _state = State.Valid;
            return true;
        }
        CheckNotEmptyLeaf();
        while (true)
        {
            if (_level == 0)
            {
                _state = State.NoEntry;
                return false;
            }
            PopPage();
            BTreePage parent = Current;
            int i = _indexes[_level];
            if (i == 0) continue;
            _indexes[_level] = i - 1;
            if (!parent.IsTable)
            {
                _state = State.Valid;
                return true;
            }
            Descend(parent.ChildAt(i - 1));
            MoveToRightmost();
            if (Current.CellCount > 0)
            {
                _state = State.Valid;
                return true;
            }
            CheckNotEmptyLeaf();
        }
    }

    private void CheckNotEmptyLeaf()
    {
        BTreePage page = Current;
        if (page.IsLeaf && page.CellCount == 0 && _level > 0) ThrowHelper.CorruptPage(page.Number, "empty leaf page");
    }

    /// <summary>A zero-length database (a new file, or one a crash left empty) has no page 1 yet; as in SQLite its
    /// schema table reads as empty instead of corrupt.</summary>
    private bool IsUnwrittenSchema()
    {
        if (Root != 1 || _tree.Store.PageCount != 0)
            return false;
        ReleaseAll();
        _state = State.NoEntry;
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void MoveToRoot()
    {
        ReleaseAll();
        BTreePage root = _tree.OpenPage(Root, Root, _opened[0]);
        _opened[0] = root;
        _pages[0] = root;
        _indexes[0] = 0;
        _level = 0;
        if (root.IsTable != IsTable)
            ThrowHelper.CorruptPage(Root, IsTable ? "root is not a table b-tree page" : "root is not an index b-tree page");
    }

    private void MoveToLeftmost()
    {
        while (!Current.IsLeaf)
        {
            _indexes[_level] = 0;
            Descend(Current.ChildAt(0));
        }
        _indexes[_level] = 0;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void MoveToRightmost()
    {
        while (!Current.IsLeaf)
        {
            BTreePage page = Current;
            _indexes[_level] = page.CellCount;
            Descend(page.RightChild);
        }
        _indexes[_level] = Current.CellCount - 1;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Descend(uint child)
    {
        BTreePage parent = Current;
        if (_level + 1 >= BTreePageHeader.MaxDepth) ThrowHelper.CorruptPage(parent.Number, "b-tree is too deep");
        for (int l = 0; l <= _level; l++)
            if (_pages[l]!.Number == child) ThrowHelper.CorruptPage(child, "page reached twice while descending");
        BTreePage page = _tree.OpenPage(child, parent.Number, _opened[_level + 1]);
        if (page.IsTable != parent.IsTable)
        {
            _tree.Release(page);
            ThrowHelper.CorruptPage(child, "child page of the wrong b-tree kind");
        }
        _opened[_level + 1] = page;
        _level++;
        _pages[_level] = page;
        _indexes[_level] = 0;
    }

    private void PopPage()
    {
        _tree.Release(_pages[_level]);
        _pages[_level] = null;
        _level--;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void ReleaseAll()
    {
        for (int l = 0; l <= _level; l++)
        {
            _tree.Release(_pages[l]);
            _pages[l] = null;
        }
        _level = -1;
        if (_state == State.Valid) _state = State.NoEntry;
    }

    private void SnapshotPath(int level, out uint[] pages, out int[] indexes)
    {
        pages = new uint[level + 1];
        indexes = new int[level + 1];
        for (int l = 0; l <= level; l++)
        {
            pages[l] = _pages[l]!.Number;
            indexes[l] = _indexes[l];
        }
    }

    private void SaveRowid(long rowid)
    {
        ReleaseAll();
        _savedRowid = rowid;
        _savedKey = null;
        _state = State.Saved;
        _skip = 0;
    }

    private void SaveKey(byte[] key)
    {
        ReleaseAll();
        _savedKey = key;
        _state = State.Saved;
        _skip = 0;
    }

    private void ClearSaved()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_closed) ThrowHelper.Throw(ResultCode.Misuse, "cursor is closed");
        if (_state == State.Saved) _state = State.NoEntry;
        _savedKey = null;
        _skip = 0;
    }

    private void Restore()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_state != State.Saved) return;
        SeekResult r = IsTable ? SeekRowidCore(_savedRowid) : SeekIndexCore(default, _savedKey, true, 0);
        _savedKey = null;
        _skip = r switch
        {
            SeekResult.EntryGreater => 1,
            SeekResult.EntryLess => -1,
            _ => 0,
        };
    }

    private void RequireEntry()
    {
        Restore();
        if (_state != State.Valid) ThrowHelper.Throw(ResultCode.Misuse, "cursor is not on an entry");
    }

    private void RequireTable()
    {
        if (!IsTable) ThrowHelper.Throw(ResultCode.Misuse, "operation needs a table b-tree cursor");
    }

    private void RequireIndex()
    {
        if (IsTable) ThrowHelper.Throw(ResultCode.Misuse, "operation needs an index b-tree cursor");
    }

    private void CheckOverflowSize(BTreePage page, in CellInfo c)
    {
        if (OverflowChain.PageCount(c.PayloadSize, c.LocalSize, _tree.Usable) > _tree.Store.PageCount)
            ThrowHelper.CorruptPage(page.Number, "payload larger than the database");
    }

    private ReadOnlySpan<byte> PayloadOf(BTreePage page, CellInfo c, ref byte[]? buffer)
    {
        if (c.OverflowPage == 0) return page.LocalPayload(c);
        CheckOverflowSize(page, c);
        if (buffer is null || buffer.Length < c.PayloadSize) buffer = new byte[Math.Max(c.PayloadSize, 256)];
        Span<byte> dest = buffer.AsSpan(0, c.PayloadSize);
        page.LocalPayload(c).CopyTo(dest);
        OverflowChain.Read(_tree.Store, page.Number, c.OverflowPage, dest[c.LocalSize..]);
        return dest;
    }
}
