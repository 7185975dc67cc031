namespace MiniSql.Vfs;

/// <summary>One connection's handle on the shared memory of an in-memory database. Thread-safe.</summary>
internal sealed class MemorySharedMemory(MemoryFileData file) : IVfsSharedMemory
{
    private readonly object _sync = new();
    private MemorySharedMemoryData? _data = file.AttachSharedMemory();

    public IntPtr MapRegion(int region, int regionSize, bool extend)
    {
        lock (_sync)
        {
            _data ??= file.AttachSharedMemory();
            return _data.Map(region, regionSize, extend);
        }
    }

    public bool Lock(int offset, int count, ShmLockFlags flags)
    {
        lock (_sync)
        {
            _data ??= file.AttachSharedMemory();
            return _data.Locks.Lock(this, offset, count, flags);
        }
    }

    public void Barrier() => Interlocked.MemoryBarrier();

    public void Unmap(bool delete)
    {
        lock (_sync)
        {
            if (_data is null)
                return;
            _data.Locks.ReleaseAll(this);
            file.DetachSharedMemory(_data, delete);
            _data = null;
        }
    }

    public void Dispose() => Unmap(delete: false);
}
