using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MiniSql.Engine.Storage.Wal;

/// <summary>
/// SQLite's WAL checksum (fileformat2 4.1, walformat): the input is read as 32-bit words x0, x1, ... in big-endian
/// or little-endian order (WAL header magic low bit; the wal-index header always uses native order) and folded in
/// pairs: s0 += x[i] + s1; s1 += x[i+1] + s0, all modulo 2^32. The input length must be a multiple of 8.
/// </summary>
public static class WalChecksum
{
    /// <summary>Folds <paramref name="data"/> into the running checksum (<paramref name="s0"/>, <paramref name="s1"/>).</summary>
    public static void Accumulate(ReadOnlySpan<byte> data, bool bigEndianWords, ref uint s0, ref uint s1)
    {
        if ((data.Length & 7) != 0)
            ThrowHelper.Throw(ResultCode.Internal, $"WAL checksum input of {data.Length} bytes is not a multiple of 8");
        uint a = s0, b = s1;
        if (bigEndianWords == !BitConverter.IsLittleEndian)
        {
            // Native order: reinterpret the bytes as words without swapping.
            var words = MemoryMarshal.Cast<byte, uint>(data);
            for (int i = 0; i < words.Length; i += 2)
            {
                a += words[i] + b;
                b += words[i + 1] + a;
            }
        }
        else
        {
            for (int i = 0; i < data.Length; i += 8)
            {
                uint x0 = bigEndianWords ? BinaryPrimitives.ReadUInt32BigEndian(data[i..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
                uint x1 = bigEndianWords ? BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
                a += x0 + b;
                b += x1 + a;
            }
        }
        s0 = a;
        s1 = b;
    }
}
