namespace MiniSql.Engine.BTree;

/// <summary>
/// B-tree page header layout (fileformat2: 1.6 "B-tree Pages"). The header starts at offset 100 on page 1 and
/// at offset 0 elsewhere:
/// <code>
///  offset size meaning
///  0      1    page type: 2 interior index, 5 interior table, 10 leaf index, 13 leaf table
///  1      2    first freeblock (0 = none)
///  3      2    number of cells
///  5      2    start of the cell content area (0 means 65536)
///  7      1    number of fragmented free bytes in the cell content area
///  8      4    right-most child pointer (interior pages only)
/// </code>
/// The header is followed by the cell pointer array (2 bytes per cell, big-endian offsets), unallocated space,
/// and the cell content area. A freeblock starts with 2 bytes "next freeblock" and 2 bytes "size".
/// </summary>
public static class BTreePageHeader
{
    /// <summary>Page type: interior index b-tree page.</summary>
    public const byte InteriorIndex = 2;

    /// <summary>Page type: interior table b-tree page.</summary>
    public const byte InteriorTable = 5;

    /// <summary>Page type: leaf index b-tree page.</summary>
    public const byte LeafIndex = 10;

    /// <summary>Page type: leaf table b-tree page.</summary>
    public const byte LeafTable = 13;

    /// <summary>Offset of the page type.</summary>
    public const int PageTypeOffset = 0; // 0 u8

    /// <summary>Offset of the first freeblock.</summary>
    public const int FirstFreeblockOffset = 1; // 1..2 u16

    /// <summary>Offset of the cell count.</summary>
    public const int CellCountOffset = 3; // 3..4 u16

    /// <summary>Offset of the cell content area start.</summary>
    public const int CellContentOffset = 5; // 5..6 u16, 0 = 65536

    /// <summary>Offset of the fragmented free byte count.</summary>
    public const int FragmentedBytesOffset = 7; // 7 u8

    /// <summary>Offset of the right-most child pointer.</summary>
    public const int RightChildOffset = 8; // 8..11 u32, interior pages only

    /// <summary>Header size of a leaf page.</summary>
    public const int LeafHeaderSize = 8;

    /// <summary>Header size of an interior page.</summary>
    public const int InteriorHeaderSize = 12;

    /// <summary>The database file header (100 bytes) precedes the b-tree header on page 1.</summary>
    public const int Page1HeaderOffset = 100;

    /// <summary>Maximum b-tree depth a cursor follows (SQLite's BTCURSOR_MAX_DEPTH).</summary>
    public const int MaxDepth = 20;

    /// <summary>True for one of the four valid page types.</summary>
    public static bool IsValidType(byte type) => type is InteriorIndex or InteriorTable or LeafIndex or LeafTable;

    /// <summary>Offset of the b-tree header on page <paramref name="pageNumber"/>.</summary>
    public static int HeaderOffset(uint pageNumber) => pageNumber == 1 ? Page1HeaderOffset : 0;

    /// <summary>Largest payload stored entirely on a page (X in fileformat2 1.6).</summary>
    public static int MaxLocal(int usableSize, bool tableLeaf) =>
        tableLeaf ? usableSize - 35 : ((usableSize - 12) * 64 / 255) - 23;

    /// <summary>Smallest local payload when a payload spills (M in fileformat2 1.6).</summary>
    public static int MinLocal(int usableSize) => ((usableSize - 12) * 32 / 255) - 23;

    /// <summary>Bytes of a payload of <paramref name="payloadSize"/> bytes that are stored on the b-tree page.</summary>
    public static int LocalPayloadSize(long payloadSize, int usableSize, bool tableLeaf)
    {
        int maxLocal = MaxLocal(usableSize, tableLeaf);
        if (payloadSize <= maxLocal) return (int)payloadSize;
        int minLocal = MinLocal(usableSize);
        long k = minLocal + ((payloadSize - minLocal) % (usableSize - 4));
        return k <= maxLocal ? (int)k : minLocal;
    }
}
