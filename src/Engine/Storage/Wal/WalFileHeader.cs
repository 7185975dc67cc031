using System.Buffers.Binary;

namespace MiniSql.Engine.Storage.Wal;

// The 32-byte header at the start of a WAL file (fileformat2 4.1, walformat 1). All fields big-endian.
//   offset size meaning
//   0      4    magic: 0x377f0682 (checksum words little-endian) or 0x377f0683 (checksum words big-endian)
//   4      4    file format version, 3007000
//   8      4    database page size (512..65536, a power of two)
//   12     4    checkpoint sequence number
//   16     4    salt-1: incremented at each WAL restart
//   20     4    salt-2: a fresh random value at each WAL restart
//   24     4    checksum-1 over bytes 0..23
//   28     4    checksum-2

/// <summary>The header of a WAL file (SQLite's WAL header); an immutable value.</summary>
public readonly record struct WalFileHeader(
    bool BigEndianChecksum, uint FormatVersion, int PageSize, uint CheckpointSequence,
    uint Salt1, uint Salt2, uint Checksum1, uint Checksum2)
{
    /// <summary>Size of the WAL header in bytes (WAL_HDRSIZE).</summary>
    public const int Size = 32;

    /// <summary>Magic number with little-endian checksum words; the low bit set means big-endian words.</summary>
    public const uint MagicLittleEndian = 0x377f0682;

    /// <summary>Magic number with big-endian checksum words.</summary>
    public const uint MagicBigEndian = 0x377f0683;

    /// <summary>The only WAL format version (WAL_MAX_VERSION).</summary>
    public const uint Version = 3007000;

    public const int MagicOffset = 0;              // 0..3
    public const int FormatVersionOffset = 4;      // 4..7
    public const int PageSizeOffset = 8;           // 8..11
    public const int CheckpointSequenceOffset = 12; // 12..15
    public const int Salt1Offset = 16;             // 16..19
    public const int Salt2Offset = 20;             // 20..23
    public const int Checksum1Offset = 24;         // 24..27
    public const int Checksum2Offset = 28;         // 28..31

    /// <summary>The magic number this header is written with.</summary>
    public uint Magic => BigEndianChecksum ? MagicBigEndian : MagicLittleEndian;

    /// <summary>Builds a header with its checksum computed. New WALs use the machine's native word order, as SQLite does.</summary>
    public static WalFileHeader Create(int pageSize, uint checkpointSequence, uint salt1, uint salt2, bool? bigEndianChecksum = null)
    {
        var h = new WalFileHeader(bigEndianChecksum ?? !BitConverter.IsLittleEndian, Version, pageSize, checkpointSequence, salt1, salt2, 0, 0);
        Span<byte> buf = stackalloc byte[Size];
        h.WriteFields(buf);
        uint s0 = 0, s1 = 0;
        WalChecksum.Accumulate(buf[..Checksum1Offset], h.BigEndianChecksum, ref s0, ref s1);
        return h with { Checksum1 = s0, Checksum2 = s1 };
    }

    /// <summary>
    /// Parses a header. Returns false when the magic, page size or checksum is wrong (the WAL is then treated as
    /// empty). A wrong <see cref="FormatVersion"/> is returned as parsed; the caller rejects it.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out WalFileHeader header)
    {
        header = default;
        if (source.Length < Size)
            return false;
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(source[MagicOffset..]);
        if ((magic & ~1u) != MagicLittleEndian)
            return false;
        uint pageSize = BinaryPrimitives.ReadUInt32BigEndian(source[PageSizeOffset..]);
        if (pageSize is < 512 or > 65536 || (pageSize & (pageSize - 1)) != 0)
            return false;
        bool bigEndian = (magic & 1) != 0;
        header = new WalFileHeader(bigEndian,
            BinaryPrimitives.ReadUInt32BigEndian(source[FormatVersionOffset..]),
            (int)pageSize,
            BinaryPrimitives.ReadUInt32BigEndian(source[CheckpointSequenceOffset..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[Salt1Offset..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[Salt2Offset..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[Checksum1Offset..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[Checksum2Offset..]));
        uint s0 = 0, s1 = 0;
        WalChecksum.Accumulate(source[..Checksum1Offset], bigEndian, ref s0, ref s1);
        return s0 == header.Checksum1 && s1 == header.Checksum2;
    }

    /// <summary>Writes the 32 header bytes, checksum fields as stored in this value.</summary>
    public void Write(Span<byte> destination)
    {
        WriteFields(destination);
        BinaryPrimitives.WriteUInt32BigEndian(destination[Checksum1Offset..], Checksum1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[Checksum2Offset..], Checksum2);
    }

    /// <summary>Byte offset of frame <paramref name="frame"/> (1-based) in a WAL with <paramref name="pageSize"/>.</summary>
    public static long FrameOffset(uint frame, int pageSize) => Size + (long)(frame - 1) * (WalFrameHeader.Size + pageSize);

    private void WriteFields(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[MagicOffset..], Magic);
        BinaryPrimitives.WriteUInt32BigEndian(destination[FormatVersionOffset..], FormatVersion);
        BinaryPrimitives.WriteUInt32BigEndian(destination[PageSizeOffset..], (uint)PageSize);
        BinaryPrimitives.WriteUInt32BigEndian(destination[CheckpointSequenceOffset..], CheckpointSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[Salt1Offset..], Salt1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[Salt2Offset..], Salt2);
    }
}
