using System.Buffers.Binary;
using MiniSql.Engine.Records;
using MiniSql.Engine.Storage;

namespace MiniSql.Engine.BTree;

/// <summary>
/// The structural part of PRAGMA integrity_check (sqlite3BtreeIntegrityCheck): walks the freelist and every
/// given b-tree and reports, in SQLite's wording:
/// pages referenced twice or out of range, pages never used, freelist count vs header, cell offsets and
/// overlapping bytes, fragmentation accounting, overflow chain lengths, rowid / key order within and across
/// pages, and leaves at different depths. Index-vs-table consistency is left to the SQL layer.
/// Never throws for a damaged file: corruption becomes messages. Read-only; not thread-safe.
/// </summary>
public sealed class IntegrityChecker
{
    private readonly IPageStore _store;
    private readonly Func<uint, KeyInfo?>? _keyInfo;
    private readonly int _maxErrors;
    private readonly List<string> _errors = [];
    private readonly byte[] _used;
    private readonly int _usable;
    private string _prefix = "";

    // In-order state of the tree walk: the previous rowid (tables) or key (indexes).
    private bool _hasPrevious;
    private long _previousRowid;
    private byte[]? _previousKey;
    private byte[]? _scratch;

    private IntegrityChecker(IPageStore store, Func<uint, KeyInfo?>? keyInfo, int maxErrors)
    {
        _store = store;
        _keyInfo = keyInfo;
        _maxErrors = maxErrors;
        _usable = store.UsableSize;
        _used = new byte[store.PageCount + 1];
    }

    /// <summary>
    /// Checks the database. Returns ["ok"] when no problem is found, else up to <paramref name="maxErrors"/> messages.
    /// </summary>
    /// <param name="store">The page store, in a read or write transaction.</param>
    /// <param name="roots">Root pages of every b-tree (1 for sqlite_schema plus each table's and index's rootpage).</param>
    /// <param name="keyInfo">For an index root, how its keys compare (enables key-order checks); null to skip.</param>
    /// <param name="maxErrors">Stop after this many messages (PRAGMA integrity_check(N)).</param>
    public static IReadOnlyList<string> Check(IPageStore store, IReadOnlyList<uint> roots, Func<uint, KeyInfo?>? keyInfo = null, int maxErrors = 100)
    {
        var c = new IntegrityChecker(store, keyInfo, maxErrors);
        c.Run(roots);
        return c._errors.Count == 0 ? ["ok"] : c._errors;
    }

    private bool Full => _errors.Count >= _maxErrors;

    private void Run(IReadOnlyList<uint> roots)
    {
        uint pageCount = _store.PageCount;
        uint trunk, count;
        Page p1 = _store.GetPage(1);
        try
        {
            trunk = BinaryPrimitives.ReadUInt32BigEndian(p1.Data.AsSpan(Freelist.FirstTrunkOffset));
            count = BinaryPrimitives.ReadUInt32BigEndian(p1.Data.AsSpan(Freelist.PageCountOffset));
        }
        finally
        {
            _store.Release(p1);
        }
        _prefix = "Freelist: ";
        CheckFreelist(trunk, count);
        foreach (uint root in roots)
        {
            if (Full) break;
            if (root == 0) continue;
            _hasPrevious = false;
            _previousKey = null;
            KeyInfo? ki = _keyInfo?.Invoke(root);
            CheckTree(root, root, 0, ki, out _);
        }
        _prefix = "";
        uint pendingBytePage = (uint)(0x40000000L / _store.PageSize) + 1;
        for (uint i = 1; i <= pageCount && !Full; i++)
        {
            if (_used[i] == 0 && i != pendingBytePage) Add($"Page {i}: never used");
        }
    }

    private void Add(string message)
    {
        if (!Full) _errors.Add(_prefix + message);
    }

    // Marks a page as used; false (with a message) if it is out of range or already used.
    private bool CheckRef(uint page)
    {
        if (page == 0 || page > _store.PageCount)
        {
            Add($"invalid page number {page}");
            return false;
        }
        if (_used[page] != 0)
        {
            Add($"2nd reference to page {page}");
            return false;
        }
        _used[page] = 1;
        return true;
    }

    private void CheckFreelist(uint trunk, uint expected)
    {
        uint seen = 0;
        int maxLeaves = (_usable / 4) - 2;
        while (trunk != 0 && !Full)
        {
            if (!CheckRef(trunk)) break;
            seen++;
            Page t = _store.GetPage(trunk);
            uint next, leaves;
            try
            {
                next = BinaryPrimitives.ReadUInt32BigEndian(t.Data.AsSpan(0));
                leaves = BinaryPrimitives.ReadUInt32BigEndian(t.Data.AsSpan(4));
                if (leaves > maxLeaves)
                {
                    Add($"freelist leaf count too big on page {trunk}");
                    break;
                }
                for (int i = 0; i < leaves; i++)
                {
                    uint leaf = BinaryPrimitives.ReadUInt32BigEndian(t.Data.AsSpan(8 + (4 * i)));
                    if (CheckRef(leaf)) seen++;
                }
            }
            finally
            {
                _store.Release(t);
            }
            trunk = next;
        }
        if (seen != expected && !Full) Add($"size is {seen} but should be {expected}");
    }

    private void CheckOverflow(uint first, int pages)
    {
        uint next = first;
        for (int i = 0; i < pages; i++)
        {
            if (next == 0)
            {
                Add($"{pages - i} of {pages} pages missing from overflow list starting at {first}");
                return;
            }
            if (!CheckRef(next)) return;
            Page p = _store.GetPage(next);
            try { next = BinaryPrimitives.ReadUInt32BigEndian(p.Data); }
            finally { _store.Release(p); }
        }
    }

    // Checks the subtree at 'pageNumber'; returns false when it could not be read. 'depth' out: leaf depth.
    private bool CheckTree(uint root, uint pageNumber, int level, KeyInfo? keyInfo, out int depth)
    {
        depth = -1;
        if (Full) return false;
        string savedPrefix = _prefix;
        _prefix = $"Tree {root} page {pageNumber}: ";
        try
        {
            if (level >= BTreePageHeader.MaxDepth)
            {
                Add("b-tree is too deep");
                return false;
            }
            if (!CheckRef(pageNumber)) return false;
            Page raw = _store.GetPage(pageNumber);
            try
            {
                BTreePage page;
                try
                {
                    page = BTreePage.Open(raw, _usable);
                }
                catch (MiniSqlException)
                {
                    Add("btreeInitPage() returns error code 11");
                    return false;
                }
                return CheckPage(root, page, level, keyInfo, out depth);
            }
            finally
            {
                _store.Release(raw);
            }
        }
        finally
        {
            _prefix = savedPrefix;
        }
    }

    private bool CheckPage(uint root, BTreePage page, int level, KeyInfo? keyInfo, out int depth)
    {
        depth = -1;
        int n = page.CellCount;
        int contentStart = page.ContentStart;
        var ranges = new List<(int Start, int End)>(n + 8);
        int childDepth = -1;
        for (int i = 0; i < n && !Full; i++)
        {
            string pagePrefix = _prefix;
            _prefix = $"Tree {root} page {page.Number} cell {i}: ";
            try
            {
                int pc = BinaryPrimitives.ReadUInt16BigEndian(page.Data.AsSpan(page.HeaderOffset + page.HeaderSize + (2 * i)));
                if (pc < contentStart || pc > _usable - 4)
                {
                    Add($"Offset {pc} out of range {contentStart}..{_usable - 4}");
                    continue;
                }
                CellInfo c;
                try
                {
                    c = page.ParseCellAt(pc);
                }
                catch (MiniSqlException)
                {
                    Add("Extends off end of page");
                    continue;
                }
                ranges.Add((pc, pc + c.SpaceOnPage));
                if (!page.IsLeaf)
                {
                    if (CheckTree(root, c.LeftChild, level + 1, keyInfo, out int d))
                    {
                        if (childDepth < 0) childDepth = d;
                        else if (d != childDepth) Add("Child page depth differs");
                    }
                }
                if (page.IsTable)
                {
                    long key = c.Rowid;
                    bool bad = _hasPrevious && (page.IsLeaf ? key <= _previousRowid : key < _previousRowid);
                    if (bad) Add($"Rowid {key} out of order");
                    _hasPrevious = true;
                    _previousRowid = key;
                }
                if (c.OverflowPage != 0)
                {
                    int pages = OverflowChain.PageCount(c.PayloadSize, c.LocalSize, _usable);
                    CheckOverflow(c.OverflowPage, pages);
                }
                if (!page.IsTable && keyInfo is not null) CheckKeyOrder(page, c, keyInfo);
            }
            finally
            {
                _prefix = pagePrefix;
            }
        }
        if (!page.IsLeaf && !Full)
        {
            if (CheckTree(root, page.RightChild, level + 1, keyInfo, out int d))
            {
                if (childDepth < 0) childDepth = d;
                else if (d != childDepth) Add("Child page depth differs");
            }
        }
        depth = page.IsLeaf ? 0 : childDepth + 1;
        CheckSpace(page, ranges);
        return true;
    }

    private void CheckKeyOrder(BTreePage page, CellInfo c, KeyInfo keyInfo)
    {
        try
        {
            ReadOnlySpan<byte> key;
            if (c.OverflowPage == 0) key = page.LocalPayload(c);
            else
            {
                if (OverflowChain.PageCount(c.PayloadSize, c.LocalSize, _usable) > _store.PageCount) return;
                if (_scratch is null || _scratch.Length < c.PayloadSize) _scratch = new byte[c.PayloadSize];
                Span<byte> dest = _scratch.AsSpan(0, c.PayloadSize);
                page.LocalPayload(c).CopyTo(dest);
                OverflowChain.Read(_store, page.Number, c.OverflowPage, dest[c.LocalSize..]);
                key = dest;
            }
            if (_previousKey is not null && RecordComparer.Compare(_previousKey, key, keyInfo) >= 0) Add("Index key out of order");
            _previousKey = key.ToArray();
        }
        catch (MiniSqlException)
        {
            Add("Index key is not a valid record");
            _previousKey = null;
        }
    }

    // Cells and freeblocks must not overlap; the bytes they leave uncovered must equal the fragment count.
    private void CheckSpace(BTreePage page, List<(int Start, int End)> ranges)
    {
        if (Full) return;
        int contentStart = page.ContentStart;
        int pc = page.FirstFreeblock;
        int guard = 0;
        while (pc != 0)
        {
            if (pc < contentStart || pc > _usable - 4 || ++guard > _usable / 4)
            {
                Add($"Freeblock offset {pc} out of range");
                return;
            }
            int size = BinaryPrimitives.ReadUInt16BigEndian(page.Data.AsSpan(pc + 2));
            if (size < 4 || pc + size > _usable)
            {
                Add($"Freeblock at {pc} extends off end of page");
                return;
            }
            ranges.Add((pc, pc + size));
            int next = BinaryPrimitives.ReadUInt16BigEndian(page.Data.AsSpan(pc));
            if (next != 0 && next <= pc + size)
            {
                Add($"Freeblocks out of order at {pc}");
                return;
            }
            pc = next;
        }
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        int covered = 0, last = contentStart;
        foreach ((int start, int end) in ranges)
        {
            if (start < last)
            {
                Add($"Multiple uses for byte {start} of page {page.Number}");
                return;
            }
            covered += end - start;
            last = end;
        }
        int fragments = _usable - contentStart - covered;
        if (fragments != page.FragmentedBytes)
            Add($"Fragmentation of {fragments} bytes reported as {page.FragmentedBytes} on page {page.Number}");
    }
}
