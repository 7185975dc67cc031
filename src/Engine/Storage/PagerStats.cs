namespace MiniSql.Engine.Storage;

/// <summary>Counters of page fetches through <see cref="Pager.GetPage"/>.</summary>
public struct PagerStats
{
    /// <summary>Every <see cref="Pager.GetPage"/> call (cache hits plus misses).</summary>
    public long Fetches;

    /// <summary>Fetches that had to read the page from the file or WAL (cache misses).</summary>
    public long CacheMisses;

    /// <summary>Page loads served from the process-wide <see cref="SharedPageCache"/> (no file access).</summary>
    public long SharedHits;

    /// <summary>Page loads that read the database file or the WAL.</summary>
    public long StorageReads;

    /// <summary>Fetches served from the page cache.</summary>
    public readonly long CacheHits => Fetches - CacheMisses;
}
