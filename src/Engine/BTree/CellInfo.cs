namespace MiniSql.Engine.BTree;

/// <summary>
/// A parsed cell (SQLite's CellInfo). Cell formats (fileformat2: 1.6):
/// <code>
///  leaf table      varint payload size, varint rowid, local payload, [u32 first overflow page]
///  interior table  u32 left child, varint rowid
///  leaf index      varint payload size, local payload, [u32 first overflow page]
///  interior index  u32 left child, varint payload size, local payload, [u32 first overflow page]
/// </code>
/// </summary>
internal readonly struct CellInfo
{
    /// <summary>Offset of the cell on its page.</summary>
    public int Offset { get; init; }

    /// <summary>Left child page (interior pages), else 0.</summary>
    public uint LeftChild { get; init; }

    /// <summary>The rowid (table pages), else 0.</summary>
    public long Rowid { get; init; }

    /// <summary>Total payload size in bytes (0 on interior table pages).</summary>
    public int PayloadSize { get; init; }

    /// <summary>Offset of the local payload from the start of the cell.</summary>
    public int PayloadOffset { get; init; }

    /// <summary>Bytes of payload stored on the page.</summary>
    public int LocalSize { get; init; }

    /// <summary>First overflow page, 0 when the payload is all local.</summary>
    public uint OverflowPage { get; init; }

    /// <summary>Bytes of the cell as written (without the 4-byte minimum padding).</summary>
    public int Size { get; init; }

    /// <summary>Bytes the cell occupies on the page: <see cref="Size"/>, at least 4.</summary>
    public int SpaceOnPage => Math.Max(4, Size);
}
