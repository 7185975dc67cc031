namespace MiniSql.Vfs;

/// <summary>Argument checks shared by every <see cref="IVfsSharedMemory.Lock"/> implementation.</summary>
internal static class ShmLockValidation
{
    /// <summary>Throws SQLITE_MISUSE for a slot range outside 0..7 or a flag combination xShmLock does not accept.</summary>
    public static void Validate(int offset, int count, ShmLockFlags flags)
    {
        if (offset < 0 || count < 1 || offset + count > IVfsSharedMemory.LockCount)
            ThrowHelper.Throw(ResultCode.Misuse, $"shm lock slots {offset}+{count} out of range");
        bool lockOrUnlock = ((flags & ShmLockFlags.Lock) != 0) ^ ((flags & ShmLockFlags.Unlock) != 0);
        bool sharedOrExclusive = ((flags & ShmLockFlags.Shared) != 0) ^ ((flags & ShmLockFlags.Exclusive) != 0);
        if (!lockOrUnlock || !sharedOrExclusive)
            ThrowHelper.Throw(ResultCode.Misuse, $"invalid shm lock flags {flags}");
    }
}
