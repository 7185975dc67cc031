namespace MiniSql.Vfs;

/// <summary>
/// The primitive under <see cref="FileLockProtocol"/>: read/write locks on the three lock ranges with fcntl
/// semantics (one lock per owner and range; a new request replaces the owner's lock, so upgrade and downgrade
/// are single calls; a failed request leaves the owner's lock unchanged). Owned by one file handle.
/// </summary>
internal interface IFileRangeLocker
{
    /// <summary>Takes a read (shared) or write (exclusive) lock on <paramref name="range"/>; false when another owner conflicts.</summary>
    bool TryLock(FileLockRange range, bool write);

    /// <summary>Releases this owner's lock on <paramref name="range"/> (no-op when none is held).</summary>
    void Unlock(FileLockRange range);

    /// <summary>True when another owner holds a lock on <paramref name="range"/> that conflicts with a write lock.</summary>
    bool IsLockedByOther(FileLockRange range);
}
