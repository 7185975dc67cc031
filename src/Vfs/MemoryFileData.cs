namespace MiniSql.Vfs;

/// <summary>
/// The contents, lock table and shared memory of one named in-memory file; shared by every handle that opened it.
/// Invariant: bytes of the buffer past <see cref="Size"/> are zero. Thread-safe.
/// </summary>
internal sealed class MemoryFileData
{
    private readonly object _sync = new();
    private byte[] _buffer = [];
    private long _size;
    private long _syncCount;
    private MemorySharedMemoryData? _shm;

    /// <summary>The database lock ranges of this file.</summary>
    public InProcessFileLocks Locks { get; } = new();

    /// <summary>Current size in bytes.</summary>
    public long Size
    {
        get
        {
            lock (_sync)
                return _size;
        }
    }

    /// <summary>Number of Sync calls made on any handle of this file.</summary>
    public long SyncCount => Interlocked.Read(ref _syncCount);

    /// <summary>Counts a sync (the data is already "durable" in memory).</summary>
    public void Sync() => Interlocked.Increment(ref _syncCount);

    /// <summary>Reads at <paramref name="offset"/>, zero-filling past end-of-file; returns the bytes that existed.</summary>
    public int Read(Span<byte> buffer, long offset)
    {
        CheckOffset(offset, ResultCode.IoErrRead);
        lock (_sync)
        {
            long available = Math.Clamp(_size - offset, 0, buffer.Length);
            int n = (int)available;
            if (n > 0)
                _buffer.AsSpan((int)offset, n).CopyTo(buffer);
            buffer[n..].Clear();
            return n;
        }
    }

    /// <summary>Writes at <paramref name="offset"/>, extending the file (with zeros in any gap).</summary>
    public void Write(ReadOnlySpan<byte> buffer, long offset)
    {
        CheckOffset(offset, ResultCode.IoErrWrite);
        long end = offset + buffer.Length;
        lock (_sync)
        {
            EnsureCapacity(end);
            buffer.CopyTo(_buffer.AsSpan((int)offset));
            if (end > _size)
                _size = end;
        }
    }

    /// <summary>Truncates or zero-extends the file to <paramref name="size"/> bytes.</summary>
    public void Truncate(long size)
    {
        CheckOffset(size, ResultCode.IoErrTruncate);
        lock (_sync)
        {
            if (size < _size)
                _buffer.AsSpan((int)size, (int)(_size - size)).Clear();
            else
                EnsureCapacity(size);
            _size = size;
        }
    }

    /// <summary>Returns the shared-memory area of this file, creating it on first use.</summary>
    public MemorySharedMemoryData AttachSharedMemory()
    {
        lock (_sync)
        {
            _shm ??= new MemorySharedMemoryData();
            _shm.AddHandle();
            return _shm;
        }
    }

    /// <summary>Detaches one handle; the last handle detaching with <paramref name="delete"/> frees the regions.</summary>
    public void DetachSharedMemory(MemorySharedMemoryData shm, bool delete)
    {
        lock (_sync)
        {
            if (shm.RemoveHandle() == 0 && delete && ReferenceEquals(_shm, shm))
            {
                _shm = null;
                shm.Free();
            }
        }
    }

    private void EnsureCapacity(long size)
    {
        if (size > Array.MaxLength)
            ThrowHelper.Throw(ResultCode.Full, MiniSqlException.DefaultMessage(ResultCode.Full));
        if (size <= _buffer.Length)
            return;
        long capacity = Math.Max(size, Math.Min((long)_buffer.Length * 2, Array.MaxLength));
        capacity = Math.Max(capacity, 4096);
        Array.Resize(ref _buffer, (int)Math.Min(capacity, Array.MaxLength));
    }

    private static void CheckOffset(long offset, ResultCode code)
    {
        if (offset < 0)
            ThrowHelper.IoErr(code, $"negative offset {offset}");
    }
}
