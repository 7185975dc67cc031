using MiniSql.Engine.Storage;
using MiniSql.Vfs;

namespace MiniSql.Sql;

/// <summary>How <see cref="Database.Open"/> opens a database (sqlite3_open_v2 flags plus the pragmas usually set at open).</summary>
public sealed record class DatabaseOptions
{
    /// <summary>Open read-only (SQLITE_OPEN_READONLY).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Create the file if it does not exist (SQLITE_OPEN_CREATE).</summary>
    public bool Create { get; init; } = true;

    /// <summary>The VFS; null = <see cref="OsVfs"/> for files, a private <see cref="MemoryVfs"/> for ":memory:".</summary>
    public IVfs? Vfs { get; init; }

    /// <summary>Journal mode (PRAGMA journal_mode).</summary>
    public JournalMode JournalMode { get; init; } = JournalMode.Delete;

    /// <summary>Synchronous setting (PRAGMA synchronous).</summary>
    public SynchronousMode Synchronous { get; init; } = SynchronousMode.Full;

    /// <summary>Page cache size (PRAGMA cache_size: positive = pages, negative = KiB).</summary>
    public int CacheSize { get; init; } = -2000;

    /// <summary>Page size for a new database.</summary>
    public int PageSize { get; init; } = 4096;

    /// <summary>Busy timeout in milliseconds (sqlite3_busy_timeout); 0 = fail at once with SQLITE_BUSY.</summary>
    public int BusyTimeout { get; init; }
}
