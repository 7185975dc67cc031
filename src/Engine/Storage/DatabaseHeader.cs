// DatabaseHeader.cs — the 100-byte database file header at the start of page 1 (fileformat2: 1.3).
//
// Offset Size Meaning
//   0    16  Header string "SQLite format 3\0"
//  16     2  Page size in bytes; power of two 512..32768, or 1 meaning 65536
//  18     1  File format write version (1 legacy/rollback journal, 2 WAL)
//  19     1  File format read version (1 legacy/rollback journal, 2 WAL)
//  20     1  Bytes of unused "reserved" space at the end of each page
//  21     1  Maximum embedded payload fraction, must be 64
//  22     1  Minimum embedded payload fraction, must be 32
//  23     1  Leaf payload fraction, must be 32
//  24     4  File change counter
//  28     4  Size of the database file in pages (the "in-header database size")
//  32     4  Page number of the first freelist trunk page
//  36     4  Total number of freelist pages
//  40     4  Schema cookie
//  44     4  Schema format number (1..4)
//  48     4  Default page cache size
//  52     4  Largest root b-tree page when in auto-vacuum or incremental-vacuum mode, else 0
//  56     4  Database text encoding (1 UTF-8, 2 UTF-16le, 3 UTF-16be)
//  60     4  User version (PRAGMA user_version)
//  64     4  Incremental-vacuum mode flag
//  68     4  Application ID (PRAGMA application_id)
//  72    20  Reserved for expansion, must be zero
//  92     4  Version-valid-for number (change counter when the version number below was stored)
//  96     4  SQLITE_VERSION_NUMBER of the library that most recently modified the file
//
// All multi-byte fields are big-endian. The in-header database size is valid only when it is non-zero and the
// change counter equals the version-valid-for number; otherwise the size comes from the file size.

using System.Buffers.Binary;

namespace MiniSql.Engine.Storage;

/// <summary>
/// Offsets, constants and typed accessors for the 100-byte database header on page 1 (fileformat2: 1.3).
/// Pure functions over spans; the pager's <see cref="Pager.GetHeaderField"/> / <see cref="Pager.SetHeaderField"/>
/// route changes through the page cache so page 1 is journaled first.
/// </summary>
public static class DatabaseHeader
{
    /// <summary>Size of the header in bytes.</summary>
    public const int Size = 100;

    public const int MagicOffset = 0;                 //  0..15 "SQLite format 3\0"
    public const int PageSizeOffset = 16;             // 16..17 u16, 1 means 65536
    public const int WriteVersionOffset = 18;         // 18     u8
    public const int ReadVersionOffset = 19;          // 19     u8
    public const int ReservedBytesOffset = 20;        // 20     u8
    public const int MaxPayloadFractionOffset = 21;   // 21     u8 = 64
    public const int MinPayloadFractionOffset = 22;   // 22     u8 = 32
    public const int LeafPayloadFractionOffset = 23;  // 23     u8 = 32
    public const int ChangeCounterOffset = 24;        // 24..27 u32
    public const int DatabaseSizeOffset = 28;         // 28..31 u32 pages
    public const int FreelistTrunkOffset = 32;        // 32..35 u32 page number
    public const int FreelistCountOffset = 36;        // 36..39 u32
    public const int SchemaCookieOffset = 40;         // 40..43 u32
    public const int SchemaFormatOffset = 44;         // 44..47 u32
    public const int DefaultCacheSizeOffset = 48;     // 48..51 i32
    public const int LargestRootPageOffset = 52;      // 52..55 u32
    public const int TextEncodingOffset = 56;         // 56..59 u32
    public const int UserVersionOffset = 60;          // 60..63 i32
    public const int IncrementalVacuumOffset = 64;    // 64..67 u32
    public const int ApplicationIdOffset = 68;        // 68..71 i32
    public const int ReservedForExpansionOffset = 72; // 72..91 zero
    public const int VersionValidForOffset = 92;      // 92..95 u32
    public const int SqliteVersionOffset = 96;        // 96..99 u32

    /// <summary>Bytes 24..39 (change counter, size, freelist) that another connection changes on every commit;
    /// the pager compares them to decide whether its cache is still valid (SQLite's dbFileVers plus).</summary>
    public const int FileStampOffset = 24;

    /// <summary>Length of the file stamp (24..39).</summary>
    public const int FileStampLength = 16;

    /// <summary>The SQLITE_VERSION_NUMBER we write at offset 96 (the release whose format we follow).</summary>
    public const uint SqliteVersionNumber = 3045000;

    /// <summary>Smallest legal page size.</summary>
    public const int MinPageSize = 512;

    /// <summary>Largest legal page size.</summary>
    public const int MaxPageSize = 65536;

    /// <summary>Smallest usable size (page size minus reserved bytes) SQLite accepts.</summary>
    public const int MinUsableSize = 480;

    /// <summary>Page type byte of a table b-tree leaf page (fileformat2: 1.6).</summary>
    public const byte TableLeafPageType = 13;

    /// <summary>The 16-byte header string "SQLite format 3\0".</summary>
    public static ReadOnlySpan<byte> Magic => "SQLite format 3\0"u8;

    /// <summary>True when <paramref name="pageSize"/> is a power of two between 512 and 65536.</summary>
    public static bool IsValidPageSize(int pageSize) =>
        pageSize >= MinPageSize && pageSize <= MaxPageSize && (pageSize & (pageSize - 1)) == 0;

    /// <summary>Reads the page size at offset 16 (1 means 65536); returns 0 when it is not a legal value.</summary>
    public static int ReadPageSize(ReadOnlySpan<byte> header)
    {
        int raw = BinaryPrimitives.ReadUInt16BigEndian(header[PageSizeOffset..]);
        int pageSize = raw == 1 ? MaxPageSize : raw;
        return IsValidPageSize(pageSize) ? pageSize : 0;
    }

    /// <summary>Writes <paramref name="pageSize"/> at offset 16 (65536 is stored as 1).</summary>
    public static void WritePageSize(Span<byte> header, int pageSize) =>
        BinaryPrimitives.WriteUInt16BigEndian(header[PageSizeOffset..], (ushort)(pageSize == MaxPageSize ? 1 : pageSize));

    /// <summary>Reads a 4-byte big-endian field at <paramref name="offset"/>.</summary>
    public static uint ReadUInt32(ReadOnlySpan<byte> header, int offset) => BinaryPrimitives.ReadUInt32BigEndian(header[offset..]);

    /// <summary>Writes a 4-byte big-endian field at <paramref name="offset"/>.</summary>
    public static void WriteUInt32(Span<byte> header, int offset, uint value) => BinaryPrimitives.WriteUInt32BigEndian(header[offset..], value);

    /// <summary>Reads a 4-byte header field.</summary>
    public static uint Get(ReadOnlySpan<byte> header, HeaderField field) => ReadUInt32(header, (int)field);

    /// <summary>Writes a 4-byte header field.</summary>
    public static void Set(Span<byte> header, HeaderField field, uint value) => WriteUInt32(header, (int)field, value);

    /// <summary>
    /// The in-header database size when it is valid (non-zero and change counter == version-valid-for), else 0
    /// (fileformat2: 1.3.7).
    /// </summary>
    public static uint ValidDatabaseSize(ReadOnlySpan<byte> header)
    {
        uint size = ReadUInt32(header, DatabaseSizeOffset);
        return size != 0 && ReadUInt32(header, ChangeCounterOffset) == ReadUInt32(header, VersionValidForOffset) ? size : 0;
    }

    /// <summary>
    /// Fills <paramref name="page1"/> (a zeroed page image) with the header of a new, empty database and an empty
    /// table b-tree leaf for sqlite_schema at offset 100 whose cell content area starts at the usable size.
    /// </summary>
    public static void InitializeNewDatabase(Span<byte> page1, int pageSize, int reservedBytes)
    {
        page1.Clear();
        Magic.CopyTo(page1);
        WritePageSize(page1, pageSize);
        page1[WriteVersionOffset] = 1;
        page1[ReadVersionOffset] = 1;
        page1[ReservedBytesOffset] = (byte)reservedBytes;
        page1[MaxPayloadFractionOffset] = 64;
        page1[MinPayloadFractionOffset] = 32;
        page1[LeafPayloadFractionOffset] = 32;
        WriteUInt32(page1, DatabaseSizeOffset, 1);
        WriteUInt32(page1, SchemaFormatOffset, 4);
        WriteUInt32(page1, TextEncodingOffset, 1);
        WriteUInt32(page1, SqliteVersionOffset, SqliteVersionNumber);

        // B-tree page header of page 1 (fileformat2: 1.6): type at 100, first freeblock 101..102, cell count
        // 103..104, cell content area start 105..106 (65536 stored as 0), fragmented free bytes 107.
        int usable = pageSize - reservedBytes;
        page1[Size] = TableLeafPageType;
        BinaryPrimitives.WriteUInt16BigEndian(page1[(Size + 5)..], (ushort)(usable == 65536 ? 0 : usable));
    }

    /// <summary>
    /// Validates a header read from disk: magic, page size, payload fractions, reserved bytes and read version.
    /// Throws SQLITE_NOTADB ("file is not a database") when the file is not a SQLite 3 database we can read.
    /// </summary>
    /// <returns>The page size and the reserved bytes per page.</returns>
    public static (int PageSize, int ReservedBytes) Validate(ReadOnlySpan<byte> header)
    {
        if (header.Length < Size || !header[..Magic.Length].SequenceEqual(Magic))
            ThrowNotADb();
        int pageSize = ReadPageSize(header);
        int reserved = header[ReservedBytesOffset];
        if (pageSize == 0 || pageSize - reserved < MinUsableSize)
            ThrowNotADb();
        if (header[MaxPayloadFractionOffset] != 64 || header[MinPayloadFractionOffset] != 32 || header[LeafPayloadFractionOffset] != 32)
            ThrowNotADb();
        // A read version above 2 means a future format that cannot be read at all (fileformat2: 1.3.3).
        if (header[ReadVersionOffset] > 2)
            ThrowNotADb();
        return (pageSize, reserved);
    }

    private static void ThrowNotADb() =>
        ThrowHelper.Throw(ResultCode.NotADb, MiniSqlException.DefaultMessage(ResultCode.NotADb));
}
