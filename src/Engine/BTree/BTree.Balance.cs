using MiniSql.Engine.Records;
using MiniSql.Engine.Storage;

namespace MiniSql.Engine.BTree;

// Balancing (compare SQLite's balance(), balance_quick, balance_deeper, balance_shallower, balance_nonroot).
//
// A modification computes the complete list of cells a page should hold and calls Balance with the cursor's path
// (page numbers and child indexes from the root). Balance works one level at a time, bottom up:
//  - the page fits and is at most 2/3 free (or is the root): it is rewritten and balancing stops;
//  - root overflow: the root's cells move to a new child (deeper), which is then balanced as a non-root page;
//  - root interior page without cells: its only child is copied into it when it fits (shallower);
//  - otherwise the page and up to two siblings are gathered with the dividers between them, packed greedily
//    into as few pages as possible, evened out right to left, and the parent gets new dividers, which makes
//    the parent the next page to balance.
// Appending past the last row of the right-most table leaf instead puts the row on a new page (quick balance),
// which packs sequentially inserted rows into full pages as SQLite does.
public sealed partial class BTree
{
    private const int BalanceSiblings = 3;

    /// <summary>
    /// Rebalances the page at <paramref name="level"/> of the path so that it holds <paramref name="entries"/>
    /// (and <paramref name="rightChild"/> when interior), then its ancestors as needed.
    /// </summary>
    internal void Balance(uint[] pathPages, int[] pathIndexes, int level, List<BTreeEntry> entries, uint rightChild, byte type)
    {
        while (true)
        {
            uint pageNumber = pathPages[level];
            if (level == 0)
            {
                BalanceRoot(pageNumber, entries, rightChild, type);
                return;
            }
            bool leaf = (type & 8) != 0;
            int capacity = Usable - HeaderSize(type);
            int size = ContentSize(entries, leaf);
            if (size <= capacity && capacity - size <= Usable * 2 / 3 && entries.Count > 0)
            {
                WritePage(pageNumber, type, entries, rightChild);
                return;
            }
            BalanceNonRoot(pathPages[level - 1], pathIndexes[level - 1], pageNumber, entries, rightChild, type,
                out entries, out rightChild, out type);
            level--;
        }
    }

    /// <summary>
    /// Quick balance: <paramref name="cell"/> is appended after the last row of the right-most table leaf, which is
    /// full. It goes alone onto a new right-most leaf; the parent gets a divider for the old leaf.
    /// </summary>
    internal void BalanceQuick(uint[] pathPages, int[] pathIndexes, int level, byte[] cell)
    {
        uint leafNumber = pathPages[level];
        long lastRowid;
        BTreePage leaf = OpenPage(leafNumber, leafNumber);
        try
        {
            lastRowid = leaf.ParseCell(leaf.CellCount - 1).Rowid;
        }
        finally
        {
            Release(leaf);
        }
        Page np = Freelist.Allocate();
        try
        {
            BTreePage fresh = BTreePage.Format(np, Usable, BTreePageHeader.LeafTable);
            if (!fresh.TryInsertCell(0, cell, 0)) ThrowHelper.CorruptPage(np.Number, "cell larger than a page");
        }
        finally
        {
            Store.Release(np);
        }
        BTreePage parent = OpenPage(pathPages[level - 1], leafNumber);
        List<BTreeEntry> parentEntries;
        byte parentType;
        try
        {
            parentEntries = parent.GetEntries();
            parentType = parent.Type;
        }
        finally
        {
            Release(parent);
        }
        parentEntries.Add(new BTreeEntry(RowidCell(lastRowid), leafNumber));
        Balance(pathPages, pathIndexes, level - 1, parentEntries, np.Number, parentType);
    }

    private void BalanceRoot(uint root, List<BTreeEntry> entries, uint rightChild, byte type)
    {
        bool leaf = (type & 8) != 0;
        int capacity = Usable - BTreePageHeader.HeaderOffset(root) - HeaderSize(type);
        if (ContentSize(entries, leaf) <= capacity)
        {
            WritePage(root, type, entries, rightChild);
            if (!leaf && entries.Count == 0) BalanceShallower(root);
            return;
        }

        // Deeper: the root becomes an interior page whose only child will hold (and split) its cells.
        Page child = Freelist.Allocate();
        uint childNumber = child.Number;
        Store.Release(child);
        WritePage(root, (byte)(type & ~8), [], childNumber);
        Balance([root, childNumber], [0, 0], 1, entries, rightChild, type);
    }

    private void BalanceShallower(uint root)
    {
        BTreePage page = OpenPage(root, root);
        uint childNumber;
        try
        {
            childNumber = page.RightChild;
        }
        finally
        {
            Release(page);
        }
        if (childNumber == root) ThrowHelper.CorruptPage(root, "page is its own child");
        BTreePage child = OpenPage(childNumber, root);
        List<BTreeEntry> entries;
        byte childType;
        uint childRight;
        try
        {
            childType = child.Type;
            entries = child.GetEntries();
            childRight = child.IsLeaf ? 0 : child.RightChild;
        }
        finally
        {
            Release(child);
        }
        int capacity = Usable - BTreePageHeader.HeaderOffset(root) - HeaderSize(childType);
        if (ContentSize(entries, (childType & 8) != 0) > capacity) return;
        WritePage(root, childType, entries, childRight);
        Freelist.Free(childNumber);
    }

    private void BalanceNonRoot(
        uint parentNumber, int childIndex, uint pageNumber, List<BTreeEntry> entries, uint rightChild, byte type,
        out List<BTreeEntry> parentEntries, out uint parentRight, out byte parentType)
    {
        bool leaf = (type & 8) != 0;
        bool tableLeaf = type == BTreePageHeader.LeafTable;
        BTreePage parent = OpenPage(parentNumber, pageNumber);
        try
        {
            parentEntries = parent.GetEntries();
            parentRight = parent.RightChild;
            parentType = parent.Type;
        }
        finally
        {
            Release(parent);
        }
        int parentCells = parentEntries.Count;
        if (childIndex > parentCells || ChildOf(parentEntries, parentRight, childIndex) != pageNumber)
            ThrowHelper.CorruptPage(parentNumber, "child pointer does not match cursor path");

        // Choose up to three siblings around the page.
        int siblings = Math.Min(BalanceSiblings, parentCells + 1);
        int first = childIndex == 0 ? 0 : childIndex == parentCells ? childIndex - 2 : childIndex - 1;
        first = Math.Max(0, Math.Min(first, parentCells + 1 - siblings));

        var combined = new List<BTreeEntry>();
        var oldPages = new uint[siblings];
        uint lastRight = 0;
        for (int s = 0; s < siblings; s++)
        {
            int c = first + s;
            uint child = ChildOf(parentEntries, parentRight, c);
            oldPages[s] = child;
            if (child == pageNumber)
            {
                combined.AddRange(entries);
                lastRight = rightChild;
            }
            else
            {
                if (child == parentNumber || Array.IndexOf(oldPages, child, 0, s) >= 0)
                    ThrowHelper.CorruptPage(parentNumber, "child page referenced twice");
                BTreePage sibling = OpenPage(child, parentNumber);
                try
                {
                    if (sibling.Type != type) ThrowHelper.CorruptPage(child, "sibling pages of different types");
                    combined.AddRange(sibling.GetEntries());
                    lastRight = leaf ? 0 : sibling.RightChild;
                }
                finally
                {
                    Release(sibling);
                }
            }
            if (s < siblings - 1 && !tableLeaf) combined.Add(new BTreeEntry(parentEntries[c].Cell, leaf ? 0 : lastRight));
        }

        int capacity = Usable - HeaderSize(type);
        List<int> ends = Distribute(combined, leaf, tableLeaf, capacity);
        int count = ends.Count;

        // Reuse the old page numbers in order, allocate the rest, free the surplus.
        var newPages = new uint[count];
        for (int j = 0; j < count; j++)
        {
            if (j < siblings) newPages[j] = oldPages[j];
            else
            {
                Page p = Freelist.Allocate();
                newPages[j] = p.Number;
                Store.Release(p);
            }
        }
        for (int j = count; j < siblings; j++) Freelist.Free(oldPages[j]);

        var dividers = new List<BTreeEntry>(count);
        int start = 0;
        for (int j = 0; j < count; j++)
        {
            int end = ends[j];
            List<BTreeEntry> cells = combined.GetRange(start, end - start);
            uint right = leaf ? 0 : j < count - 1 ? combined[end].Child : lastRight;
            WritePage(newPages[j], type, cells, right);
            if (j < count - 1)
            {
                byte[] cell = tableLeaf ? RowidCell(TableLeafRowid(combined[end - 1].Cell)) : combined[end].Cell;
                dividers.Add(new BTreeEntry(cell, newPages[j]));
            }
            start = tableLeaf ? end : end + 1;
        }

        // Parent: replace the old dividers by the new ones and point the last slot at the last new page.
        parentEntries.RemoveRange(first, siblings - 1);
        int lastSlot = first;
        if (lastSlot < parentEntries.Count) parentEntries[lastSlot] = parentEntries[lastSlot] with { Child = newPages[count - 1] };
        else parentRight = newPages[count - 1];
        parentEntries.InsertRange(first, dividers);
    }

    // Splits 'combined' into pages: returns the exclusive end index of each page's cells. For all but table
    // leaves the entry at a page's end index is the divider that moves up to the parent.
    private static List<int> Distribute(List<BTreeEntry> combined, bool leaf, bool tableLeaf, int capacity)
    {
        int n = combined.Count;
        var sizes = new int[n];
        for (int i = 0; i < n; i++) sizes[i] = Math.Max(4, combined[i].Cell.Length + (leaf ? 0 : 4)) + 2;
        int gap = tableLeaf ? 0 : 1;

        // Greedy: as few pages as possible, each filled from the left.
        var ends = new List<int>();
        int start = 0;
        while (true)
        {
            int i = start, used = 0;
            while (i < n && used + sizes[i] <= capacity) used += sizes[i++];
            if (i == start && i < n) ThrowHelper.Corrupt("cell larger than a page");
            ends.Add(i);
            if (i >= n) break;
            start = i + gap;
            if (start >= n)
            {
                ends.Add(n);
                break;
            }
        }

        // Even out, right to left: move cells from the left page while the right one stays no larger.
        for (int j = ends.Count - 1; j > 0; j--)
        {
            int leftStart = j == 1 ? 0 : ends[j - 2] + gap;
            int leftEnd = ends[j - 1];
            int rightStart = leftEnd + gap, rightEnd = ends[j];
            int szLeft = 0, szRight = 0;
            for (int i = leftStart; i < leftEnd; i++) szLeft += sizes[i];
            for (int i = rightStart; i < rightEnd; i++) szRight += sizes[i];
            while (leftEnd - leftStart > 1)
            {
                int moving = sizes[leftEnd - 1];
                int arriving = tableLeaf ? moving : sizes[leftEnd]; // the old divider moves right
                if (szRight != 0 && szRight + arriving > szLeft - moving) break;
                if (szRight + arriving > capacity) break;
                szRight += arriving;
                szLeft -= moving;
                leftEnd--;
            }
            ends[j - 1] = leftEnd;
        }
        if (ends.Count > 1)
        {
            for (int j = 0, s = 0; j < ends.Count; s = ends[j] + gap, j++)
                if (ends[j] <= s) ThrowHelper.Corrupt("cannot balance pages: cells too large");
        }
        return ends;
    }

    private void WritePage(uint pageNumber, byte type, List<BTreeEntry> entries, uint rightChild)
    {
        Page p = GetPage(pageNumber, pageNumber);
        try
        {
            Store.MarkWritable(p);
            BTreePage.Format(p, Usable, type).Rebuild(type, entries, rightChild);
        }
        finally
        {
            Store.Release(p);
        }
    }

    private static uint ChildOf(List<BTreeEntry> entries, uint right, int i) => i < entries.Count ? entries[i].Child : right;

    private static int HeaderSize(byte type) =>
        (type & 8) != 0 ? BTreePageHeader.LeafHeaderSize : BTreePageHeader.InteriorHeaderSize;

    private static int ContentSize(List<BTreeEntry> entries, bool leaf)
    {
        int size = 0;
        foreach (BTreeEntry e in entries) size += Math.Max(4, e.Cell.Length + (leaf ? 0 : 4)) + 2;
        return size;
    }

    private static byte[] RowidCell(long rowid)
    {
        var cell = new byte[Varint.Length(rowid)];
        Varint.Write(cell, rowid);
        return cell;
    }

    private static long TableLeafRowid(byte[] cell)
    {
        int n = Varint.Read(cell, out _);
        Varint.Read(cell.AsSpan(n), out long rowid);
        return rowid;
    }
}
