using CsCheck;
using MiniSql.Engine.Records;

namespace MiniSql.Engine.Tests.Records;

public sealed class VarintTests
{
    [Theory]
    [InlineData(0L, 1)]
    [InlineData(127L, 1)]
    [InlineData(128L, 2)]
    [InlineData(16383L, 2)]
    [InlineData(16384L, 3)]
    [InlineData(0x00FF_FFFF_FFFF_FFFFL, 8)]
    [InlineData(0x0100_0000_0000_0000L, 9)]
    [InlineData(-1L, 9)]
    [InlineData(long.MinValue, 9)]
    [InlineData(long.MaxValue, 9)]
    public void EdgeValuesRoundTrip(long value, int length)
    {
        Span<byte> buf = stackalloc byte[9];
        Assert.Equal(length, Varint.Length(value));
        Assert.Equal(length, Varint.Write(buf, value));
        Assert.Equal(length, Varint.Read(buf, out long back));
        Assert.Equal(value, back);
    }

    [Fact]
    public void KnownEncodings()
    {
        Span<byte> buf = stackalloc byte[9];
        Assert.Equal(2, Varint.Write(buf, 128));
        Assert.Equal(new byte[] { 0x81, 0x00 }, buf[..2].ToArray());
        Assert.Equal(9, Varint.Write(buf, -1));
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, buf.ToArray());
    }

    [Fact]
    public void RandomValuesRoundTrip()
    {
        Gen.Long.Sample(v =>
        {
            Span<byte> buf = stackalloc byte[9];
            int n = Varint.Write(buf, v);
            Assert.Equal(Varint.Length(v), n);
            Assert.Equal(n, Varint.Read(buf[..n], out long back));
            Assert.Equal(v, back);
        }, iter: 5000, threads: 1, seed: "0000000000000");
    }

    [Fact]
    public void TruncatedVarintIsCorrupt()
    {
        var ex = Assert.Throws<MiniSqlException>(() => Varint.Read(new byte[] { 0x81, 0x82 }, out _));
        Assert.Equal(ResultCode.Corrupt, ex.ResultCode);
        Assert.Equal(0, Varint.TryRead(ReadOnlySpan<byte>.Empty, out _));
    }
}
