using System.Diagnostics;

namespace MiniSql.Engine.Storage;

/// <summary>
/// The page cache (SQLite's pcache): page number -> <see cref="Page"/>, bounded by <see cref="Capacity"/>.
/// Owned by one pager; not thread-safe.
/// </summary>
/// <remarks>
/// Invariants:
///  C1. Only unpinned clean pages are in the LRU list, and only they are ever evicted. Pinned and dirty pages stay
///      even when the cache is over capacity: the pager does not spill dirty pages to the database mid-transaction,
///      so a transaction's dirty set must fit in memory.
///  C2. Every page buffer is exactly <see cref="PageSize"/> bytes; freed buffers are pooled for reuse.
///  C3. A dirty page is in <see cref="_dirty"/> exactly when <see cref="Page.IsDirty"/> is set and the cache owns it.
/// </remarks>
internal sealed class PageCache
{
    private const int MaxPooledBuffers = 32;

    private readonly Dictionary<uint, Page> _pages = new();
    private readonly Dictionary<uint, Page> _dirty = new();          // keeps C3
    private readonly Stack<byte[]> _bufferPool = new();               // keeps C2
    private Page? _lruHead;                                          // least recently used, evicted first
    private Page? _lruTail;                                          // most recently used

    public PageCache(int pageSize, int capacity)
    {
        PageSize = pageSize;
        Capacity = capacity;
    }

    /// <summary>Size of every page buffer.</summary>
    public int PageSize { get; private set; }

    /// <summary>Number of pages kept before unpinned clean pages are evicted.</summary>
    public int Capacity { get; set; }

    /// <summary>Number of cached pages (pinned, dirty and LRU).</summary>
    public int Count => _pages.Count;

    /// <summary>Number of dirty pages.</summary>
    public int DirtyCount => _dirty.Count;

    /// <summary>The page if cached, else null.</summary>
    public Page? Find(uint pageNumber) => _pages.TryGetValue(pageNumber, out var page) ? page : null;

    /// <summary>Adds a new, unpinned page for <paramref name="pageNumber"/> over a zeroed pooled buffer.</summary>
    public Page Create(uint pageNumber)
    {
        Debug.Assert(!_pages.ContainsKey(pageNumber));
        Trim(1);
        byte[] buffer = _bufferPool.Count > 0 ? _bufferPool.Pop() : new byte[PageSize];
        Array.Clear(buffer);
        var page = new Page(pageNumber, buffer) { Cached = true };
        _pages.Add(pageNumber, page);
        return page;
    }

    /// <summary>Pins <paramref name="page"/> (takes it out of the LRU list).</summary>
    public void Pin(Page page)
    {
        if (page.InLru)
            RemoveFromLru(page);
        page.PinCount++;
    }

    /// <summary>Unpins <paramref name="page"/>; an unpinned clean page becomes evictable (C1).</summary>
    public void Unpin(Page page)
    {
        Debug.Assert(page.PinCount > 0);
        page.PinCount--;
        if (page.PinCount == 0 && page.Cached && !page.IsDirty)
        {
            AppendToLru(page);
            Trim(0);
        }
    }

    /// <summary>Marks a cached page dirty.</summary>
    public void MakeDirty(Page page)
    {
        Debug.Assert(page.Cached);
        if (page.IsDirty)
            return;
        page.IsDirty = true;
        if (page.InLru)
            RemoveFromLru(page);
        _dirty.Add(page.Number, page);
    }

    /// <summary>Marks a page clean (after it was written or restored); unpinned, it becomes evictable.</summary>
    public void MakeClean(Page page)
    {
        if (!page.IsDirty)
            return;
        page.IsDirty = false;
        _dirty.Remove(page.Number);
        if (page.PinCount == 0 && page.Cached)
            AppendToLru(page);
    }

    /// <summary>The dirty pages sorted by page number.</summary>
    public List<Page> GetDirtyPagesSorted()
    {
        var list = new List<Page>(_dirty.Values);
        list.Sort(static (a, b) => a.Number.CompareTo(b.Number));
        return list;
    }

    /// <summary>All cached pages (a snapshot).</summary>
    public List<Page> GetAllPages() => new(_pages.Values);

    /// <summary>
    /// Removes <paramref name="page"/> from the cache. A pinned page becomes an orphan: its holder may still read
    /// it, but the cache forgets it and does not reuse its buffer.
    /// </summary>
    public void Drop(Page page)
    {
        if (!page.Cached)
            return;
        if (page.InLru)
            RemoveFromLru(page);
        if (page.IsDirty)
        {
            _dirty.Remove(page.Number);
            page.IsDirty = false;
        }
        _pages.Remove(page.Number);
        page.Cached = false;
        if (page.PinCount == 0)
            ReturnBuffer(page.Data);
    }

    /// <summary>Drops every page (pinned ones become orphans, see <see cref="Drop"/>).</summary>
    public void Clear()
    {
        foreach (var page in GetAllPages())
            Drop(page);
        Debug.Assert(_lruHead is null && _dirty.Count == 0);
    }

    /// <summary>Drops every page and switches to a new page size (empty cache, e.g. before hot-journal rollback).</summary>
    public void Reset(int pageSize)
    {
        Clear();
        if (pageSize != PageSize)
        {
            _bufferPool.Clear();
            PageSize = pageSize;
        }
    }

    /// <summary>Evicts least recently used pages until <paramref name="room"/> more pages fit, if evictable (C1).</summary>
    public void Trim(int room)
    {
        while (_pages.Count + room > Capacity && _lruHead is { } victim)
            Drop(victim);
    }

    private void ReturnBuffer(byte[] buffer)
    {
        if (buffer.Length == PageSize && _bufferPool.Count < MaxPooledBuffers)
            _bufferPool.Push(buffer);
    }

    private void AppendToLru(Page page)
    {
        Debug.Assert(!page.InLru && page.PinCount == 0 && !page.IsDirty);
        page.InLru = true;
        page.LruPrevious = _lruTail;
        page.LruNext = null;
        if (_lruTail is null)
            _lruHead = page;
        else
            _lruTail.LruNext = page;
        _lruTail = page;
    }

    private void RemoveFromLru(Page page)
    {
        Debug.Assert(page.InLru);
        if (page.LruPrevious is null)
            _lruHead = page.LruNext;
        else
            page.LruPrevious.LruNext = page.LruNext;
        if (page.LruNext is null)
            _lruTail = page.LruPrevious;
        else
            page.LruNext.LruPrevious = page.LruPrevious;
        page.LruPrevious = page.LruNext = null;
        page.InLru = false;
    }
}
