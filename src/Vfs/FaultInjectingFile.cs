namespace MiniSql.Vfs;

/// <summary>A file of <see cref="FaultInjectingVfs"/>: counts and fails calls, tracks unsynced writes. Owned by one pager; not thread-safe.</summary>
internal sealed class FaultInjectingFile(FaultInjectingVfs vfs, IVfsFile inner, string key, TrackedFile tracked, VfsOpenFlags flags)
    : IVfsFile
{
    private bool _dead;

    public string Path => inner.Path;

    public long Size
    {
        get
        {
            vfs.CheckAlive(_dead);
            return inner.Size;
        }
    }

    public int SectorSize => inner.SectorSize;

    public DeviceCharacteristics Characteristics => inner.Characteristics;

    public LockLevel Lock => _dead ? LockLevel.None : inner.Lock;

    public int Read(Span<byte> buffer, long offset)
    {
        lock (vfs.SyncRoot)
        {
            vfs.BeforeCall(FaultKind.Read, Path, _dead);
            return inner.Read(buffer, offset);
        }
    }

    public void Write(ReadOnlySpan<byte> buffer, long offset)
    {
        lock (vfs.SyncRoot)
        {
            vfs.BeforeCall(FaultKind.Write, Path, _dead);
            inner.Write(buffer, offset);
            tracked.Pending.Add(new PendingOperation(offset, buffer.ToArray()));
        }
    }

    public void Truncate(long size)
    {
        lock (vfs.SyncRoot)
        {
            vfs.BeforeCall(FaultKind.Truncate, Path, _dead);
            inner.Truncate(size);
            tracked.Pending.Add(new PendingOperation(size, null));
        }
    }

    public void Sync(VfsSyncFlags syncFlags)
    {
        lock (vfs.SyncRoot)
        {
            vfs.BeforeCall(FaultKind.Sync, Path, _dead);
            inner.Sync(syncFlags);
            tracked.ApplyPending();
        }
    }

    public bool TryLock(LockLevel level)
    {
        vfs.CheckAlive(_dead);
        return inner.TryLock(level);
    }

    public void Unlock(LockLevel level)
    {
        if (!_dead)
            inner.Unlock(level);
    }

    public bool CheckReservedLock()
    {
        vfs.CheckAlive(_dead);
        return inner.CheckReservedLock();
    }

    public IVfsSharedMemory? OpenSharedMemory()
    {
        vfs.CheckAlive(_dead);
        var shm = inner.OpenSharedMemory();
        return shm is null ? null : vfs.Track(new FaultInjectingSharedMemory(vfs, shm));
    }

    public void Dispose()
    {
        if (_dead)
            return;
        _dead = true;
        vfs.Forget(this);
        inner.Dispose();
        if ((flags & VfsOpenFlags.DeleteOnClose) != 0)
            vfs.ForgetIfDeleted(key, tracked);
    }

    /// <summary>Closes the inner handle as the death of the process would (power loss); later calls fail.</summary>
    internal void Kill()
    {
        if (_dead)
            return;
        _dead = true;
        inner.Dispose();
    }
}
