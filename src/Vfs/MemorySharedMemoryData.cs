using System.Runtime.InteropServices;

namespace MiniSql.Vfs;

/// <summary>
/// The 32 KiB wal-index regions of one in-memory database, allocated zeroed with <see cref="NativeMemory"/>.
/// Like the -shm file of the OS VFS (dead-man switch), the content is discarded when a handle attaches while no other
/// handle is attached: the regions are zeroed and count as absent until mapped with extend. The memory itself is
/// kept, so a region's pointer stays the same until the last handle unmaps with delete (or the area becomes
/// unreachable). Thread-safe.
/// </summary>
internal sealed unsafe class MemorySharedMemoryData
{
    private readonly List<IntPtr> _regions = [];   // allocated blocks
    private int _mappedCount;                       // regions that exist (<= _regions.Count)
    private int _regionSize;
    private int _handles;

    /// <summary>The slot locks shared by every handle.</summary>
    public InProcessShmLocks Locks { get; } = new();

    ~MemorySharedMemoryData() => Free();

    /// <summary>Registers one more handle (caller holds the file's lock); the first one discards stale content.</summary>
    public void AddHandle()
    {
        if (_handles++ > 0)
            return;
        lock (_regions)
        {
            for (int i = 0; i < _mappedCount; i++)
                new Span<byte>((void*)_regions[i], _regionSize).Clear();
            _mappedCount = 0;
        }
    }

    /// <summary>Unregisters a handle and returns the number still attached (caller holds the file's lock).</summary>
    public int RemoveHandle() => --_handles;

    /// <summary>Returns region <paramref name="region"/>, allocating it (and any before it) when <paramref name="extend"/>.</summary>
    public IntPtr Map(int region, int regionSize, bool extend)
    {
        if (region < 0 || regionSize <= 0)
            ThrowHelper.IoErr(ResultCode.IoErrShmMap, $"bad region {region} of size {regionSize}");
        lock (_regions)
        {
            if (_regionSize == 0)
                _regionSize = regionSize;
            else if (_regionSize != regionSize)
                ThrowHelper.IoErr(ResultCode.IoErrShmMap, $"region size {regionSize} differs from {_regionSize}");
            if (region < _mappedCount)
                return _regions[region];
            if (!extend)
                return IntPtr.Zero;
            while (_regions.Count <= region)
                _regions.Add((IntPtr)NativeMemory.AllocZeroed((nuint)regionSize));
            _mappedCount = region + 1;
            return _regions[region];
        }
    }

    /// <summary>Frees every region; pointers handed out before become invalid.</summary>
    public void Free()
    {
        lock (_regions)
        {
            foreach (var p in _regions)
                NativeMemory.Free((void*)p);
            _regions.Clear();
            _mappedCount = 0;
            _regionSize = 0;
        }
        GC.SuppressFinalize(this);
    }
}
