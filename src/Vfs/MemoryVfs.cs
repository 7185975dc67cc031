using System.Diagnostics.CodeAnalysis;

namespace MiniSql.Vfs;

/// <summary>
/// A thread-safe in-memory file system. Files are named, so several connections in one process that open the
/// same name share one file, one lock table (SQLite's five lock levels with its compatibility rules) and one
/// shared-memory area (wal-index regions in native memory with eight shm lock slots).
/// Deleting a file removes its name; handles still open keep working on the unlinked contents, as on unix.
/// The shared memory lives with its database file and is not visible as a separate "-shm" name.
/// </summary>
public sealed class MemoryVfs : IVfs
{
    private readonly Dictionary<string, MemoryFileData> _files = new(StringComparer.Ordinal);
    private readonly Random _random;
    private DateTime? _utcNow;
    private long _directorySyncCount;

    /// <summary>Creates an empty file system whose randomness is not reproducible.</summary>
    public MemoryVfs() => _random = new Random();

    /// <summary>Creates an empty file system whose <see cref="Randomness"/> is deterministic for <paramref name="seed"/>.</summary>
    public MemoryVfs(int seed) => _random = new Random(seed);

    /// <inheritdoc />
    public string Name => "memory";

    /// <summary>The clock: the real UTC time until a test sets it, then the value set.</summary>
    public DateTime UtcNow
    {
        get
        {
            lock (_files)
                return _utcNow ?? DateTime.UtcNow;
        }
        set
        {
            lock (_files)
                _utcNow = value;
        }
    }

    /// <summary>Number of <see cref="SyncDirectory"/> calls.</summary>
    public long DirectorySyncCount => Interlocked.Read(ref _directorySyncCount);

    /// <summary>Names of the files that exist now, sorted ordinally.</summary>
    public IReadOnlyList<string> FileNames
    {
        get
        {
            lock (_files)
            {
                var names = new List<string>(_files.Keys);
                names.Sort(StringComparer.Ordinal);
                return names;
            }
        }
    }

    /// <summary>Number of <see cref="IVfsFile.Sync"/> calls made on the file named <paramref name="path"/> (0 when missing).</summary>
    public long GetSyncCount(string path)
    {
        lock (_files)
            return _files.TryGetValue(path, out var data) ? data.SyncCount : 0;
    }

    /// <summary>A copy of the content of the file named <paramref name="path"/> (tests: inspect or corrupt files).</summary>
    /// <exception cref="MiniSqlException">SQLITE_CANTOPEN when the file does not exist.</exception>
    public byte[] ReadAllBytes(string path)
    {
        var data = Find(path);
        var bytes = new byte[data.Size];
        data.Read(bytes, 0);
        return bytes;
    }

    /// <summary>Creates or replaces the content of the file named <paramref name="path"/> (tests: hand-built files).</summary>
    public void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        MemoryFileData data;
        lock (_files)
        {
            if (!_files.TryGetValue(path, out data!))
                _files.Add(path, data = new MemoryFileData());
        }
        data.Truncate(0);
        data.Write(content, 0);
    }

    /// <inheritdoc />
    public IVfsFile Open(string path, VfsFileKind kind, VfsOpenFlags flags)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_files)
        {
            if (_files.TryGetValue(path, out var data))
            {
                if ((flags & (VfsOpenFlags.Create | VfsOpenFlags.Exclusive)) == (VfsOpenFlags.Create | VfsOpenFlags.Exclusive))
                    ThrowCantOpen();
            }
            else
            {
                if ((flags & VfsOpenFlags.Create) == 0 || (flags & VfsOpenFlags.ReadOnly) != 0)
                    ThrowCantOpen();
                data = new MemoryFileData();
                _files.Add(path, data);
            }
            return new MemoryFile(this, path, data, flags);
        }
    }

    /// <inheritdoc />
    public void Delete(string path, bool syncDirectory)
    {
        lock (_files)
        {
            if (!_files.Remove(path))
                ThrowHelper.IoErr(ResultCode.IoErrDeleteNoEnt, "no such file: " + path);
        }
        if (syncDirectory)
            SyncDirectory(path);
    }

    /// <inheritdoc />
    public bool Exists(string path)
    {
        lock (_files)
            return _files.ContainsKey(path);
    }

    /// <summary>Returns <paramref name="path"/> unchanged: names are the identity of in-memory files.</summary>
    public string FullPath(string path) => path;

    /// <inheritdoc />
    public void Randomness(Span<byte> buffer)
    {
        lock (_random)
            _random.NextBytes(buffer);
    }

    /// <summary>Counts the call; in memory every operation is already durable.</summary>
    public void SyncDirectory(string path) => Interlocked.Increment(ref _directorySyncCount);

    /// <summary>Removes <paramref name="path"/> if it still names <paramref name="data"/> (delete-on-close).</summary>
    internal void DeleteIfSame(string path, MemoryFileData data)
    {
        lock (_files)
        {
            if (_files.TryGetValue(path, out var current) && ReferenceEquals(current, data))
                _files.Remove(path);
        }
    }

    private MemoryFileData Find(string path)
    {
        lock (_files)
        {
            if (!_files.TryGetValue(path, out var data))
                ThrowCantOpen();
            return data;
        }
    }

    // SQLite's exact wording, so differential tests can compare messages.
    [DoesNotReturn]
    private static void ThrowCantOpen() =>
        ThrowHelper.Throw(ResultCode.CantOpen, MiniSqlException.DefaultMessage(ResultCode.CantOpen));
}
