using System.Buffers.Binary;
using MiniSql.Engine.Storage;

namespace MiniSql.Engine.BTree;

/// <summary>
/// Overflow page chains (fileformat2: 1.6 "Cell Payload Overflow Pages"): each overflow page holds a u32 next
/// page number (0 on the last page) followed by usable-4 bytes of payload. The chain length is always derived
/// from the payload size, so a cycle cannot cause an endless walk.
/// </summary>
internal static class OverflowChain
{
    /// <summary>Number of overflow pages a payload of <paramref name="payloadSize"/> with <paramref name="localSize"/> local bytes needs.</summary>
    public static int PageCount(int payloadSize, int localSize, int usableSize) =>
        (int)(((long)payloadSize - localSize + usableSize - 5) / (usableSize - 4));

    /// <summary>Copies the overflow part of a payload into <paramref name="dest"/>.</summary>
    public static void Read(IPageStore store, uint ownerPage, uint first, Span<byte> dest)
    {
        int chunk = store.UsableSize - 4;
        uint next = first;
        int pos = 0;
        while (pos < dest.Length)
        {
            if (next < 2 || next > store.PageCount) ThrowHelper.CorruptPage(ownerPage, "invalid overflow page " + next);
            Page p = store.GetPage(next);
            try
            {
                int take = Math.Min(chunk, dest.Length - pos);
                p.Data.AsSpan(4, take).CopyTo(dest[pos..]);
                pos += take;
                next = BinaryPrimitives.ReadUInt32BigEndian(p.Data);
            }
            finally
            {
                store.Release(p);
            }
        }
    }

    /// <summary>Writes <paramref name="data"/> to a new chain; returns its first page.</summary>
    public static uint Write(IPageStore store, Freelist freelist, ReadOnlySpan<byte> data)
    {
        int chunk = store.UsableSize - 4;
        uint first = 0;
        Page? previous = null;
        try
        {
            for (int pos = 0; pos < data.Length; pos += chunk)
            {
                Page p = freelist.Allocate();
                if (previous is null) first = p.Number;
                else
                {
                    BinaryPrimitives.WriteUInt32BigEndian(previous.Data, p.Number);
                    store.Release(previous);
                }
                previous = p;
                int take = Math.Min(chunk, data.Length - pos);
                BinaryPrimitives.WriteUInt32BigEndian(p.Data, 0);
                data.Slice(pos, take).CopyTo(p.Data.AsSpan(4));
            }
        }
        finally
        {
            if (previous is not null) store.Release(previous);
        }
        return first;
    }

    /// <summary>Frees the <paramref name="count"/> pages of the chain starting at <paramref name="first"/>.</summary>
    public static void Free(IPageStore store, Freelist freelist, uint ownerPage, uint first, int count)
    {
        uint next = first;
        for (int i = 0; i < count; i++)
        {
            if (next < 2 || next > store.PageCount) ThrowHelper.CorruptPage(ownerPage, "invalid overflow page " + next);
            uint current = next;
            Page p = store.GetPage(current);
            try { next = BinaryPrimitives.ReadUInt32BigEndian(p.Data); }
            finally { store.Release(p); }
            freelist.Free(current);
        }
    }
}
