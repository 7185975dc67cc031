namespace MiniSql.Engine.Storage;

/// <summary>
/// What the B-tree layer needs from the pager (SQLite's sqlite3PagerGet/Write/Unref subset).
/// The freelist is managed by the B-tree layer through page 1's header fields, as in SQLite; the pager only
/// grows the file (<see cref="AllocatePage"/>) and records the database size.
/// </summary>
public interface IPageStore
{
    /// <summary>Page size in bytes (512..65536, a power of two).</summary>
    int PageSize { get; }

    /// <summary>Usable bytes per page: page size minus reserved bytes (header byte 20).</summary>
    int UsableSize { get; }

    /// <summary>Database size in pages, as of the current transaction.</summary>
    uint PageCount { get; }

    /// <summary>True while a write transaction is open.</summary>
    bool InWriteTransaction { get; }

    /// <summary>
    /// Returns page <paramref name="pageNumber"/> pinned. Throws SQLITE_CORRUPT for page 0 or a number beyond
    /// <see cref="PageCount"/>. Requires a read or write transaction.
    /// </summary>
    Page GetPage(uint pageNumber);

    /// <summary>
    /// Declares that <paramref name="page"/> is about to be modified: journals its original image (rollback
    /// journal) and marks it dirty. Requires a write transaction. Idempotent within a transaction and cheap when the
    /// page is already writable; call it before each batch of changes, because an open savepoint captures the
    /// page's image at the first call after the savepoint was opened.
    /// </summary>
    void MarkWritable(Page page);

    /// <summary>
    /// Appends a new zeroed page at the end of the database (PageCount + 1), already writable and pinned.
    /// </summary>
    Page AllocatePage();

    /// <summary>Unpins a page obtained from <see cref="GetPage"/> or <see cref="AllocatePage"/>.</summary>
    void Release(Page page);

    /// <summary>
    /// Shrinks the database to <paramref name="pageCount"/> pages at commit (used when trailing pages are freed,
    /// e.g. by VACUUM or auto-vacuum). Requires a write transaction.
    /// </summary>
    void TruncatePageCount(uint pageCount);
}
