// FileLockProtocol.cs — SQLite's five database lock levels expressed as byte-range locks.
//
// Lock ranges (all in the "locking page" at 1 GiB, never read or written as data):
//   PENDING byte  0x40000000          SHARED range 0x40000002 .. +510
//   RESERVED byte 0x40000001
//
// Transitions (performed by TryLock / Unlock):
//   NONE     -> SHARED    : read-lock PENDING, read-lock SHARED range, release PENDING.
//                           A writer holding PENDING (write) therefore blocks new readers.
//   SHARED   -> RESERVED  : write-lock RESERVED (only one writer; readers keep reading).
//   SHARED+  -> PENDING   : write-lock PENDING (taken on the way to EXCLUSIVE and kept if EXCLUSIVE fails).
//   PENDING  -> EXCLUSIVE : write-lock the SHARED range (fails while any reader holds it).
//   any      -> SHARED    : downgrade the SHARED range to a read lock, release PENDING and RESERVED.
//   any      -> NONE      : release everything.
// A failed step returns false (SQLITE_BUSY) and leaves the lock as it was, except that a PENDING lock taken on
// the way to EXCLUSIVE is kept, as SQLite does, so that new readers are held off while the writer waits.

namespace MiniSql.Vfs;

/// <summary>SQLite's lock-level state machine over an <see cref="IFileRangeLocker"/>. Stateless; thread-safety is the locker's.</summary>
internal static class FileLockProtocol
{
    /// <summary>Raises <paramref name="current"/> towards <paramref name="target"/>; returns false when busy.</summary>
    public static bool TryLock(IFileRangeLocker locker, ref LockLevel current, LockLevel target)
    {
        if (target <= current)
            return true;
        if (target == LockLevel.Shared)
        {
            if (!locker.TryLock(FileLockRange.Pending, write: false))
                return false;
            bool ok = locker.TryLock(FileLockRange.Shared, write: false);
            locker.Unlock(FileLockRange.Pending);
            if (!ok)
                return false;
            current = LockLevel.Shared;
            return true;
        }

        if (current == LockLevel.None)
            ThrowHelper.Throw(ResultCode.Misuse, $"cannot take a {target} lock without holding SHARED");

        if (target == LockLevel.Reserved)
        {
            if (!locker.TryLock(FileLockRange.Reserved, write: true))
                return false;
            current = LockLevel.Reserved;
            return true;
        }

        if (current < LockLevel.Pending)
        {
            if (!locker.TryLock(FileLockRange.Pending, write: true))
                return false;
            current = LockLevel.Pending;
        }
        if (target == LockLevel.Pending)
            return true;
        if (!locker.TryLock(FileLockRange.Shared, write: true))
            return false;
        current = LockLevel.Exclusive;
        return true;
    }

    /// <summary>Lowers <paramref name="current"/> to <paramref name="target"/> (SHARED or NONE).</summary>
    public static void Unlock(IFileRangeLocker locker, ref LockLevel current, LockLevel target)
    {
        if (target >= current)
            return;
        if (target == LockLevel.Shared)
        {
            // A downgrade of our own write lock to a read lock cannot conflict with anyone.
            if (current == LockLevel.Exclusive && !locker.TryLock(FileLockRange.Shared, write: false))
                ThrowHelper.IoErr(ResultCode.IoErrRdLock, "cannot downgrade EXCLUSIVE to SHARED");
            locker.Unlock(FileLockRange.Pending);
            locker.Unlock(FileLockRange.Reserved);
            current = LockLevel.Shared;
            return;
        }
        if (target != LockLevel.None)
            ThrowHelper.Throw(ResultCode.Misuse, $"cannot unlock to {target}");
        locker.Unlock(FileLockRange.Shared);
        locker.Unlock(FileLockRange.Pending);
        locker.Unlock(FileLockRange.Reserved);
        current = LockLevel.None;
    }

    /// <summary>SQLite's xCheckReservedLock: true when this handle holds RESERVED or more, or another owner holds the RESERVED byte.</summary>
    public static bool CheckReservedLock(IFileRangeLocker locker, LockLevel current) =>
        current >= LockLevel.Reserved || locker.IsLockedByOther(FileLockRange.Reserved);
}
