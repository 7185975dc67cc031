namespace MiniSql.Engine.Storage;

/// <summary>
/// One open savepoint (SQLite's PagerSavepoint): the page count when it was opened and the image of every page
/// as it was then, captured at the first MarkWritable after the savepoint opened. An in-memory sub-journal;
/// owned by one pager.
/// </summary>
internal sealed class Savepoint
{
    public Savepoint(uint pageCount) => PageCount = pageCount;

    /// <summary>Database size in pages when the savepoint was opened.</summary>
    public uint PageCount { get; }

    /// <summary>Page number -> image at the time the savepoint was opened (pages up to <see cref="PageCount"/>).</summary>
    public Dictionary<uint, byte[]> Images { get; } = new();
}
