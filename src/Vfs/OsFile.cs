using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MiniSql.Vfs;

/// <summary>An open file of <see cref="OsVfs"/>: positional I/O on one OS handle plus its database locks. Owned by one pager; not thread-safe.</summary>
internal sealed class OsFile : IVfsFile
{
    private readonly SafeFileHandle _handle;
    private readonly VfsOpenFlags _flags;
    private readonly IFileRangeLocker _locker;
    private readonly string _fullPath;
    private readonly bool _ofdLocks;
    private FileStream? _flushStream;
    private LockLevel _lock;
    private bool _disposed;

    public OsFile(string path, string fullPath, SafeFileHandle handle, VfsOpenFlags flags, bool ofdLocks)
    {
        _ofdLocks = ofdLocks;
        Path = path;
        _fullPath = fullPath;
        _handle = handle;
        _flags = flags;
        _locker = ofdLocks
            ? new OfdRangeLocker(handle)
            : InProcessLockRegistry.FileLocks(fullPath).CreateLocker(this);
    }

    public string Path { get; }

    public long Size
    {
        get
        {
            CheckOpen();
            try
            {
                return RandomAccess.GetLength(_handle);
            }
            catch (IOException e)
            {
                ThrowHelper.IoErr(ResultCode.IoErrFstat, e.Message, e);
                return 0;
            }
        }
    }

    /// <summary>4096, SQLite's default sector size for unix.</summary>
    public int SectorSize => OsVfs.DefaultSectorSize;

    public DeviceCharacteristics Characteristics => DeviceCharacteristics.PowersafeOverwrite;

    public LockLevel Lock => _lock;

    public int Read(Span<byte> buffer, long offset)
    {
        CheckOpen();
        int done = 0;
        try
        {
            while (done < buffer.Length)
            {
                int n = RandomAccess.Read(_handle, buffer[done..], offset + done);
                if (n <= 0)
                    break;
                done += n;
            }
        }
        catch (IOException e)
        {
            ThrowHelper.IoErr(ResultCode.IoErrRead, e.Message, e);
        }
        buffer[done..].Clear();
        return done;
    }

    public void Write(ReadOnlySpan<byte> buffer, long offset)
    {
        CheckWritable();
        try
        {
            // RandomAccess.Write loops until every byte is written or throws.
            RandomAccess.Write(_handle, buffer, offset);
        }
        catch (IOException e)
        {
            ThrowWriteError(e, ResultCode.IoErrWrite);
        }
    }

    public void Truncate(long size)
    {
        CheckWritable();
        try
        {
            RandomAccess.SetLength(_handle, size);
        }
        catch (IOException e)
        {
            ThrowWriteError(e, ResultCode.IoErrTruncate);
        }
    }

    public void Sync(VfsSyncFlags flags)
    {
        CheckOpen();
        if (OperatingSystem.IsWindows())
        {
            try
            {
                _flushStream ??= new FileStream(_handle, FileAccess.ReadWrite, bufferSize: 0);
                _flushStream.Flush(flushToDisk: true);
            }
            catch (IOException e)
            {
                ThrowHelper.IoErr(ResultCode.IoErrFsync, e.Message, e);
            }
            return;
        }
        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            int fd = (int)_handle.DangerousGetHandle();
            bool dataOnly = (flags & VfsSyncFlags.DataOnly) != 0 && OperatingSystem.IsLinux();
            int rc = dataOnly ? LibC.FDataSync(fd) : LibC.FSync(fd);
            // Never retried (STYLE: Errors): after a failed fsync the kernel may have dropped the dirty pages.
            if (rc != 0)
                ThrowHelper.IoErr(ResultCode.IoErrFsync, $"fsync failed with errno {Marshal.GetLastPInvokeError()}");
        }
        finally
        {
            if (added)
                _handle.DangerousRelease();
        }
    }

    public bool TryLock(LockLevel level)
    {
        CheckOpen();
        return FileLockProtocol.TryLock(_locker, ref _lock, level);
    }

    public void Unlock(LockLevel level)
    {
        if (!_disposed)
            FileLockProtocol.Unlock(_locker, ref _lock, level);
    }

    public bool CheckReservedLock()
    {
        CheckOpen();
        return FileLockProtocol.CheckReservedLock(_locker, _lock);
    }

    public IVfsSharedMemory? OpenSharedMemory()
    {
        CheckOpen();
        return new OsSharedMemory(_fullPath + "-shm", _ofdLocks);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        try
        {
            FileLockProtocol.Unlock(_locker, ref _lock, LockLevel.None);
        }
        finally
        {
            _disposed = true;
            if (_flushStream is not null)
                _flushStream.Dispose();
            else
                _handle.Dispose();
            if ((_flags & VfsOpenFlags.DeleteOnClose) != 0)
                OsVfs.TryDelete(_fullPath);
        }
    }

    /// <summary>Maps a write-side failure: ENOSPC/EDQUOT (or Windows disk-full) is SQLITE_FULL, anything else <paramref name="code"/>.</summary>
    internal static void ThrowWriteError(IOException e, ResultCode code)
    {
        if (OsVfs.IsDiskFull(e))
            ThrowHelper.Throw(ResultCode.Full, MiniSqlException.DefaultMessage(ResultCode.Full));
        ThrowHelper.IoErr(code, e.Message, e);
    }

    private void CheckOpen()
    {
        if (_disposed)
            ThrowHelper.Throw(ResultCode.Misuse, "file handle is closed: " + Path);
    }

    private void CheckWritable()
    {
        CheckOpen();
        if ((_flags & VfsOpenFlags.ReadOnly) != 0)
            ThrowHelper.Throw(ResultCode.ReadOnly, MiniSqlException.DefaultMessage(ResultCode.ReadOnly));
    }
}
