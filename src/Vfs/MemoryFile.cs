namespace MiniSql.Vfs;

/// <summary>An open handle on a <see cref="MemoryVfs"/> file. Owned by one pager; not thread-safe.</summary>
internal sealed class MemoryFile : IVfsFile
{
    private readonly MemoryVfs _vfs;
    private readonly MemoryFileData _data;
    private readonly VfsOpenFlags _flags;
    private readonly IFileRangeLocker _locker;
    private LockLevel _lock;
    private bool _disposed;

    public MemoryFile(MemoryVfs vfs, string path, MemoryFileData data, VfsOpenFlags flags)
    {
        _vfs = vfs;
        Path = path;
        _data = data;
        _flags = flags;
        _locker = data.Locks.CreateLocker(this);
    }

    public string Path { get; }

    public long Size
    {
        get
        {
            CheckOpen();
            return _data.Size;
        }
    }

    public int SectorSize => 512;

    public DeviceCharacteristics Characteristics => DeviceCharacteristics.PowersafeOverwrite;

    public LockLevel Lock => _lock;

    public int Read(Span<byte> buffer, long offset)
    {
        CheckOpen();
        return _data.Read(buffer, offset);
    }

    public void Write(ReadOnlySpan<byte> buffer, long offset)
    {
        CheckWritable();
        _data.Write(buffer, offset);
    }

    public void Truncate(long size)
    {
        CheckWritable();
        _data.Truncate(size);
    }

    public void Sync(VfsSyncFlags flags)
    {
        CheckOpen();
        _data.Sync();
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
        return new MemorySharedMemory(_data);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        FileLockProtocol.Unlock(_locker, ref _lock, LockLevel.None);
        _disposed = true;
        if ((_flags & VfsOpenFlags.DeleteOnClose) != 0)
            _vfs.DeleteIfSame(Path, _data);
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
