namespace MiniSql.Engine.Storage;

/// <summary>Counters of page fetches through <see cref="Pager.GetPage"/>.</summary>
public struct PagerStats
{
    /// <summary>Every <see cref="Pager.GetPage"/> call (cache hits plus misses).</summary>
    public long Fetches;

    /// <summary>Fetches that had to read the page from the file or WAL (cache misses).</summary>
    public long CacheMisses;

    /// <summary>Fetches served from the page cache.</summary>
    public readonly long CacheHits => Fetches - CacheMisses;
}
