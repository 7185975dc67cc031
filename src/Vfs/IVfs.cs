namespace MiniSql.Vfs;

/// <summary>What kind of file is being opened (SQLite's SQLITE_OPEN_MAIN_DB, _MAIN_JOURNAL, _WAL, ...).</summary>
public enum VfsFileKind
{
    MainDb,
    MainJournal,
    Wal,
    TempDb,
    TempJournal,
    SubJournal,
}

/// <summary>Flags for <see cref="IVfs.Open"/>.</summary>
[Flags]
public enum VfsOpenFlags
{
    None = 0,
    ReadOnly = 1,
    ReadWrite = 2,
    Create = 4,
    /// <summary>Fail if the file exists (with <see cref="Create"/>).</summary>
    Exclusive = 8,
    DeleteOnClose = 16,
}

/// <summary>Flags for <see cref="IVfsFile.Sync"/> (SQLITE_SYNC_NORMAL/FULL/DATAONLY).</summary>
[Flags]
public enum VfsSyncFlags
{
    Normal = 2,
    Full = 3,
    /// <summary>Only the file's data needs to be durable, not its metadata (fdatasync).</summary>
    DataOnly = 0x10,
}

/// <summary>SQLite's five file lock levels (SQLITE_LOCK_NONE .. SQLITE_LOCK_EXCLUSIVE).</summary>
public enum LockLevel
{
    None = 0,
    Shared = 1,
    Reserved = 2,
    Pending = 3,
    Exclusive = 4,
}

/// <summary>Device characteristics (SQLITE_IOCAP_*), as far as the pager uses them.</summary>
[Flags]
public enum DeviceCharacteristics
{
    None = 0,
    Atomic512 = 0x2,
    SafeAppend = 0x200,
    Sequential = 0x400,
    UndeletableWhenOpen = 0x800,
    PowersafeOverwrite = 0x1000,
}

/// <summary>
/// A virtual file system: the narrow table of methods through which the pager reaches the OS (SQLite's sqlite3_vfs).
/// Implementations: <c>OsVfs</c>, <c>MemoryVfs</c>, <c>FaultInjectingVfs</c>. Implementations are thread-safe.
/// </summary>
public interface IVfs
{
    /// <summary>Name of this VFS ("unix", "memory", ...).</summary>
    string Name { get; }

    /// <summary>Opens (or creates) a file. Throws <see cref="MiniSqlException"/> with SQLITE_CANTOPEN on failure.</summary>
    IVfsFile Open(string path, VfsFileKind kind, VfsOpenFlags flags);

    /// <summary>Deletes a file; when <paramref name="syncDirectory"/> the containing directory is synced afterwards
    /// so the deletion is durable. Deleting a missing file throws SQLITE_IOERR_DELETE_NOENT.</summary>
    void Delete(string path, bool syncDirectory);

    /// <summary>True when the file exists (SQLITE_ACCESS_EXISTS). A zero-length file exists.</summary>
    bool Exists(string path);

    /// <summary>Canonical absolute path of <paramref name="path"/>, used as the identity of a database.</summary>
    string FullPath(string path);

    /// <summary>Fills <paramref name="buffer"/> with random bytes (journal nonces, WAL salts).</summary>
    void Randomness(Span<byte> buffer);

    /// <summary>Current time in UTC, the clock tests can control.</summary>
    DateTime UtcNow { get; }

    /// <summary>Syncs the directory containing <paramref name="path"/> (after creating a journal).</summary>
    void SyncDirectory(string path);
}

/// <summary>
/// An open file (SQLite's sqlite3_file with its io_methods). Owned by one pager; not thread-safe unless stated.
/// I/O errors are thrown as <see cref="MiniSqlException"/> with SQLITE_IOERR_* extended codes; disk-full as SQLITE_FULL.
/// </summary>
public interface IVfsFile : IDisposable
{
    /// <summary>The path this file was opened with.</summary>
    string Path { get; }

    /// <summary>
    /// Reads <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>. Returns the number of bytes that
    /// existed; bytes past end-of-file are zero-filled (SQLite's short read, which the pager treats as zeros).
    /// </summary>
    int Read(Span<byte> buffer, long offset);

    /// <summary>Writes all of <paramref name="buffer"/> at <paramref name="offset"/>, extending the file if needed.</summary>
    void Write(ReadOnlySpan<byte> buffer, long offset);

    /// <summary>Truncates (or extends with zeros) the file to <paramref name="size"/> bytes.</summary>
    void Truncate(long size);

    /// <summary>Makes all previous writes durable. A failure throws SQLITE_IOERR_FSYNC and must never be retried.</summary>
    void Sync(VfsSyncFlags flags);

    /// <summary>Current size of the file in bytes.</summary>
    long Size { get; }

    /// <summary>Sector size (at least 512).</summary>
    int SectorSize { get; }

    /// <summary>Device characteristics (SQLITE_IOCAP_*).</summary>
    DeviceCharacteristics Characteristics { get; }

    /// <summary>The lock this handle holds now.</summary>
    LockLevel Lock { get; }

    /// <summary>
    /// Raises the lock to <paramref name="level"/> (SHARED, RESERVED or EXCLUSIVE; PENDING is taken on the way to
    /// EXCLUSIVE and kept if EXCLUSIVE cannot be had). Returns false when another connection holds a conflicting
    /// lock (SQLITE_BUSY); the lock is then unchanged except for a PENDING lock acquired on the way to EXCLUSIVE.
    /// </summary>
    bool TryLock(LockLevel level);

    /// <summary>Lowers the lock to <paramref name="level"/> (SHARED or NONE).</summary>
    void Unlock(LockLevel level);

    /// <summary>True when any connection (this one included) holds RESERVED, PENDING or EXCLUSIVE.</summary>
    bool CheckReservedLock();

    /// <summary>
    /// Opens the shared-memory (wal-index) area that belongs to this database file (SQLite's "-shm" file),
    /// or returns null when this VFS does not support shared memory. One per open main-database file.
    /// </summary>
    IVfsSharedMemory? OpenSharedMemory();
}

/// <summary>Flags for <see cref="IVfsSharedMemory.Lock"/> (SQLITE_SHM_LOCK/UNLOCK | SHARED/EXCLUSIVE).</summary>
[Flags]
public enum ShmLockFlags
{
    Unlock = 1,
    Lock = 2,
    Shared = 4,
    Exclusive = 8,
}

/// <summary>
/// The shared memory behind a wal-index (SQLite's xShmMap/xShmLock/xShmBarrier/xShmUnmap).
/// Regions are 32 KiB, native-endian by design, and shared by every connection on the same database,
/// in this process and in others (including real SQLite processes for the OS VFS).
/// </summary>
public interface IVfsSharedMemory : IDisposable
{
    /// <summary>Number of lock slots (SQLITE_SHM_NLOCK = 8).</summary>
    const int LockCount = 8;

    /// <summary>
    /// Maps region <paramref name="region"/> of <paramref name="regionSize"/> bytes and returns a pointer to it,
    /// valid until <see cref="Unmap"/>. When the region does not exist and <paramref name="extend"/> is false,
    /// returns <see cref="IntPtr.Zero"/>. New regions read as zeros.
    /// </summary>
    IntPtr MapRegion(int region, int regionSize, bool extend);

    /// <summary>
    /// Takes or releases shared or exclusive locks on slots <paramref name="offset"/> .. offset+count-1
    /// (0 = WAL_WRITE_LOCK, 1 = CKPT, 2 = RECOVER, 3..7 = READ(0..4)). Returns false when busy.
    /// </summary>
    bool Lock(int offset, int count, ShmLockFlags flags);

    /// <summary>A full memory barrier between wal-index reads and writes.</summary>
    void Barrier();

    /// <summary>Unmaps every region; when <paramref name="delete"/> the underlying -shm file is deleted.</summary>
    void Unmap(bool delete);
}
