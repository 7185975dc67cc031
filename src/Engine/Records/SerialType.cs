using System.Buffers.Binary;

namespace MiniSql.Engine.Records;

/// <summary>
/// Serial types of the record format (fileformat2: 2.1 "Record Format"):
/// <code>
///  type      content size  meaning
///  0         0             NULL
///  1..6      1,2,3,4,6,8   big-endian two's-complement integer
///  7         8             big-endian IEEE 754 float
///  8, 9      0             integer 0, integer 1 (schema format 4 only)
///  10, 11    -             reserved (corrupt here)
///  N>=12 even (N-12)/2     BLOB
///  N>=13 odd  (N-13)/2     TEXT in the database encoding
/// </code>
/// </summary>
public static class SerialType
{
    /// <summary>The serial type SQLite would choose for <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="schemaFormat">Header schema format number; types 8/9 are used only when it is 4.</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static long For(in SqlValue value, int schemaFormat = 4)
    {
        switch (value.Type)
        {
            case StorageClass.Null:
                return 0;
            case StorageClass.Integer:
                return ForInteger(value.AsInteger, schemaFormat);
            case StorageClass.Real:
                return 7;
            case StorageClass.Text:
                return value.Bytes.Length * 2L + 13;
            default:
                return value.Bytes.Length * 2L + 12;
        }
    }

    /// <summary>The smallest integer serial type that holds <paramref name="v"/>.</summary>
    public static long ForInteger(long v, int schemaFormat = 4)
    {
        if (schemaFormat >= 4 && (v == 0 || v == 1)) return 8 + v;
        ulong u = v < 0 ? ~(ulong)v : (ulong)v; // magnitude bits needed, sign bit excluded
        if (u <= 0x7F) return 1;
        if (u <= 0x7FFF) return 2;
        if (u <= 0x7F_FFFF) return 3;
        if (u <= 0x7FFF_FFFF) return 4;
        if (u <= 0x7FFF_FFFF_FFFF) return 5;
        return 6;
    }

    /// <summary>Bytes of content for <paramref name="serialType"/>; SQLITE_CORRUPT for reserved or absurd types.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int ContentLength(long serialType)
    {
        switch (serialType)
        {
            case 0: case 8: case 9: return 0;
            case 1: return 1;
            case 2: return 2;
            case 3: return 3;
            case 4: return 4;
            case 5: return 6;
            case 6: case 7: return 8;
            case 10: case 11:
                ThrowHelper.Corrupt("reserved serial type " + serialType);
                return 0;
        }
        if (serialType < 0 || serialType > 2L * int.MaxValue) ThrowHelper.Corrupt("bad serial type " + serialType);
        return (int)((serialType - 12) / 2);
    }

    /// <summary>Decodes the content <paramref name="data"/> of a value of <paramref name="serialType"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static SqlValue Decode(long serialType, ReadOnlySpan<byte> data)
    {
        switch (serialType)
        {
            case 0: return SqlValue.Null;
            case 7:
                return SqlValue.Real(BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(data)));
            case 8: return SqlValue.Integer(0);
            case 9: return SqlValue.Integer(1);
        }
        if (serialType <= 6) return SqlValue.Integer(DecodeInteger(serialType, data));
        return (serialType & 1) == 0 ? SqlValue.Blob(data) : SqlValue.Text(data);
    }

    /// <summary>Decodes an integer serial type (1..6, 8, 9) from its big-endian content.</summary>
    public static long DecodeInteger(long serialType, ReadOnlySpan<byte> data) => serialType switch
    {
        1 => (sbyte)data[0],
        2 => BinaryPrimitives.ReadInt16BigEndian(data),
        3 => ((int)(sbyte)data[0] << 16) | (data[1] << 8) | data[2],
        4 => BinaryPrimitives.ReadInt32BigEndian(data),
        5 => ((long)BinaryPrimitives.ReadInt16BigEndian(data) << 32) | BinaryPrimitives.ReadUInt32BigEndian(data[2..]),
        6 => BinaryPrimitives.ReadInt64BigEndian(data),
        8 => 0,
        9 => 1,
        _ => 0,
    };

    /// <summary>Writes the content of <paramref name="value"/> for <paramref name="serialType"/>; returns its length.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int Write(Span<byte> dest, long serialType, in SqlValue value)
    {
        switch (serialType)
        {
            case 0: case 8: case 9: return 0;
            case 7:
                BinaryPrimitives.WriteInt64BigEndian(dest, BitConverter.DoubleToInt64Bits(value.AsReal));
                return 8;
        }
        if (serialType <= 6)
        {
            int n = ContentLength(serialType);
            long v = value.AsInteger;
            for (int i = n - 1; i >= 0; i--)
            {
                dest[i] = (byte)v;
                v >>= 8;
            }
            return n;
        }
        value.Bytes.CopyTo(dest);
        return value.Bytes.Length;
    }
}
