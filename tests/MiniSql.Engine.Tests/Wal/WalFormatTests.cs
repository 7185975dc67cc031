using System.Buffers.Binary;
using MiniSql.Engine.Storage.Wal;

namespace MiniSql.Engine.Tests.Wal;

public sealed class WalFormatTests
{
    [Fact]
    public void ChecksumFoldsWordPairs()
    {
        // Two pairs of words: s0 = x0 + s1, s1 = x1 + s0 after each pair.
        var data = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(data, 1);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), 3);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(12), 0xFFFFFFFF);
        uint s0 = 0, s1 = 0;
        WalChecksum.Accumulate(data, bigEndianWords: true, ref s0, ref s1);
        // pair 1: s0 = 1, s1 = 2 + 1 = 3; pair 2: s0 = 1 + 3 + 3 = 7, s1 = 3 + 0xFFFFFFFF + 7 = 9 (mod 2^32)
        Assert.Equal(7u, s0);
        Assert.Equal(9u, s1);

        uint l0 = 0, l1 = 0;
        WalChecksum.Accumulate(data, bigEndianWords: false, ref l0, ref l1);
        Assert.Equal(0x01000000u + 0x02000000u + 0x01000000u + 0x03000000u, l0);
    }

    [Fact]
    public void ChecksumRejectsOddLength()
    {
        uint s0 = 0, s1 = 0;
        var ex = Assert.Throws<MiniSqlException>(() => WalChecksum.Accumulate(new byte[12], false, ref s0, ref s1));
        Assert.Equal(ResultCode.Internal, ex.ResultCode);
    }

    [Fact]
    public void FileHeaderBytesMatchTheDocumentedLayout()
    {
        var h = WalFileHeader.Create(4096, checkpointSequence: 7, salt1: 0x11223344, salt2: 0x55667788, bigEndianChecksum: false);
        var bytes = new byte[32];
        h.Write(bytes);
        Assert.Equal(0x377f0682u, BinaryPrimitives.ReadUInt32BigEndian(bytes));
        Assert.Equal(3007000u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4)));
        Assert.Equal(4096u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)));
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(12)));
        Assert.Equal(new byte[] { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 }, bytes[16..24]);
        uint s0 = 0, s1 = 0;
        WalChecksum.Accumulate(bytes.AsSpan(0, 24), false, ref s0, ref s1);
        Assert.Equal(s0, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(24)));
        Assert.Equal(s1, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(28)));

        Assert.True(WalFileHeader.TryRead(bytes, out var parsed));
        Assert.Equal(h, parsed);
        bytes[30] ^= 1;
        Assert.False(WalFileHeader.TryRead(bytes, out _));
    }

    [Fact]
    public void BigEndianMagicSelectsBigEndianChecksums()
    {
        var h = WalFileHeader.Create(1024, 0, 1, 2, bigEndianChecksum: true);
        var bytes = new byte[32];
        h.Write(bytes);
        Assert.Equal(0x377f0683u, BinaryPrimitives.ReadUInt32BigEndian(bytes));
        uint s0 = 0, s1 = 0;
        WalChecksum.Accumulate(bytes.AsSpan(0, 24), true, ref s0, ref s1);
        Assert.Equal((s0, s1), (h.Checksum1, h.Checksum2));
        Assert.True(WalFileHeader.TryRead(bytes, out var parsed));
        Assert.True(parsed.BigEndianChecksum);
    }

    [Theory]
    [InlineData(0x377f0684u, 4096u)]
    [InlineData(0x377f0682u, 1000u)]
    [InlineData(0x377f0682u, 131072u)]
    public void BadMagicOrPageSizeIsNotAHeader(uint magic, uint pageSize)
    {
        var bytes = new byte[32];
        WalFileHeader.Create(4096, 0, 1, 2).Write(bytes);
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), pageSize);
        Assert.False(WalFileHeader.TryRead(bytes, out _));
    }

    [Fact]
    public void FrameChecksumChainsFromTheHeader()
    {
        var h = WalFileHeader.Create(512, 0, 9, 10, bigEndianChecksum: false);
        var page = new byte[512];
        page[0] = 42;
        var frame = new byte[24];
        uint s0 = h.Checksum1, s1 = h.Checksum2;
        WalFrameHeader.Encode(frame, 3, 5, 9, 10, page, false, ref s0, ref s1);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32BigEndian(frame));
        Assert.Equal(5u, BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4)));
        Assert.Equal(9u, BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(8)));
        Assert.Equal(10u, BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(12)));
        uint e0 = h.Checksum1, e1 = h.Checksum2;
        WalChecksum.Accumulate(frame.AsSpan(0, 8), false, ref e0, ref e1);
        WalChecksum.Accumulate(page, false, ref e0, ref e1);
        Assert.Equal((e0, e1), (s0, s1));
        Assert.Equal(e0, BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(16)));

        uint v0 = h.Checksum1, v1 = h.Checksum2;
        Assert.True(WalFrameHeader.Validate(frame, page, 9, 10, false, ref v0, ref v1));
        uint w0 = h.Checksum1, w1 = h.Checksum2;
        Assert.False(WalFrameHeader.Validate(frame, page, 9, 11, false, ref w0, ref w1)); // salt mismatch
        page[100] = 1;
        Assert.False(WalFrameHeader.Validate(frame, page, 9, 10, false, ref w0, ref w1)); // data changed
    }

    [Fact]
    public void IndexHeaderLayoutIsNativeWithRawSalts()
    {
        var h = new WalIndexHeader { Change = 5, MaxFrame = 17, PageCount = 9, FrameChecksum1 = 0xAABBCCDD, Salt1 = 0x01020304, Salt2 = 0x05060708,
            BigEndianChecksum = 0, PageSizeField = WalIndexHeader.EncodePageSize(65536) }.Sealed();
        var bytes = new byte[48];
        h.Write(bytes);
        Assert.Equal(3007000u, BitConverter.ToUInt32(bytes, 0));
        Assert.Equal(5u, BitConverter.ToUInt32(bytes, 8));
        Assert.Equal(1, bytes[12]);
        Assert.Equal(1, BitConverter.ToUInt16(bytes, 14)); // 65536 encoded as 1
        Assert.Equal(65536, h.PageSize);
        Assert.Equal(17u, BitConverter.ToUInt32(bytes, 16));
        Assert.Equal(9u, BitConverter.ToUInt32(bytes, 20));
        Assert.Equal(0xAABBCCDDu, BitConverter.ToUInt32(bytes, 24));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, bytes[32..40]);
        Assert.True(WalIndexHeader.HasValidChecksum(bytes));
        Assert.Equal(h, WalIndexHeader.Read(bytes));
        Assert.Equal(4096, (h with { PageSizeField = WalIndexHeader.EncodePageSize(4096) }).PageSize);
        bytes[20] ^= 1;
        Assert.False(WalIndexHeader.HasValidChecksum(bytes));
    }
}
