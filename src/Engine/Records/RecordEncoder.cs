namespace MiniSql.Engine.Records;

/// <summary>
/// Encodes a list of values into a record (fileformat2: 2.1): a header (its own size as a varint, then one serial
/// type varint per column) followed by the column contents in order. Pure functions.
/// </summary>
public static class RecordEncoder
{
    /// <summary>Header size in bytes for the given sum of serial-type varint lengths, including its own varint.</summary>
    public static int HeaderSize(int serialTypeBytes)
    {
        // The size varint counts itself: grow its width until the total is stable (127 -> 129 edge case).
        int n = 1;
        while (Varint.Length(serialTypeBytes + n) > n) n++;
        return serialTypeBytes + n;
    }

    /// <summary>Total encoded size of a record holding <paramref name="values"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int ComputeSize(ReadOnlySpan<SqlValue> values, int schemaFormat = 4)
    {
        long typeBytes = 0, body = 0;
        foreach (ref readonly SqlValue v in values)
        {
            long t = SerialType.For(v, schemaFormat);
            typeBytes += Varint.Length(t);
            body += SerialType.ContentLength(t);
        }
        long total = HeaderSize(checked((int)typeBytes)) + body;
        if (total > int.MaxValue) ThrowHelper.Throw(ResultCode.TooBig, "string or blob too big");
        return (int)total;
    }

    /// <summary>Encodes <paramref name="values"/> into <paramref name="dest"/>; returns the bytes written.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int Encode(ReadOnlySpan<SqlValue> values, Span<byte> dest, int schemaFormat = 4)
    {
        int typeBytes = 0;
        foreach (ref readonly SqlValue v in values) typeBytes += Varint.Length(SerialType.For(v, schemaFormat));
        int headerSize = HeaderSize(typeBytes);
        int h = Varint.Write(dest, headerSize);
        int b = headerSize;
        foreach (ref readonly SqlValue v in values)
        {
            long t = SerialType.For(v, schemaFormat);
            h += Varint.Write(dest[h..], t);
            b += SerialType.Write(dest[b..], t, v);
        }
        return b;
    }

    /// <summary>Encodes <paramref name="values"/> into a new array.</summary>
    public static byte[] Encode(ReadOnlySpan<SqlValue> values, int schemaFormat = 4)
    {
        var dest = new byte[ComputeSize(values, schemaFormat)];
        Encode(values, dest, schemaFormat);
        return dest;
    }
}
