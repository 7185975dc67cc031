namespace MiniSql.Engine.Storage;

/// <summary>How often the pager syncs (PRAGMA synchronous); numeric values equal SQLite's.</summary>
public enum SynchronousMode
{
    /// <summary>Never sync: fast, but an OS crash or power loss can corrupt the database.</summary>
    Off = 0,
    /// <summary>Sync the journal once before writing the database, and the database before finalizing the journal.</summary>
    Normal = 1,
    /// <summary>As Normal, but the journal is synced before and after its record count is written (SQLite's default).</summary>
    Full = 2,
    /// <summary>As Full, plus a directory sync after deleting the journal so the commit itself is durable.</summary>
    Extra = 3,
}
