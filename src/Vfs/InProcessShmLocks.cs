namespace MiniSql.Vfs;

/// <summary>
/// The eight wal-index lock slots (SQLITE_SHM_NLOCK) of one shared-memory area emulated in process, with SQLite's
/// xShmLock rules: a shared lock needs no exclusive holder elsewhere, an exclusive lock needs no other holder at all,
/// a multi-slot request is all or nothing. A handle may hold shared on some slots and exclusive on others. Thread-safe.
/// </summary>
internal sealed class InProcessShmLocks
{
    private readonly RangeLock[] _slots = new RangeLock[IVfsSharedMemory.LockCount];

    public InProcessShmLocks()
    {
        for (int i = 0; i < _slots.Length; i++)
            _slots[i] = new RangeLock();
    }

    /// <summary>Applies an xShmLock request for <paramref name="owner"/>; returns false when busy.</summary>
    public bool Lock(object owner, int offset, int count, ShmLockFlags flags)
    {
        ShmLockValidation.Validate(offset, count, flags);
        lock (_slots)
        {
            if ((flags & ShmLockFlags.Unlock) != 0)
            {
                for (int i = offset; i < offset + count; i++)
                    _slots[i].Release(owner);
                return true;
            }
            bool write = (flags & ShmLockFlags.Exclusive) != 0;
            for (int i = offset; i < offset + count; i++)
            {
                if (write ? _slots[i].IsHeldByOther(owner) : !CanRead(_slots[i], owner))
                    return false;
            }
            for (int i = offset; i < offset + count; i++)
                _slots[i].TryAcquire(owner, write);
            return true;
        }
    }

    /// <summary>Releases every slot held by <paramref name="owner"/>.</summary>
    public void ReleaseAll(object owner)
    {
        lock (_slots)
        {
            foreach (var slot in _slots)
                slot.Release(owner);
        }
    }

    private static bool CanRead(RangeLock slot, object owner)
    {
        // Probe without changing the owner's lock: a read request conflicts only with another writer.
        var probe = new object();
        if (!slot.TryAcquire(probe, write: false))
            return false;
        slot.Release(probe);
        return true;
    }
}
