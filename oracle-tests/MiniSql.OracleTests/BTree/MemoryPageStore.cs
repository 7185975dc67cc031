using System.Buffers.Binary;
using System.Text;
using MiniSql.Engine.BTree;
using MiniSql.Engine.Storage;

namespace MiniSql.OracleTests.BTree;

/// <summary>
/// An in-memory <see cref="IPageStore"/> for b-tree tests: pages live in byte arrays, every page is always
/// writable, pins are counted so tests can check that nothing leaks. Saves to and loads from a database file
/// image so SQLite can check what the b-tree wrote.
/// </summary>
internal sealed class MemoryPageStore : IPageStore
{
    private readonly List<Page> _pages = [];
    private readonly Dictionary<uint, int> _pins = [];

    /// <summary>Creates an empty database: page 1 with a header and an empty sqlite_schema table.</summary>
    public MemoryPageStore(int pageSize = 4096, int reservedBytes = 0)
    {
        PageSize = pageSize;
        UsableSize = pageSize - reservedBytes;
        var page1 = new byte[pageSize];
        Encoding.ASCII.GetBytes("SQLite format 3\0").CopyTo(page1, 0);
        BinaryPrimitives.WriteUInt16BigEndian(page1.AsSpan(16), (ushort)(pageSize == 65536 ? 1 : pageSize));
        page1[18] = 1;
        page1[19] = 1;
        page1[20] = (byte)reservedBytes;
        page1[21] = 64;
        page1[22] = 32;
        page1[23] = 32;
        BinaryPrimitives.WriteUInt32BigEndian(page1.AsSpan(40), 1); // schema cookie
        BinaryPrimitives.WriteUInt32BigEndian(page1.AsSpan(44), 4); // schema format
        BinaryPrimitives.WriteUInt32BigEndian(page1.AsSpan(56), 1); // UTF-8
        MiniSql.Engine.BTree.BTree.FormatSchemaRoot(page1, UsableSize);
        _pages.Add(new Page(1, page1));
    }

    private MemoryPageStore(int pageSize, int usable, List<byte[]> pages)
    {
        PageSize = pageSize;
        UsableSize = usable;
        for (int i = 0; i < pages.Count; i++) _pages.Add(new Page((uint)(i + 1), pages[i]));
    }

    /// <inheritdoc />
    public int PageSize { get; }

    /// <inheritdoc />
    public int UsableSize { get; }

    /// <inheritdoc />
    public uint PageCount => (uint)_pages.Count;

    /// <inheritdoc />
    public bool InWriteTransaction { get; set; } = true;

    /// <summary>Pages currently pinned (should be 0 between operations).</summary>
    public int PinnedPages => _pins.Count;

    /// <summary>Loads a database file image (as SQLite wrote it); SQLITE_NOTADB if the header is not valid.</summary>
    public static MemoryPageStore Load(byte[] image)
    {
        if (image.Length < 512 || !image.AsSpan(0, 16).SequenceEqual("SQLite format 3\0"u8))
            ThrowHelper.Throw(ResultCode.NotADb, "file is not a database");
        int pageSize = BinaryPrimitives.ReadUInt16BigEndian(image.AsSpan(16));
        if (pageSize == 1) pageSize = 65536;
        if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0 || image.Length % pageSize != 0)
            ThrowHelper.Throw(ResultCode.NotADb, "file is not a database");
        int usable = pageSize - image[20];
        if (usable < 480) ThrowHelper.Throw(ResultCode.NotADb, "file is not a database");
        var pages = new List<byte[]>();
        for (int off = 0; off < image.Length; off += pageSize) pages.Add(image.AsSpan(off, pageSize).ToArray());
        return new MemoryPageStore(pageSize, usable, pages);
    }

    /// <summary>The database file image, with the change counter, size and version fields of the header updated.</summary>
    public byte[] Save()
    {
        byte[] page1 = _pages[0].Data;
        uint counter = BinaryPrimitives.ReadUInt32BigEndian(page1.AsSpan(24)) + 1;
        BinaryPrimitives.WriteUInt32BigEndian(page1.AsSpan(24), counter);
        BinaryPrimitives.WriteUInt32BigEndian(page1.AsSpan(28), PageCount);
        BinaryPrimitives.WriteUInt32BigEndian(page1.AsSpan(92), counter);
        BinaryPrimitives.WriteUInt32BigEndian(page1.AsSpan(96), 3045000);
        var image = new byte[(long)PageSize * _pages.Count];
        for (int i = 0; i < _pages.Count; i++) _pages[i].Data.CopyTo(image, (long)i * PageSize);
        return image;
    }

    /// <inheritdoc />
    public Page GetPage(uint pageNumber)
    {
        if (pageNumber == 0 || pageNumber > PageCount) ThrowHelper.CorruptPage(pageNumber, "page number out of range");
        Page p = _pages[(int)pageNumber - 1];
        _pins[pageNumber] = _pins.GetValueOrDefault(pageNumber) + 1;
        return p;
    }

    /// <inheritdoc />
    public void MarkWritable(Page page)
    {
        if (!InWriteTransaction) throw new InvalidOperationException("write outside a write transaction");
        if (!_pins.ContainsKey(page.Number)) throw new InvalidOperationException($"page {page.Number} marked writable while not pinned");
    }

    /// <inheritdoc />
    public Page AllocatePage()
    {
        if (!InWriteTransaction) throw new InvalidOperationException("write outside a write transaction");
        var p = new Page((uint)_pages.Count + 1, new byte[PageSize]);
        _pages.Add(p);
        _pins[p.Number] = 1;
        return p;
    }

    /// <inheritdoc />
    public void Release(Page page)
    {
        if (!_pins.TryGetValue(page.Number, out int n)) throw new InvalidOperationException($"page {page.Number} released while not pinned");
        if (n == 1) _pins.Remove(page.Number);
        else _pins[page.Number] = n - 1;
    }

    /// <inheritdoc />
    public void TruncatePageCount(uint pageCount) => _pages.RemoveRange((int)pageCount, _pages.Count - (int)pageCount);
}
