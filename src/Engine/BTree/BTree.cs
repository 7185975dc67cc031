// BTree.cs — table and index b-trees of one database file over an IPageStore.
//
// Owns: root page creation and destruction, cell construction (local payload + overflow chain), the freelist,
// and balancing (BTree.Balance.cs). Cursors (BTreeCursor) navigate and call back here to modify.
//
// Invariants after every public operation:
//  B1. Every page is exactly one of: a b-tree page reachable from one root, an overflow page of one cell, a
//      freelist trunk or leaf, or page 1's header part. (IntegrityChecker verifies this.)
//  B2. All leaves of a tree are at the same depth; keys are in order within and across pages.
//  B3. Non-root pages are not empty; after a delete a non-root page is more than 1/3 full or has been merged
//      with its siblings (the 2/3-free trigger of SQLite's balance()).
//  B4. Before a tree is modified, every other cursor on it saves its position (SaveCursors), so cursors never
//      hold stale paths.
using System.Buffers.Binary;
using MiniSql.Engine.Records;
using MiniSql.Engine.Storage;

namespace MiniSql.Engine.BTree;

/// <summary>
/// The b-trees of one database (SQLite's Btree/BtShared): creates, clears and drops trees, opens cursors and
/// manages the freelist. Page 1 holds the sqlite_schema table b-tree after the 100-byte database header.
/// Owned by one connection; not thread-safe.
/// </summary>
public sealed partial class BTree
{
    private readonly List<BTreeCursor> _cursors = [];

    /// <summary>Creates a b-tree layer over <paramref name="store"/>.</summary>
    public BTree(IPageStore store)
    {
        Store = store;
        Freelist = new Freelist(store);
    }

    /// <summary>The page store (pager).</summary>
    public IPageStore Store { get; }

    /// <summary>Number of pages on the freelist (header bytes 36..39).</summary>
    public uint FreelistCount => Freelist.Count;

    internal Freelist Freelist { get; }

    internal int Usable => Store.UsableSize;

    /// <summary>Writes an empty table-leaf b-tree header at offset 100 of page 1 (a new database's sqlite_schema).</summary>
    public static void FormatSchemaRoot(Span<byte> page1, int usableSize)
    {
        Span<byte> h = page1.Slice(BTreePageHeader.Page1HeaderOffset, BTreePageHeader.LeafHeaderSize);
        h.Clear();
        h[BTreePageHeader.PageTypeOffset] = BTreePageHeader.LeafTable;
        BinaryPrimitives.WriteUInt16BigEndian(h[BTreePageHeader.CellContentOffset..], (ushort)(usableSize == 65536 ? 0 : usableSize));
    }

    /// <summary>Creates an empty table b-tree; returns its root page number.</summary>
    /// <exception cref="MiniSqlException">MISUSE outside a write transaction; CORRUPT on a damaged freelist.</exception>
    public uint CreateTable() => CreateTree(BTreePageHeader.LeafTable);

    /// <summary>Creates an empty index b-tree; returns its root page number.</summary>
    /// <exception cref="MiniSqlException">MISUSE outside a write transaction; CORRUPT on a damaged freelist.</exception>
    public uint CreateIndex() => CreateTree(BTreePageHeader.LeafIndex);

    /// <summary>Opens a cursor on the table b-tree rooted at <paramref name="root"/>.</summary>
    public BTreeCursor OpenTableCursor(uint root) => Register(new BTreeCursor(this, root, null));

    /// <summary>Opens a cursor on the index b-tree rooted at <paramref name="root"/>, comparing keys per <paramref name="keyInfo"/>.</summary>
    public BTreeCursor OpenIndexCursor(uint root, KeyInfo keyInfo) => Register(new BTreeCursor(this, root, keyInfo));

    /// <summary>Frees every page of the tree rooted at <paramref name="root"/>, the root included (DROP TABLE/INDEX).</summary>
    public void Drop(uint root)
    {
        if (root < 2) ThrowHelper.Throw(ResultCode.Misuse, "cannot drop the schema table");
        RequireWrite();
        SaveCursors(root, null);
        FreeTree(root, freeRoot: true);
    }

    /// <summary>Frees every page of the tree but the root, which becomes an empty leaf of the same kind (DELETE without WHERE).</summary>
    public void Clear(uint root)
    {
        RequireWrite();
        SaveCursors(root, null);
        FreeTree(root, freeRoot: false);
    }

    /// <summary>Number of entries in the tree (walks every leaf).</summary>
    public long Count(uint root)
    {
        BTreePage page = OpenPage(root, root);
        bool table = page.IsTable;
        Release(page);
        using var c = new BTreeCursor(this, root, table ? null : KeyInfo.Default);
        long n = 0;
        for (bool ok = c.First(); ok; ok = c.Next()) n++;
        return n;
    }

    internal void Unregister(BTreeCursor cursor) => _cursors.Remove(cursor);

    /// <summary>Makes every cursor on <paramref name="root"/> except <paramref name="except"/> save its position (B4).</summary>
    internal void SaveCursors(uint root, BTreeCursor? except)
    {
        foreach (BTreeCursor c in _cursors)
            if (c != except && c.Root == root) c.SavePosition();
    }

    /// <summary>
    /// Counts calls that are about to modify some b-tree (insert, delete, create, clear, drop): a caller that runs
    /// without a savepoint compares it before and after to learn whether a failure may have left partial changes.
    /// </summary>
    public long ModificationCount { get; private set; }

    /// <summary>Called first by every modification: checks the write transaction and counts the modification.</summary>
    internal void RequireWrite()
    {
        if (!Store.InWriteTransaction) ThrowHelper.Throw(ResultCode.Misuse, "b-tree modified outside a write transaction");
        ModificationCount++;
    }

    /// <summary>Pins page <paramref name="pageNumber"/> after a range check naming <paramref name="from"/> on failure.</summary>
    internal Page GetPage(uint pageNumber, uint from)
    {
        if (pageNumber == 0 || pageNumber > Store.PageCount) ThrowHelper.CorruptPage(from, "invalid page number " + pageNumber);
        return Store.GetPage(pageNumber);
    }

    /// <summary>
    /// Pins and opens b-tree page <paramref name="pageNumber"/>; <paramref name="reuse"/>, when it wraps the same
    /// cached page, is validated again and returned instead of a new wrapper.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal BTreePage OpenPage(uint pageNumber, uint from, BTreePage? reuse = null)
    {
        Page p = GetPage(pageNumber, from);
        try
        {
            return BTreePage.Open(p, Usable, reuse);
        }
        catch
        {
            Store.Release(p);
            throw;
        }
    }

    internal void Release(BTreePage? page)
    {
        if (page is not null) Store.Release(page.Page);
    }

    /// <summary>
    /// Builds a leaf cell (table: rowid + payload; index: payload), writing the overflow chain if the payload
    /// spills. Returns the cell bytes without a child pointer.
    /// </summary>
    internal byte[] BuildCell(bool table, long rowid, ReadOnlySpan<byte> payload)
    {
        var cell = new byte[CellSize(table, rowid, payload.Length)];
        WriteCell(cell, table, rowid, payload);
        return cell;
    }

    /// <summary>
    /// <see cref="BuildCell"/> into a buffer the tree reuses: valid until the next call (copy it to keep it).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal ReadOnlySpan<byte> BuildCellScratch(bool table, long rowid, ReadOnlySpan<byte> payload)
    {
        int size = CellSize(table, rowid, payload.Length);
        if (_cellScratch.Length < size) _cellScratch = new byte[Math.Max(size, Usable)];
        Span<byte> cell = _cellScratch.AsSpan(0, size);
        WriteCell(cell, table, rowid, payload);
        return cell;
    }

    private byte[] _cellScratch = [];

    private int CellSize(bool table, long rowid, int payloadLength)
    {
        int local = BTreePageHeader.LocalPayloadSize(payloadLength, Usable, table);
        int header = Varint.Length(payloadLength) + (table ? Varint.Length(rowid) : 0);
        return header + local + (local < payloadLength ? 4 : 0);
    }

    private void WriteCell(Span<byte> cell, bool table, long rowid, ReadOnlySpan<byte> payload)
    {
        int local = BTreePageHeader.LocalPayloadSize(payload.Length, Usable, table);
        int pos = Varint.Write(cell, payload.Length);
        if (table) pos += Varint.Write(cell[pos..], rowid);
        payload[..local].CopyTo(cell[pos..]);
        if (local < payload.Length)
        {
            uint first = OverflowChain.Write(Store, Freelist, payload[local..]);
            BinaryPrimitives.WriteUInt32BigEndian(cell[(pos + local)..], first);
        }
    }

    // Path arrays of disposed cursors, handed to the next cursor opened (a cursor per statement run otherwise
    // allocates three depth-sized arrays).
    private readonly Stack<(BTreePage?[] Pages, int[] Indexes, BTreePage?[] Opened)> _sparePaths = new();

    internal (BTreePage?[] Pages, int[] Indexes, BTreePage?[] Opened) RentPath() =>
        _sparePaths.TryPop(out var path)
            ? path
            : (new BTreePage?[BTreePageHeader.MaxDepth], new int[BTreePageHeader.MaxDepth], new BTreePage?[BTreePageHeader.MaxDepth]);

    internal void ReturnPath(BTreePage?[] pages, int[] indexes, BTreePage?[] opened)
    {
        if (_sparePaths.Count >= 8) return;
        Array.Clear(pages);
        Array.Clear(opened);
        _sparePaths.Push((pages, indexes, opened));
    }

    /// <summary>Frees the overflow chain of <paramref name="cell"/>, if any.</summary>
    internal void FreeOverflow(BTreePage page, in CellInfo cell)
    {
        if (cell.OverflowPage == 0) return;
        int count = OverflowChain.PageCount(cell.PayloadSize, cell.LocalSize, Usable);
        if (count > Store.PageCount) ThrowHelper.CorruptPage(page.Number, "overflow chain longer than the file");
        OverflowChain.Free(Store, Freelist, page.Number, cell.OverflowPage, count);
    }

    internal BTreeCursor Register(BTreeCursor c)
    {
        _cursors.Add(c);
        return c;
    }

    private uint CreateTree(byte type)
    {
        RequireWrite();
        Page p = Freelist.Allocate();
        try
        {
            BTreePage.Format(p, Usable, type);
            return p.Number;
        }
        finally
        {
            Store.Release(p);
        }
    }

    private void FreeTree(uint root, bool freeRoot)
    {
        var visited = new HashSet<uint>();
        byte rootType = FreeSubtree(root, root, 0, visited, freeRoot);
        if (!freeRoot)
        {
            Page p = GetPage(root, root);
            try
            {
                Store.MarkWritable(p);
                BTreePage.Format(p, Usable, (byte)(rootType | 8));
            }
            finally
            {
                Store.Release(p);
            }
        }
    }

    private byte FreeSubtree(uint pageNumber, uint from, int depth, HashSet<uint> visited, bool freeSelf)
    {
        if (depth >= BTreePageHeader.MaxDepth) ThrowHelper.CorruptPage(pageNumber, "b-tree too deep");
        if (!visited.Add(pageNumber)) ThrowHelper.CorruptPage(pageNumber, "page referenced twice");
        BTreePage page = OpenPage(pageNumber, from);
        byte type;
        try
        {
            type = page.Type;
            int n = page.CellCount;
            for (int i = 0; i < n; i++)
            {
                CellInfo c = page.ParseCell(i);
                if (!page.IsLeaf) FreeSubtree(c.LeftChild, pageNumber, depth + 1, visited, true);
                if (c.OverflowPage != 0) FreeOverflow(page, c);
            }
            if (!page.IsLeaf) FreeSubtree(page.RightChild, pageNumber, depth + 1, visited, true);
        }
        finally
        {
            Release(page);
        }
        if (freeSelf) Freelist.Free(pageNumber);
        return type;
    }
}
