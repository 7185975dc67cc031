namespace MiniSql.Vfs;

/// <summary>
/// Process-wide lock tables keyed by full path, used by <see cref="OsVfs"/> where Linux OFD locks are unavailable:
/// there, locking excludes connections of this process only. Entries are never removed (a few bytes per path). Thread-safe.
/// </summary>
internal static class InProcessLockRegistry
{
    private static readonly Dictionary<string, InProcessFileLocks> s_files = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, ShmEntry> s_shm = new(StringComparer.Ordinal);

    /// <summary>The database lock ranges of the file at <paramref name="fullPath"/>.</summary>
    public static InProcessFileLocks FileLocks(string fullPath)
    {
        lock (s_files)
        {
            if (!s_files.TryGetValue(fullPath, out var locks))
                s_files.Add(fullPath, locks = new InProcessFileLocks());
            return locks;
        }
    }

    /// <summary>The shm slot locks and dead-man-switch lock of the -shm file at <paramref name="fullPath"/>.</summary>
    public static ShmEntry Shm(string fullPath)
    {
        lock (s_shm)
        {
            if (!s_shm.TryGetValue(fullPath, out var entry))
                s_shm.Add(fullPath, entry = new ShmEntry());
            return entry;
        }
    }

    /// <summary>Slot locks plus the dead-man-switch byte of one -shm file.</summary>
    internal sealed class ShmEntry
    {
        public InProcessShmLocks Slots { get; } = new();

        public RangeLock DeadManSwitch { get; } = new();
    }
}
