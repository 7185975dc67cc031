// OsSharedMemory.cs — the wal-index shared memory of OsVfs: the "<db>-shm" file, mapped in 32 KiB regions.
//
// Lock bytes of the -shm file (the same bytes SQLite's unix VFS uses, so both interoperate):
//   offset  size  meaning
//   120     8     lock slots 0..7 (0 = WAL_WRITE_LOCK, 1 = CKPT, 2 = RECOVER, 3..7 = READ(0..4));
//                 shared slot lock = read lock, exclusive slot lock = write lock
//   128     1     dead-man switch (DMS): every user holds a read lock on it while attached
//
// Attach (constructor, or first use after Unmap): try a write lock on the DMS byte. When granted nobody else is
// attached, so the old content is stale: truncate the file to 0 bytes, then downgrade to a read lock. Otherwise
// take a read lock (someone else is attached and the content is live).
// Regions past the end of the file are created (when asked to extend) by writing zeros, which allocates the
// blocks now so that a full disk fails here with SQLITE_FULL instead of a fault on first touch of the mapping.

using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace MiniSql.Vfs;

/// <summary>One connection's handle on a "-shm" file: mapped regions, slot locks and the DMS lock. Thread-safe.</summary>
internal sealed unsafe class OsSharedMemory : IVfsSharedMemory
{
    private const long SlotLockOffset = 120;  // 120..127 lock slots
    private const long DeadManSwitchByte = 128; // 128 DMS
    private const int AttachAttempts = 100_000;

    private readonly object _sync = new();
    private readonly string _path;
    private readonly List<MappedRegion?> _regions = [];
    private readonly InProcessLockRegistry.ShmEntry? _inProcess;
    private SafeFileHandle? _handle;
    private int _regionSize;

    public OsSharedMemory(string fullPath, bool ofdLocks)
    {
        _path = fullPath;
        if (!ofdLocks)
            _inProcess = InProcessLockRegistry.Shm(fullPath);
        Attach();
    }

    public IntPtr MapRegion(int region, int regionSize, bool extend)
    {
        if (region < 0 || regionSize <= 0)
            ThrowHelper.IoErr(ResultCode.IoErrShmMap, $"bad region {region} of size {regionSize}");
        lock (_sync)
        {
            var handle = _handle ?? Attach();
            if (_regionSize == 0)
                _regionSize = regionSize;
            else if (_regionSize != regionSize)
                ThrowHelper.IoErr(ResultCode.IoErrShmMap, $"region size {regionSize} differs from {_regionSize}");
            if (region < _regions.Count && _regions[region] is { } mapped)
                return mapped.Pointer;

            long start = (long)region * regionSize;
            long end = start + regionSize;
            long length = GetLength(handle);
            if (length < end)
            {
                if (!extend)
                    return IntPtr.Zero;
                Extend(handle, length, end);
            }
            var map = MappedRegion.Create(handle, start, regionSize);
            while (_regions.Count <= region)
                _regions.Add(null);
            _regions[region] = map;
            return map.Pointer;
        }
    }

    public bool Lock(int offset, int count, ShmLockFlags flags)
    {
        ShmLockValidation.Validate(offset, count, flags);
        lock (_sync)
        {
            var handle = _handle ?? Attach();
            if (_inProcess is not null)
                return _inProcess.Slots.Lock(this, offset, count, flags);
            short type = (flags & ShmLockFlags.Unlock) != 0 ? LibC.FUnLck
                : (flags & ShmLockFlags.Exclusive) != 0 ? LibC.FWrLck
                : LibC.FRdLck;
            return OfdLocks.TrySet(handle, type, SlotLockOffset + offset, count, ResultCode.IoErrShmLock);
        }
    }

    public void Barrier() => Interlocked.MemoryBarrier();

    public void Unmap(bool delete)
    {
        lock (_sync)
        {
            if (_handle is null)
                return;
            foreach (var r in _regions)
                r?.Dispose();
            _regions.Clear();
            _regionSize = 0;
            if (_inProcess is not null)
            {
                _inProcess.Slots.ReleaseAll(this);
                lock (_inProcess)
                    _inProcess.DeadManSwitch.Release(this);
            }
            // Closing the descriptor releases its OFD locks (slots and DMS) as well.
            _handle.Dispose();
            _handle = null;
            if (delete)
                OsVfs.TryDelete(_path);
        }
    }

    public void Dispose() => Unmap(delete: false);

    private SafeFileHandle Attach()
    {
        var handle = OsVfs.OpenShmHandle(_path);
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                if (TryDeadManSwitch(handle, write: true))
                {
                    Truncate(handle);
                    TryDeadManSwitch(handle, write: false); // downgrade of our own lock cannot conflict
                    break;
                }
                if (TryDeadManSwitch(handle, write: false))
                    break;
                // Someone holds the write lock for the moment it takes to truncate; try again.
                if (attempt == AttachAttempts)
                    ThrowHelper.Busy();
                Thread.SpinWait(20);
            }
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        _handle = handle;
        return handle;
    }

    private bool TryDeadManSwitch(SafeFileHandle handle, bool write)
    {
        if (_inProcess is null)
            return OfdLocks.TrySet(handle, write ? LibC.FWrLck : LibC.FRdLck, DeadManSwitchByte, 1, ResultCode.IoErrShmLock);
        lock (_inProcess)
            return _inProcess.DeadManSwitch.TryAcquire(this, write);
    }

    private static long GetLength(SafeFileHandle handle)
    {
        try
        {
            return RandomAccess.GetLength(handle);
        }
        catch (IOException e)
        {
            ThrowHelper.IoErr(ResultCode.IoErrShmSize, e.Message, e);
            return 0;
        }
    }

    private static void Truncate(SafeFileHandle handle)
    {
        try
        {
            RandomAccess.SetLength(handle, 0);
        }
        catch (IOException e)
        {
            ThrowHelper.IoErr(ResultCode.IoErrShmOpen, e.Message, e);
        }
    }

    private static void Extend(SafeFileHandle handle, long from, long to)
    {
        var zeros = new byte[Math.Min(to - from, 32768)];
        try
        {
            for (long at = from; at < to; at += zeros.Length)
                RandomAccess.Write(handle, zeros.AsSpan(0, (int)Math.Min(zeros.Length, to - at)), at);
        }
        catch (IOException e)
        {
            OsFile.ThrowWriteError(e, ResultCode.IoErrShmSize);
        }
    }

    /// <summary>One mapped region and the pointer acquired on its view (released on dispose).</summary>
    private sealed class MappedRegion : IDisposable
    {
        private readonly MemoryMappedFile _file;
        private readonly MemoryMappedViewAccessor _view;

        private MappedRegion(MemoryMappedFile file, MemoryMappedViewAccessor view, IntPtr pointer)
        {
            _file = file;
            _view = view;
            Pointer = pointer;
        }

        public IntPtr Pointer { get; }

        public static MappedRegion Create(SafeFileHandle handle, long start, int size)
        {
            MemoryMappedFile? file = null;
            MemoryMappedViewAccessor? view = null;
            try
            {
                file = MemoryMappedFile.CreateFromFile(handle, mapName: null, capacity: 0, // 0 = the file's size (>= start + size)
                    MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
                view = file.CreateViewAccessor(start, size, MemoryMappedFileAccess.ReadWrite);
                byte* p = null;
                view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
                return new MappedRegion(file, view, (IntPtr)(p + view.PointerOffset));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                view?.Dispose();
                file?.Dispose();
                throw new MiniSqlException(ResultCode.IoErrShmMap, "disk I/O error (cannot map shared memory)", e);
            }
        }

        public void Dispose()
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
        }
    }
}
