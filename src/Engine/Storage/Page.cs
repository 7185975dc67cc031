namespace MiniSql.Engine.Storage;

/// <summary>
/// One page in the page cache (SQLite's DbPage). <see cref="Data"/> is the whole page image
/// (<see cref="IPageStore.PageSize"/> bytes, the last <c>PageSize - UsableSize</c> of which are reserved bytes).
/// A page obtained from <see cref="IPageStore.GetPage"/> is pinned until <see cref="IPageStore.Release"/>;
/// its bytes may be changed only after <see cref="IPageStore.MarkWritable"/>. Owned by one pager; not thread-safe.
/// </summary>
public sealed class Page
{
    /// <summary>Creates a page object for <paramref name="number"/> over <paramref name="data"/>.</summary>
    public Page(uint number, byte[] data)
    {
        Number = number;
        Data = data;
    }

    /// <summary>The page number (pgno), 1-based.</summary>
    public uint Number { get; }

    /// <summary>The page image.</summary>
    public byte[] Data { get; }

    /// <summary>Pin count: how many holders have this page from GetPage/AllocatePage and not yet released it.</summary>
    public int PinCount { get; internal set; }

    /// <summary>True when the page has been changed in the current write transaction.</summary>
    public bool IsDirty { get; internal set; }

    /// <summary>Pager-private per-page state (journal flags, LRU links); opaque to callers.</summary>
    internal object? PagerState { get; set; }

    /// <summary>Previous (less recently used) page in the page cache's LRU list, or null.</summary>
    internal Page? LruPrevious;

    /// <summary>Next (more recently used) page in the page cache's LRU list, or null.</summary>
    internal Page? LruNext;

    /// <summary>True while this page sits in the page cache's LRU list (unpinned and clean).</summary>
    internal bool InLru;

    /// <summary>True while the page cache owns this page (false once evicted or dropped).</summary>
    internal bool Cached;
}
