namespace MiniSql.Vfs;

/// <summary>
/// The PENDING/RESERVED/SHARED range locks of one file emulated in process (used by <see cref="MemoryVfs"/> and by
/// <c>OsVfs</c> where OFD locks are unavailable). Thread-safe.
/// </summary>
internal sealed class InProcessFileLocks
{
    private readonly RangeLock[] _ranges = [new(), new(), new()];

    /// <summary>Creates the locker one file handle uses; <paramref name="owner"/> identifies the handle.</summary>
    public IFileRangeLocker CreateLocker(object owner) => new Locker(this, owner);

    /// <summary>True when no handle holds any lock.</summary>
    public bool IsFree
    {
        get
        {
            lock (_ranges)
                return _ranges[0].IsFree && _ranges[1].IsFree && _ranges[2].IsFree;
        }
    }

    private sealed class Locker(InProcessFileLocks locks, object owner) : IFileRangeLocker
    {
        public bool TryLock(FileLockRange range, bool write)
        {
            lock (locks._ranges)
                return locks._ranges[(int)range].TryAcquire(owner, write);
        }

        public void Unlock(FileLockRange range)
        {
            lock (locks._ranges)
                locks._ranges[(int)range].Release(owner);
        }

        public bool IsLockedByOther(FileLockRange range)
        {
            lock (locks._ranges)
                return locks._ranges[(int)range].IsHeldByOther(owner);
        }
    }
}
