using System.Buffers.Binary;
using MiniSql.Engine.Storage;

namespace MiniSql.Engine.BTree;

/// <summary>
/// The freelist (fileformat2: 1.4 "The Freelist"), rooted in the database header on page 1:
/// <code>
///  page 1 offset 32  u32  first freelist trunk page (0 = none)
///  page 1 offset 36  u32  total number of freelist pages (trunks + leaves)
///  trunk offset 0    u32  next trunk page (0 = last)
///  trunk offset 4    u32  number L of leaf page numbers that follow
///  trunk offset 8    4*L  leaf page numbers
/// </code>
/// Allocation takes a leaf of the first trunk (or the trunk itself when it has none) before growing the file.
/// Freed pages become leaves of the first trunk, or a new first trunk when it is full.
/// Owned by one <see cref="BTree"/>; not thread-safe.
/// </summary>
internal sealed class Freelist(IPageStore store)
{
    /// <summary>Offset of the first trunk page number in the database header.</summary>
    public const int FirstTrunkOffset = 32; // 32..35 u32

    /// <summary>Offset of the free page count in the database header.</summary>
    public const int PageCountOffset = 36; // 36..39 u32

    /// <summary>Leaf entries we put on one trunk: usable/4 - 8, the limit SQLite writers respect.</summary>
    private int MaxLeavesWritten => (store.UsableSize / 4) - 8;

    /// <summary>Leaf entries a trunk can hold at most: usable/4 - 2.</summary>
    public int MaxLeaves => (store.UsableSize / 4) - 2;

    /// <summary>The free page count from the header.</summary>
    public uint Count
    {
        get
        {
            Page p1 = store.GetPage(1);
            try { return BinaryPrimitives.ReadUInt32BigEndian(p1.Data.AsSpan(PageCountOffset)); }
            finally { store.Release(p1); }
        }
    }

    /// <summary>Returns a writable, pinned, zeroed page: from the freelist when possible, else a new page.</summary>
    public Page Allocate()
    {
        Page p1 = store.GetPage(1);
        try
        {
            uint count = BinaryPrimitives.ReadUInt32BigEndian(p1.Data.AsSpan(PageCountOffset));
            uint trunk = BinaryPrimitives.ReadUInt32BigEndian(p1.Data.AsSpan(FirstTrunkOffset));
            if (trunk == 0) return store.AllocatePage();
            if (count == 0 || trunk > store.PageCount) ThrowHelper.CorruptPage(1, "bad freelist");
            Page t = store.GetPage(trunk);
            Page result;
            try
            {
                uint next = BinaryPrimitives.ReadUInt32BigEndian(t.Data.AsSpan(0));
                uint leaves = BinaryPrimitives.ReadUInt32BigEndian(t.Data.AsSpan(4));
                if (leaves > MaxLeaves) ThrowHelper.CorruptPage(trunk, "freelist leaf count too big");
                store.MarkWritable(p1);
                if (leaves > 0)
                {
                    uint leaf = BinaryPrimitives.ReadUInt32BigEndian(t.Data.AsSpan(8 + (4 * ((int)leaves - 1))));
                    if (leaf < 2 || leaf > store.PageCount) ThrowHelper.CorruptPage(trunk, "invalid freelist leaf page " + leaf);
                    store.MarkWritable(t);
                    BinaryPrimitives.WriteUInt32BigEndian(t.Data.AsSpan(4), leaves - 1);
                    result = store.GetPage(leaf);
                }
                else
                {
                    if (next > store.PageCount) ThrowHelper.CorruptPage(trunk, "invalid freelist trunk page " + next);
                    BinaryPrimitives.WriteUInt32BigEndian(p1.Data.AsSpan(FirstTrunkOffset), next);
                    result = t;
                    t = null!;
                }
            }
            finally
            {
                if (t is not null) store.Release(t);
            }
            BinaryPrimitives.WriteUInt32BigEndian(p1.Data.AsSpan(PageCountOffset), count - 1);
            store.MarkWritable(result);
            Array.Clear(result.Data);
            return result;
        }
        finally
        {
            store.Release(p1);
        }
    }

    /// <summary>Puts page <paramref name="pageNumber"/> on the freelist.</summary>
    public void Free(uint pageNumber)
    {
        if (pageNumber < 2 || pageNumber > store.PageCount) ThrowHelper.CorruptPage(pageNumber, "freeing invalid page");
        Page p1 = store.GetPage(1);
        try
        {
            store.MarkWritable(p1);
            uint count = BinaryPrimitives.ReadUInt32BigEndian(p1.Data.AsSpan(PageCountOffset));
            uint trunk = BinaryPrimitives.ReadUInt32BigEndian(p1.Data.AsSpan(FirstTrunkOffset));
            BinaryPrimitives.WriteUInt32BigEndian(p1.Data.AsSpan(PageCountOffset), count + 1);
            if (trunk != 0)
            {
                if (trunk > store.PageCount) ThrowHelper.CorruptPage(1, "bad freelist");
                Page t = store.GetPage(trunk);
                try
                {
                    uint leaves = BinaryPrimitives.ReadUInt32BigEndian(t.Data.AsSpan(4));
                    if (leaves < MaxLeavesWritten)
                    {
                        store.MarkWritable(t);
                        BinaryPrimitives.WriteUInt32BigEndian(t.Data.AsSpan(8 + (4 * (int)leaves)), pageNumber);
                        BinaryPrimitives.WriteUInt32BigEndian(t.Data.AsSpan(4), leaves + 1);
                        return;
                    }
                }
                finally
                {
                    store.Release(t);
                }
            }
            Page np = store.GetPage(pageNumber);
            try
            {
                store.MarkWritable(np);
                Array.Clear(np.Data);
                BinaryPrimitives.WriteUInt32BigEndian(np.Data.AsSpan(0), trunk);
                BinaryPrimitives.WriteUInt32BigEndian(p1.Data.AsSpan(FirstTrunkOffset), pageNumber);
            }
            finally
            {
                store.Release(np);
            }
        }
        finally
        {
            store.Release(p1);
        }
    }
}
