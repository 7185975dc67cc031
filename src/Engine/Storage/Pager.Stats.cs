namespace MiniSql.Engine.Storage;

public sealed partial class Pager
{
    private PagerStats _stats;

    /// <summary>
    /// Page fetch counters since the pager was opened or <see cref="ResetStats"/> was called (SQLite's
    /// SQLITE_DBSTATUS_CACHE_HIT/MISS). Used by tests to prove an access path touches O(log n + k) pages.
    /// </summary>
    public PagerStats Stats => _stats;

    /// <summary>Sets <see cref="Stats"/> back to zero.</summary>
    public void ResetStats() => _stats = default;
}
