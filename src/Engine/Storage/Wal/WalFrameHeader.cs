using System.Buffers.Binary;

namespace MiniSql.Engine.Storage.Wal;

// The 24-byte header before each page image in a WAL file (fileformat2 4.1). All fields big-endian.
//   offset size meaning
//   0      4    page number
//   4      4    for a commit frame: database size in pages after the commit; otherwise 0
//   8      4    salt-1 copied from the WAL header
//   12     4    salt-2 copied from the WAL header
//   16     4    checksum-1: cumulative over the WAL header, every earlier frame, bytes 0..7 of this frame
//   20     4    checksum-2  header and this frame's page data
// A frame is valid when its salts equal the WAL header's and its checksums match the running checksum.

/// <summary>The header of one WAL frame; an immutable value.</summary>
public readonly record struct WalFrameHeader(uint PageNumber, uint CommitSize, uint Salt1, uint Salt2, uint Checksum1, uint Checksum2)
{
    /// <summary>Size of a frame header in bytes (WAL_FRAME_HDRSIZE).</summary>
    public const int Size = 24;

    public const int PageNumberOffset = 0;  // 0..3
    public const int CommitSizeOffset = 4;  // 4..7
    public const int Salt1Offset = 8;       // 8..11
    public const int Salt2Offset = 12;      // 12..15
    public const int Checksum1Offset = 16;  // 16..19
    public const int Checksum2Offset = 20;  // 20..23

    /// <summary>True for the last frame of a transaction (non-zero database size).</summary>
    public bool IsCommit => CommitSize != 0;

    /// <summary>Parses the 24 header bytes.</summary>
    public static WalFrameHeader Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt32BigEndian(source[PageNumberOffset..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[CommitSizeOffset..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[Salt1Offset..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[Salt2Offset..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[Checksum1Offset..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[Checksum2Offset..]));

    /// <summary>
    /// Writes the frame header for <paramref name="pageData"/> into <paramref name="destination"/> and advances the
    /// running checksum (<paramref name="s0"/>, <paramref name="s1"/>) over its first 8 bytes and the page data.
    /// </summary>
    public static void Encode(Span<byte> destination, uint pageNumber, uint commitSize, uint salt1, uint salt2,
        ReadOnlySpan<byte> pageData, bool bigEndianChecksum, ref uint s0, ref uint s1)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[PageNumberOffset..], pageNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[CommitSizeOffset..], commitSize);
        BinaryPrimitives.WriteUInt32BigEndian(destination[Salt1Offset..], salt1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[Salt2Offset..], salt2);
        WalChecksum.Accumulate(destination[..Salt1Offset], bigEndianChecksum, ref s0, ref s1);
        WalChecksum.Accumulate(pageData, bigEndianChecksum, ref s0, ref s1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[Checksum1Offset..], s0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[Checksum2Offset..], s1);
    }

    /// <summary>
    /// Checks a frame read from the WAL against the WAL header's salts and the running checksum; on success the
    /// running checksum is advanced and true returned. A false result marks the end of the valid log.
    /// </summary>
    public static bool Validate(ReadOnlySpan<byte> frameHeader, ReadOnlySpan<byte> pageData, uint salt1, uint salt2,
        bool bigEndianChecksum, ref uint s0, ref uint s1)
    {
        var h = Read(frameHeader);
        if (h.Salt1 != salt1 || h.Salt2 != salt2 || h.PageNumber == 0)
            return false;
        uint a = s0, b = s1;
        WalChecksum.Accumulate(frameHeader[..Salt1Offset], bigEndianChecksum, ref a, ref b);
        WalChecksum.Accumulate(pageData, bigEndianChecksum, ref a, ref b);
        if (a != h.Checksum1 || b != h.Checksum2)
            return false;
        s0 = a;
        s1 = b;
        return true;
    }
}
