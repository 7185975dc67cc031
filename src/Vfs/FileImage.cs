namespace MiniSql.Vfs;

/// <summary>A growable byte image of a file's content (durable state, or a state being rebuilt). Not thread-safe.</summary>
internal sealed class FileImage
{
    private byte[] _data;

    public FileImage(int capacity = 0) => _data = capacity == 0 ? [] : new byte[capacity];

    /// <summary>Size in bytes; content past it is zero.</summary>
    public long Size { get; private set; }

    /// <summary>The bytes of the image.</summary>
    public ReadOnlySpan<byte> Content => _data.AsSpan(0, (int)Size);

    /// <summary>A deep copy.</summary>
    public FileImage Clone()
    {
        var copy = new FileImage((int)Size);
        Content.CopyTo(copy._data);
        copy.Size = Size;
        return copy;
    }

    /// <summary>Writes <paramref name="bytes"/> at <paramref name="offset"/>, growing the image.</summary>
    public void Write(ReadOnlySpan<byte> bytes, long offset)
    {
        long end = offset + bytes.Length;
        Grow(end);
        bytes.CopyTo(_data.AsSpan((int)offset));
        if (end > Size)
            Size = end;
    }

    /// <summary>Truncates or zero-extends to <paramref name="size"/>.</summary>
    public void SetSize(long size)
    {
        if (size < Size)
            _data.AsSpan((int)size, (int)(Size - size)).Clear();
        else
            Grow(size);
        Size = size;
    }

    private void Grow(long size)
    {
        if (size > Array.MaxLength)
            ThrowHelper.Throw(ResultCode.Full, MiniSqlException.DefaultMessage(ResultCode.Full));
        if (size > _data.Length)
            Array.Resize(ref _data, (int)Math.Min(Array.MaxLength, Math.Max(size, (long)_data.Length * 2)));
    }
}
