using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MiniSql.Engine.Storage.Wal;

// One copy of the wal-index header (walformat 2.1, SQLite's WalIndexHdr). NATIVE byte order, except aSalt, which is
// a raw copy of WAL header bytes 16..23 (so it reads as big-endian numbers). Two copies sit at shm offsets 0 and 48.
//   offset size meaning
//   0      4    iVersion: 3007000
//   4      4    unused (zero)
//   8      4    iChange: incremented by every commit
//   12     1    isInit: 1 once the header has been written
//   13     1    bigEndCksum: 1 when the WAL checksums use big-endian words
//   14     2    szPage: page size, 65536 encoded as 1 ((size & 0xff00) | (size >> 16))
//   16     4    mxFrame: last valid commit frame in the WAL (0: WAL empty)
//   20     4    nPage: database size in pages after that commit
//   24     8    aFrameCksum: WAL running checksum after frame mxFrame
//   32     8    aSalt: salt-1, salt-2 of the WAL header
//   40     8    aCksum: checksum of bytes 0..39, native word order

/// <summary>The wal-index header (SQLite's WalIndexHdr); an immutable value compared field by field like memcmp.</summary>
public readonly record struct WalIndexHeader(
    uint Version, uint Unused, uint Change, byte IsInit, byte BigEndianChecksum, ushort PageSizeField,
    uint MaxFrame, uint PageCount, uint FrameChecksum1, uint FrameChecksum2, uint Salt1, uint Salt2,
    uint Checksum1, uint Checksum2)
{
    /// <summary>Size of one copy (sizeof(WalIndexHdr)).</summary>
    public const int Size = 48;

    /// <summary>The wal-index format version (WALINDEX_MAX_VERSION).</summary>
    public const uint CurrentVersion = 3007000;

    public const int VersionOffset = 0;          // 0..3   u32
    public const int UnusedOffset = 4;           // 4..7   u32
    public const int ChangeOffset = 8;           // 8..11  u32
    public const int IsInitOffset = 12;          // 12     u8
    public const int BigEndianChecksumOffset = 13; // 13   u8
    public const int PageSizeOffset = 14;        // 14..15 u16
    public const int MaxFrameOffset = 16;        // 16..19 u32
    public const int PageCountOffset = 20;       // 20..23 u32
    public const int FrameChecksumOffset = 24;   // 24..31 u32[2]
    public const int SaltOffset = 32;            // 32..39 u8[8]
    public const int ChecksumOffset = 40;        // 40..47 u32[2]

    /// <summary>The page size in bytes decoded from szPage (0 when not set).</summary>
    public int PageSize => (PageSizeField & 0xfe00) + ((PageSizeField & 1) << 16);

    /// <summary>Encodes a page size as szPage.</summary>
    public static ushort EncodePageSize(int pageSize) => (ushort)((pageSize & 0xff00) | (pageSize >> 16));

    /// <summary>Parses one copy of the header from <paramref name="source"/> (48 bytes).</summary>
    public static WalIndexHeader Read(ReadOnlySpan<byte> source)
    {
        var w = MemoryMarshal.Cast<byte, uint>(source[..Size]);
        return new WalIndexHeader(w[0], w[1], w[2], source[IsInitOffset], source[BigEndianChecksumOffset],
            MemoryMarshal.Read<ushort>(source[PageSizeOffset..]), w[4], w[5], w[6], w[7],
            BinaryPrimitives.ReadUInt32BigEndian(source[SaltOffset..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[(SaltOffset + 4)..]), w[10], w[11]);
    }

    /// <summary>Writes the 48 bytes as stored in this value (checksum included as is).</summary>
    public void Write(Span<byte> destination)
    {
        WriteFields(destination);
        MemoryMarshal.Write(destination[ChecksumOffset..], Checksum1);
        MemoryMarshal.Write(destination[(ChecksumOffset + 4)..], Checksum2);
    }

    /// <summary>Returns this header with isInit = 1, iVersion = 3007000 and aCksum computed (walIndexWriteHdr).</summary>
    public WalIndexHeader Sealed()
    {
        var h = this with { IsInit = 1, Version = CurrentVersion };
        Span<byte> buf = stackalloc byte[Size];
        h.WriteFields(buf);
        var (s0, s1) = ComputeChecksum(buf);
        return h with { Checksum1 = s0, Checksum2 = s1 };
    }

    /// <summary>True when aCksum matches bytes 0..39 of <paramref name="source"/>.</summary>
    public static bool HasValidChecksum(ReadOnlySpan<byte> source)
    {
        var (s0, s1) = ComputeChecksum(source);
        return s0 == MemoryMarshal.Read<uint>(source[ChecksumOffset..]) && s1 == MemoryMarshal.Read<uint>(source[(ChecksumOffset + 4)..]);
    }

    private static (uint, uint) ComputeChecksum(ReadOnlySpan<byte> source)
    {
        uint s0 = 0, s1 = 0;
        WalChecksum.Accumulate(source[..ChecksumOffset], !BitConverter.IsLittleEndian, ref s0, ref s1);
        return (s0, s1);
    }

    private void WriteFields(Span<byte> d)
    {
        MemoryMarshal.Write(d[VersionOffset..], Version);
        MemoryMarshal.Write(d[UnusedOffset..], Unused);
        MemoryMarshal.Write(d[ChangeOffset..], Change);
        d[IsInitOffset] = IsInit;
        d[BigEndianChecksumOffset] = BigEndianChecksum;
        MemoryMarshal.Write(d[PageSizeOffset..], PageSizeField);
        MemoryMarshal.Write(d[MaxFrameOffset..], MaxFrame);
        MemoryMarshal.Write(d[PageCountOffset..], PageCount);
        MemoryMarshal.Write(d[FrameChecksumOffset..], FrameChecksum1);
        MemoryMarshal.Write(d[(FrameChecksumOffset + 4)..], FrameChecksum2);
        BinaryPrimitives.WriteUInt32BigEndian(d[SaltOffset..], Salt1);
        BinaryPrimitives.WriteUInt32BigEndian(d[(SaltOffset + 4)..], Salt2);
    }
}
