namespace MiniSql.Engine.Storage;

/// <summary>Options for <see cref="Pager.Open"/>.</summary>
public sealed record class PagerOptions
{
    /// <summary>Open the database read-only; write transactions fail with SQLITE_READONLY.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Create the file if it does not exist (it stays empty until the first write transaction commits).</summary>
    public bool Create { get; init; } = true;

    /// <summary>Page size for a new database: a power of two from 512 to 65536 (PRAGMA page_size).</summary>
    public int PageSize { get; init; } = 4096;

    /// <summary>Reserved bytes at the end of each page of a new database (header byte 20), 0..255.</summary>
    public int ReservedBytes { get; init; }

    /// <summary>Cache size with SQLite's meaning: positive = pages, negative = KiB (PRAGMA cache_size).</summary>
    public int CacheSize { get; init; } = -2000;

    /// <summary>Journal mode (PRAGMA journal_mode).</summary>
    public JournalMode JournalMode { get; init; } = JournalMode.Delete;

    /// <summary>Sync level (PRAGMA synchronous).</summary>
    public SynchronousMode Synchronous { get; init; } = SynchronousMode.Full;

    /// <summary>
    /// Busy handler: called with the retry count (0, 1, ...) when a lock is held by another connection;
    /// return true to retry, false to fail with SQLITE_BUSY. Null fails at once (busy_timeout = 0).
    /// </summary>
    public Func<int, bool>? Busy { get; init; }

    /// <summary>
    /// Share committed page images with the other connections of this process that use the same database file
    /// (SharedPageCache; only files of <see cref="MiniSql.Vfs.OsVfs"/>). True by default.
    /// </summary>
    public bool SharedCache { get; init; } = true;
}
