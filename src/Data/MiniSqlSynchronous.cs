namespace MiniSql.Data;

/// <summary>How often the database is synced to disk (MiniSql keyword <c>Synchronous</c>, as PRAGMA synchronous).</summary>
public enum MiniSqlSynchronous
{
    /// <summary>Never sync.</summary>
    Off = 0,

    /// <summary>Sync at critical moments only.</summary>
    Normal = 1,

    /// <summary>Sync at every commit (the default).</summary>
    Full = 2,

    /// <summary>Full, plus syncing the directory after deleting a journal.</summary>
    Extra = 3,
}
