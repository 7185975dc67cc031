namespace MiniSql.Engine.Storage;

/// <summary>The pager's state (SQLite's eState); see the diagram at the top of Pager.cs.</summary>
public enum PagerState
{
    /// <summary>No lock held, no transaction.</summary>
    Open,
    /// <summary>Read transaction: SHARED lock held, cache validated against the file.</summary>
    Reader,
    /// <summary>Write transaction begun (RESERVED or EXCLUSIVE lock), nothing changed yet.</summary>
    WriterLocked,
    /// <summary>Pages changed in the cache; the journal is open.</summary>
    WriterCacheMod,
    /// <summary>Commit is writing the database file (EXCLUSIVE lock held).</summary>
    WriterDbMod,
    /// <summary>An I/O error happened while changing files; every call throws until Rollback or Dispose.</summary>
    Error,
}
