// RollbackJournal.cs — the rollback journal file format (fileformat2: 4.1 "The Rollback Journal").
//
// A journal is one or more segments. Each segment starts at a multiple of the sector size with a header that is
// padded with zeros to one sector:
//
// Offset Size Meaning
//   0     8  Magic d9 d5 05 f9 20 a1 63 d7
//   8     4  Number of page records in this segment; 0xFFFFFFFF (and 0 in a journal that was never finalized)
//            mean "as many records as fit before the end of the file"
//  12     4  Nonce: random initial value of the page record checksums
//  16     4  Initial size of the database in pages (rollback truncates the database to it)
//  20     4  Sector size the header is padded to
//  24     4  Page size
//
// followed by page records, each PageSize + 8 bytes:
//
//   0     4  Page number
//   4     N  Original page image (N = page size)
//  N+4    4  Checksum: nonce + the bytes at offsets N-200, N-400, ... (each as u8), mod 2^32
//
// A journal that belongs to a multi-database commit ends with a super-journal record:
//   4-byte lock-byte page number (PENDING_BYTE / page size + 1), the super-journal name (UTF-8),
//   4-byte name length, 4-byte checksum (sum of the name bytes), 8-byte magic.
//
// All integers are big-endian.

using System.Buffers.Binary;
using System.Text;
using MiniSql.Vfs;

namespace MiniSql.Engine.Storage;

/// <summary>Rollback journal layout constants and pure helpers (header and record encoding, checksums).</summary>
internal static class RollbackJournal
{
    public const int MagicOffset = 0;         //  0..7
    public const int RecordCountOffset = 8;   //  8..11 u32
    public const int NonceOffset = 12;        // 12..15 u32
    public const int InitialSizeOffset = 16;  // 16..19 u32 pages
    public const int SectorSizeOffset = 20;   // 20..23 u32
    public const int PageSizeOffset = 24;     // 24..27 u32

    /// <summary>Bytes of the header that carry information; the rest of the sector is zero padding.</summary>
    public const int HeaderLength = 28;

    /// <summary>Record count meaning "compute from the file size".</summary>
    public const uint RecordCountToEndOfFile = 0xFFFFFFFF;

    /// <summary>Smallest and largest sector sizes accepted in a journal header.</summary>
    public const int MinSectorSize = 32, MaxSectorSize = 65536;

    /// <summary>Offset of the PENDING byte (SQLite's PENDING_BYTE, 0x40000000); its page is never used.</summary>
    public const long PendingByte = 0x40000000;

    /// <summary>The journal magic.</summary>
    public static ReadOnlySpan<byte> Magic => [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];

    /// <summary>Size in bytes of one page record.</summary>
    public static int RecordSize(int pageSize) => pageSize + 8;

    /// <summary>The page that contains the PENDING byte (the lock-byte page, also the super-journal marker).</summary>
    public static uint LockBytePage(int pageSize) => (uint)(PendingByte / pageSize) + 1;

    /// <summary>Journal sector size for a database file's sector size: clamped to 512..65536 and a power of two.</summary>
    public static int EffectiveSectorSize(int fileSectorSize)
    {
        int size = Math.Clamp(fileSectorSize, 512, MaxSectorSize);
        return (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)size);
    }

    /// <summary>The first multiple of <paramref name="sectorSize"/> at or after <paramref name="offset"/>.</summary>
    public static long AlignToSector(long offset, int sectorSize) => (offset + sectorSize - 1) / sectorSize * sectorSize;

    /// <summary>
    /// The page record checksum: the nonce plus every 200th byte counting back from the end of the page
    /// (offsets N-200, N-400, ... while non-negative), each as an unsigned byte, modulo 2^32.
    /// </summary>
    public static uint Checksum(uint nonce, ReadOnlySpan<byte> page)
    {
        uint sum = nonce;
        for (int i = page.Length - 200; i >= 0; i -= 200)
            sum += page[i];
        return sum;
    }

    /// <summary>Writes a header (zero-padded to <paramref name="header"/>.Length, one sector).</summary>
    public static void WriteHeader(Span<byte> header, uint recordCount, uint nonce, uint initialSize, int sectorSize, int pageSize)
    {
        header.Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[RecordCountOffset..], recordCount);
        BinaryPrimitives.WriteUInt32BigEndian(header[NonceOffset..], nonce);
        BinaryPrimitives.WriteUInt32BigEndian(header[InitialSizeOffset..], initialSize);
        BinaryPrimitives.WriteUInt32BigEndian(header[SectorSizeOffset..], (uint)sectorSize);
        BinaryPrimitives.WriteUInt32BigEndian(header[PageSizeOffset..], (uint)pageSize);
    }

    /// <summary>Encodes one page record into <paramref name="record"/> (PageSize + 8 bytes).</summary>
    public static void WriteRecord(Span<byte> record, uint pageNumber, ReadOnlySpan<byte> page, uint nonce)
    {
        BinaryPrimitives.WriteUInt32BigEndian(record, pageNumber);
        page.CopyTo(record[4..]);
        BinaryPrimitives.WriteUInt32BigEndian(record[(4 + page.Length)..], Checksum(nonce, page));
    }

    /// <summary>A parsed segment header.</summary>
    public readonly record struct Header(uint RecordCount, uint Nonce, uint InitialSize, int SectorSize, int PageSize);

    /// <summary>
    /// Parses a segment header; false when the magic is wrong or the sector or page size is not legal
    /// (both end the playback of a journal).
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> bytes, out Header header)
    {
        header = default;
        if (bytes.Length < HeaderLength || !bytes[..Magic.Length].SequenceEqual(Magic))
            return false;
        uint sector = BinaryPrimitives.ReadUInt32BigEndian(bytes[SectorSizeOffset..]);
        uint pageSize = BinaryPrimitives.ReadUInt32BigEndian(bytes[PageSizeOffset..]);
        if (sector < MinSectorSize || sector > MaxSectorSize || (sector & (sector - 1)) != 0)
            return false;
        if (pageSize > int.MaxValue || !DatabaseHeader.IsValidPageSize((int)pageSize))
            return false;
        header = new Header(
            BinaryPrimitives.ReadUInt32BigEndian(bytes[RecordCountOffset..]),
            BinaryPrimitives.ReadUInt32BigEndian(bytes[NonceOffset..]),
            BinaryPrimitives.ReadUInt32BigEndian(bytes[InitialSizeOffset..]),
            (int)sector,
            (int)pageSize);
        return true;
    }

    /// <summary>
    /// Reads the super-journal name at the end of a journal, or null when there is none or it is malformed
    /// (a malformed trailer is treated as absent, as SQLite does).
    /// </summary>
    public static string? ReadSuperJournalName(IVfsFile file, long fileSize, int pageSize)
    {
        // Trailer: [lock-byte page u32][name][length u32][checksum u32][magic 8].
        if (fileSize < 16 + 4)
            return null;
        Span<byte> tail = stackalloc byte[16];
        file.Read(tail, fileSize - 16);
        if (!tail[8..].SequenceEqual(Magic))
            return null;
        uint length = BinaryPrimitives.ReadUInt32BigEndian(tail);
        uint checksum = BinaryPrimitives.ReadUInt32BigEndian(tail[4..]);
        if (length == 0 || length > 65536 || length + 20 > fileSize)
            return null;
        long nameOffset = fileSize - 16 - length;
        Span<byte> marker = stackalloc byte[4];
        file.Read(marker, nameOffset - 4);
        if (BinaryPrimitives.ReadUInt32BigEndian(marker) != LockBytePage(pageSize))
            return null;
        byte[] name = new byte[length];
        file.Read(name, nameOffset);
        uint sum = 0;
        foreach (byte b in name)
            sum += b;
        if (sum != checksum)
            return null;
        int end = Array.IndexOf(name, (byte)0);
        return Encoding.UTF8.GetString(name, 0, end < 0 ? name.Length : end);
    }
}
