using System.Buffers.Binary;
using MiniSql.Engine.Records;
using MiniSql.Engine.Storage;

namespace MiniSql.Engine.BTree;

/// <summary>
/// A pinned b-tree page seen through its header (SQLite's MemPage): cell lookup and parsing with bounds checks,
/// in-place cell insertion and removal with freeblock management, defragmentation, and rebuilding a page from
/// a list of cells. Header layout: <see cref="BTreePageHeader"/>.
/// Invariants kept by every mutation (checked by <see cref="IntegrityChecker"/>):
///  F1. Freeblocks are in increasing offset order, each at least 4 bytes, separated by more than 3 bytes.
///  F2. Cell bytes + freeblock bytes + fragmented bytes + unallocated gap = usable size - header - pointer array.
///  F3. No freeblock starts at the cell content start (such space is merged into the unallocated gap).
/// Owned by one b-tree operation; not thread-safe.
/// </summary>
internal sealed class BTreePage
{
    private const int MaxFragmentedBytes = 60;

    private BTreePage(Page page, int usableSize)
    {
        Page = page;
        Data = page.Data;
        Usable = usableSize;
        HeaderOffset = BTreePageHeader.HeaderOffset(page.Number);
    }

    /// <summary>The underlying page.</summary>
    public Page Page { get; }

    /// <summary>The page image.</summary>
    public byte[] Data { get; }

    /// <summary>Page number.</summary>
    public uint Number => Page.Number;

    /// <summary>Usable bytes of the page.</summary>
    public int Usable { get; }

    /// <summary>Offset of the b-tree header (100 on page 1).</summary>
    public int HeaderOffset { get; }

    /// <summary>Page type byte.</summary>
    public byte Type => Data[HeaderOffset];

    /// <summary>True for leaf pages.</summary>
    public bool IsLeaf => (Type & 8) != 0;

    /// <summary>True for table b-tree pages (intkey).</summary>
    public bool IsTable => (Type & 1) != 0;

    /// <summary>Header size: 8 for leaves, 12 for interior pages.</summary>
    public int HeaderSize => IsLeaf ? BTreePageHeader.LeafHeaderSize : BTreePageHeader.InteriorHeaderSize;

    /// <summary>Number of cells.</summary>
    public int CellCount => BinaryPrimitives.ReadUInt16BigEndian(Data.AsSpan(HeaderOffset + BTreePageHeader.CellCountOffset));

    /// <summary>Offset of the first byte after the cell pointer array.</summary>
    public int CellPointerEnd => HeaderOffset + HeaderSize + (2 * CellCount);

    /// <summary>Start of the cell content area.</summary>
    public int ContentStart
    {
        get
        {
            int v = BinaryPrimitives.ReadUInt16BigEndian(Data.AsSpan(HeaderOffset + BTreePageHeader.CellContentOffset));
            return v == 0 ? 65536 : v;
        }
    }

    /// <summary>Fragmented free bytes.</summary>
    public int FragmentedBytes => Data[HeaderOffset + BTreePageHeader.FragmentedBytesOffset];

    /// <summary>First freeblock offset, 0 when none.</summary>
    public int FirstFreeblock => BinaryPrimitives.ReadUInt16BigEndian(Data.AsSpan(HeaderOffset + BTreePageHeader.FirstFreeblockOffset));

    /// <summary>The right-most child (interior pages).</summary>
    public uint RightChild
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(Data.AsSpan(HeaderOffset + BTreePageHeader.RightChildOffset));
        set => BinaryPrimitives.WriteUInt32BigEndian(Data.AsSpan(HeaderOffset + BTreePageHeader.RightChildOffset), value);
    }

    /// <summary>Largest local payload on this page.</summary>
    public int MaxLocal => BTreePageHeader.MaxLocal(Usable, IsTable && IsLeaf);

    /// <summary>Wraps <paramref name="page"/> after validating its header; SQLITE_CORRUPT naming the page if bad.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static BTreePage Open(Page page, int usableSize, BTreePage? reuse = null)
    {
        var p = reuse is not null && ReferenceEquals(reuse.Page, page) && reuse.Usable == usableSize ? reuse : new BTreePage(page, usableSize);
        if (!BTreePageHeader.IsValidType(p.Type)) ThrowHelper.CorruptPage(page.Number, "invalid page type " + p.Type);
        int end = p.CellPointerEnd;
        if (end > usableSize) ThrowHelper.CorruptPage(page.Number, "too many cells");
        int content = p.ContentStart;
        if (content < end || content > usableSize) ThrowHelper.CorruptPage(page.Number, "bad cell content offset");
        return p;
    }

    /// <summary>Formats <paramref name="page"/> as an empty b-tree page of <paramref name="type"/>.</summary>
    public static BTreePage Format(Page page, int usableSize, byte type)
    {
        var p = new BTreePage(page, usableSize);
        Span<byte> h = page.Data.AsSpan(p.HeaderOffset, BTreePageHeader.InteriorHeaderSize);
        h.Clear();
        h[0] = type;
        p.SetContentStart(usableSize);
        return p;
    }

    /// <summary>Offset of cell <paramref name="i"/>, validated to lie inside the cell content area.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int CellOffset(int i)
    {
        int pc = BinaryPrimitives.ReadUInt16BigEndian(Data.AsSpan(HeaderOffset + HeaderSize + (2 * i)));
        if (pc < CellPointerEnd || pc > Usable - 4) ThrowHelper.CorruptPage(Number, $"cell {i} offset {pc} out of range");
        return pc;
    }

    /// <summary>Parses cell <paramref name="i"/>.</summary>
    public CellInfo ParseCell(int i) => ParseCellAt(CellOffset(i));

    /// <summary>Parses the cell at <paramref name="offset"/>; the whole cell must lie inside the usable area.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public CellInfo ParseCellAt(int offset)
    {
        ReadOnlySpan<byte> d = Data.AsSpan(0, Usable);
        int pos = offset;
        uint left = 0;
        bool leaf = IsLeaf, table = IsTable;
        if (!leaf)
        {
            left = BinaryPrimitives.ReadUInt32BigEndian(d[pos..]);
            pos += 4;
        }
        if (table && !leaf)
        {
            int n = Varint.TryRead(d[pos..], out long key);
            if (n == 0) ThrowHelper.CorruptPage(Number, "truncated cell");
            pos += n;
            return new CellInfo { Offset = offset, LeftChild = left, Rowid = key, Size = pos - offset, PayloadOffset = pos - offset };
        }
        int m = Varint.TryRead(d[pos..], out long payload);
        if (m == 0) ThrowHelper.CorruptPage(Number, "truncated cell");
        pos += m;
        long rowid = 0;
        if (table)
        {
            m = Varint.TryRead(d[pos..], out rowid);
            if (m == 0) ThrowHelper.CorruptPage(Number, "truncated cell");
            pos += m;
        }
        if (payload < 0 || payload > int.MaxValue) ThrowHelper.CorruptPage(Number, "bad payload size");
        int local = BTreePageHeader.LocalPayloadSize(payload, Usable, table && leaf);
        int size = pos - offset + local;
        uint overflow = 0;
        if (local < payload)
        {
            if (pos + local + 4 > Usable) ThrowHelper.CorruptPage(Number, "cell extends off end of page");
            overflow = BinaryPrimitives.ReadUInt32BigEndian(d[(pos + local)..]);
            size += 4;
        }
        if (offset + Math.Max(4, size) > Usable) ThrowHelper.CorruptPage(Number, "cell extends off end of page");
        return new CellInfo
        {
            Offset = offset,
            LeftChild = left,
            Rowid = rowid,
            PayloadSize = (int)payload,
            PayloadOffset = pos - offset,
            LocalSize = local,
            OverflowPage = overflow,
            Size = size,
        };
    }

    /// <summary>Child <paramref name="i"/> of an interior page: the left child of cell i, or the right child for i == CellCount.</summary>
    public uint ChildAt(int i) => i >= CellCount ? RightChild : BinaryPrimitives.ReadUInt32BigEndian(Data.AsSpan(CellOffset(i)));

    /// <summary>Sets the left child of cell <paramref name="i"/>, or the right child for i == CellCount.</summary>
    public void SetChildAt(int i, uint child)
    {
        if (i >= CellCount) RightChild = child;
        else BinaryPrimitives.WriteUInt32BigEndian(Data.AsSpan(CellOffset(i)), child);
    }

    /// <summary>The local payload of a parsed cell.</summary>
    public ReadOnlySpan<byte> LocalPayload(CellInfo cell) => Data.AsSpan(cell.Offset + cell.PayloadOffset, cell.LocalSize);

    /// <summary>Copies cell <paramref name="i"/> off the page as a balancing entry.</summary>
    public BTreeEntry GetEntry(int i)
    {
        CellInfo c = ParseCell(i);
        int skip = IsLeaf ? 0 : 4;
        return new BTreeEntry(Data.AsSpan(c.Offset + skip, c.Size - skip).ToArray(), c.LeftChild);
    }

    /// <summary>Copies every cell off the page.</summary>
    public List<BTreeEntry> GetEntries()
    {
        int n = CellCount;
        var list = new List<BTreeEntry>(n + 2);
        for (int i = 0; i < n; i++) list.Add(GetEntry(i));
        return list;
    }

    /// <summary>
    /// Total free bytes (unallocated gap + freeblocks + fragments), SQLite's nFree. Walks the freeblock list with
    /// checks (F1), so a cycle or overlap is reported as corruption.
    /// </summary>
    public int FreeSpace()
    {
        int total = ContentStart - CellPointerEnd + FragmentedBytes;
        int pc = FirstFreeblock;
        int limit = Usable - 4;
        int previousEnd = 0;
        while (pc != 0)
        {
            if (pc < ContentStart || pc > limit || pc <= previousEnd) ThrowHelper.CorruptPage(Number, "bad freeblock offset");
            int size = BinaryPrimitives.ReadUInt16BigEndian(Data.AsSpan(pc + 2));
            if (size < 4 || pc + size > Usable) ThrowHelper.CorruptPage(Number, "bad freeblock size");
            total += size;
            previousEnd = pc + size;
            pc = BinaryPrimitives.ReadUInt16BigEndian(Data.AsSpan(pc));
            if (pc != 0 && pc <= previousEnd) ThrowHelper.CorruptPage(Number, "freeblocks out of order");
        }
        if (total > Usable) ThrowHelper.CorruptPage(Number, "free space exceeds page");
        return total;
    }

    /// <summary>Bytes a cell body of <paramref name="bodyLength"/> bytes takes on this page, pointer included.</summary>
    public int SpaceNeeded(int bodyLength) => Math.Max(4, bodyLength + (IsLeaf ? 0 : 4)) + 2;

    /// <summary>
    /// Inserts a cell at index <paramref name="i"/> if it fits; returns false (page unchanged) when it does not.
    /// The page must be writable.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool TryInsertCell(int i, ReadOnlySpan<byte> body, uint leftChild)
    {
        int size = Math.Max(4, body.Length + (IsLeaf ? 0 : 4));
        if (FreeSpace() < size + 2) return false;
        int pc = AllocateSpace(size);
        Span<byte> d = Data;
        int at = pc;
        if (!IsLeaf)
        {
            BinaryPrimitives.WriteUInt32BigEndian(d[at..], leftChild);
            at += 4;
        }
        body.CopyTo(d[at..]);
        int n = CellCount;
        int ptrs = HeaderOffset + HeaderSize;
        d.Slice(ptrs + (2 * i), 2 * (n - i)).CopyTo(d[(ptrs + (2 * i) + 2)..]);
        BinaryPrimitives.WriteUInt16BigEndian(d[(ptrs + (2 * i))..], (ushort)pc);
        SetCellCount(n + 1);
        return true;
    }

    /// <summary>Removes cell <paramref name="i"/>, returning its bytes to the free space (overflow pages untouched).</summary>
    public void DropCell(int i)
    {
        CellInfo c = ParseCell(i);
        int n = CellCount;
        Span<byte> d = Data;
        int ptrs = HeaderOffset + HeaderSize;
        FreeSpaceAt(c.Offset, c.SpaceOnPage);
        d.Slice(ptrs + (2 * i) + 2, 2 * (n - i - 1)).CopyTo(d[(ptrs + (2 * i))..]);
        SetCellCount(n - 1);
        if (n == 1)
        {
            // An empty page has no free space to track: reset the content area.
            WriteU16(BTreePageHeader.FirstFreeblockOffset, 0);
            SetContentStart(Usable);
            d[HeaderOffset + BTreePageHeader.FragmentedBytesOffset] = 0;
        }
    }

    /// <summary>Rewrites the page with <paramref name="entries"/> as its cells, packed at the end (defragmented).</summary>
    public void Rebuild(byte type, List<BTreeEntry> entries, uint rightChild)
    {
        Span<byte> d = Data;
        d[HeaderOffset] = type;
        bool leaf = IsLeaf;
        int ptrs = HeaderOffset + HeaderSize;
        int top = Usable;
        for (int i = 0; i < entries.Count; i++)
        {
            BTreeEntry e = entries[i];
            int size = Math.Max(4, e.Cell.Length + (leaf ? 0 : 4));
            top -= size;
            int at = top;
            if (!leaf)
            {
                BinaryPrimitives.WriteUInt32BigEndian(d[at..], e.Child);
                at += 4;
            }
            e.Cell.CopyTo(d[at..]);
            BinaryPrimitives.WriteUInt16BigEndian(d[(ptrs + (2 * i))..], (ushort)top);
        }
        if (top < ptrs + (2 * entries.Count)) ThrowHelper.CorruptPage(Number, "cells do not fit while rebuilding page");
        WriteU16(BTreePageHeader.FirstFreeblockOffset, 0);
        SetCellCount(entries.Count);
        SetContentStart(top);
        d[HeaderOffset + BTreePageHeader.FragmentedBytesOffset] = 0;
        if (!leaf) RightChild = rightChild;
    }

    /// <summary>Moves all cells to the end of the page, leaving no freeblocks or fragments (defragmentPage).</summary>
    public void Defragment()
    {
        int n = CellCount;
        byte[] copy = System.Buffers.ArrayPool<byte>.Shared.Rent(Usable);
        try
        {
            Data.AsSpan(0, Usable).CopyTo(copy);
            int ptrs = HeaderOffset + HeaderSize;
            int top = Usable;
            var sizes = new int[n];
            for (int i = 0; i < n; i++) sizes[i] = ParseCellAt(CellOffset(i)).SpaceOnPage;
            for (int i = 0; i < n; i++)
            {
                int pc = BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(ptrs + (2 * i)));
                int size = sizes[i];
                top -= size;
                if (top < ptrs + (2 * n)) ThrowHelper.CorruptPage(Number, "cells overlap");
                copy.AsSpan(pc, size).CopyTo(Data.AsSpan(top));
                BinaryPrimitives.WriteUInt16BigEndian(Data.AsSpan(ptrs + (2 * i)), (ushort)top);
            }
            WriteU16(BTreePageHeader.FirstFreeblockOffset, 0);
            SetContentStart(top);
            Data[HeaderOffset + BTreePageHeader.FragmentedBytesOffset] = 0;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(copy);
        }
    }

    // Finds room for a cell of nByte bytes: first fit in the freeblock list, else the unallocated gap, else
    // defragment (allocateSpace). The caller has checked that FreeSpace() >= nByte + 2.
    private int AllocateSpace(int nByte)
    {
        int gapStart = CellPointerEnd + 2; // the new cell pointer
        if (ContentStart >= gapStart)
        {
            int slot = FindFreeSlot(nByte);
            if (slot != 0) return slot;
            if (ContentStart - gapStart >= nByte)
            {
                int top = ContentStart - nByte;
                SetContentStart(top);
                return top;
            }
        }
        Defragment();
        int newTop = ContentStart - nByte;
        if (newTop < gapStart) ThrowHelper.CorruptPage(Number, "free space accounting is wrong");
        SetContentStart(newTop);
        return newTop;
    }

    private int FindFreeSlot(int nByte)
    {
        int prevLink = HeaderOffset + BTreePageHeader.FirstFreeblockOffset;
        int pc = FirstFreeblock;
        while (pc != 0)
        {
            int size = ReadU16Abs(pc + 2);
            int next = ReadU16Abs(pc);
            if (size >= nByte)
            {
                int rest = size - nByte;
                if (rest < 4)
                {
                    if (FragmentedBytes + rest > MaxFragmentedBytes) return 0;
                    WriteU16Abs(prevLink, next);
                    Data[HeaderOffset + BTreePageHeader.FragmentedBytesOffset] = (byte)(FragmentedBytes + rest);
                    return pc;
                }
                WriteU16Abs(pc + 2, rest);
                return pc + rest;
            }
            prevLink = pc;
            pc = next;
        }
        return 0;
    }

    // Returns [start, start+size) to the free space, merging with neighbouring freeblocks (absorbing fragments of
    // up to 3 bytes between them) and with the unallocated gap (keeps F1, F3).
    private void FreeSpaceAt(int start, int size)
    {
        int end = start + size;
        int link = HeaderOffset + BTreePageHeader.FirstFreeblockOffset; // field pointing at the block after 'prev'
        int prev = 0;
        int pc = FirstFreeblock;
        int guard = 0;
        while (pc != 0 && pc < start)
        {
            if (++guard > Usable / 4 || pc < ContentStart || pc > Usable - 4) ThrowHelper.CorruptPage(Number, "bad freeblock list");
            prev = pc;
            link = pc;
            int next = ReadU16Abs(pc);
            if (next != 0 && next <= pc) ThrowHelper.CorruptPage(Number, "freeblocks out of order");
            pc = next;
        }
        int fragments = 0;
        int next2 = pc;
        if (pc != 0)
        {
            if (pc > Usable - 4) ThrowHelper.CorruptPage(Number, "bad freeblock list");
            if (pc < end) ThrowHelper.CorruptPage(Number, "freeblock overlaps cell");
            if (pc - end <= 3)
            {
                fragments += pc - end;
                end = pc + ReadU16Abs(pc + 2);
                if (end > Usable) ThrowHelper.CorruptPage(Number, "bad freeblock size");
                next2 = ReadU16Abs(pc);
            }
        }
        bool merged = false;
        if (prev != 0)
        {
            int prevEnd = prev + ReadU16Abs(prev + 2);
            if (prevEnd > start) ThrowHelper.CorruptPage(Number, "freeblock overlaps cell");
            if (start - prevEnd <= 3)
            {
                fragments += start - prevEnd;
                start = prev;
                merged = true;
            }
        }
        int frag = FragmentedBytes - fragments;
        if (frag < 0) ThrowHelper.CorruptPage(Number, "fragment count is wrong");
        Data[HeaderOffset + BTreePageHeader.FragmentedBytesOffset] = (byte)frag;
        if (start <= ContentStart)
        {
            if (start < ContentStart || (prev != 0 && (!merged || prev != FirstFreeblock)))
                ThrowHelper.CorruptPage(Number, "freed space precedes content area");
            // The block borders the unallocated gap, so it is the first freeblock: fold it into the gap.
            WriteU16(BTreePageHeader.FirstFreeblockOffset, next2);
            SetContentStart(end);
            return;
        }
        WriteU16Abs(start, next2);
        WriteU16Abs(start + 2, end - start);
        if (!merged) WriteU16Abs(link, start);
    }

    private void SetCellCount(int n) => WriteU16(BTreePageHeader.CellCountOffset, n);

    private void SetContentStart(int v) => WriteU16(BTreePageHeader.CellContentOffset, v == 65536 ? 0 : v);

    private void WriteU16(int headerField, int v) => WriteU16Abs(HeaderOffset + headerField, v);

    private int ReadU16Abs(int offset) => BinaryPrimitives.ReadUInt16BigEndian(Data.AsSpan(offset));

    private void WriteU16Abs(int offset, int v) => BinaryPrimitives.WriteUInt16BigEndian(Data.AsSpan(offset), (ushort)v);
}
