namespace MiniSql.Engine.Storage;

/// <summary>How the rollback journal is kept and finalized at commit (PRAGMA journal_mode).</summary>
public enum JournalMode
{
    /// <summary>The journal file is deleted at the end of each transaction (SQLite's default).</summary>
    Delete,
    /// <summary>The journal file is truncated to zero bytes at the end of each transaction.</summary>
    Truncate,
    /// <summary>The journal file stays; its header is zeroed at the end of each transaction.</summary>
    Persist,
    /// <summary>The journal is kept in memory and never written to a file; a crash mid-commit can corrupt the file.</summary>
    Memory,
    /// <summary>No journal: Rollback still works while nothing has reached the file, but a failed or interrupted
    /// commit cannot be undone and may leave the database corrupt.</summary>
    Off,
    /// <summary>Write-ahead log: commits append frames to the "-wal" file; checkpoints copy them into the database
    /// (header bytes 18/19 = 2). Readers and one writer proceed concurrently.</summary>
    Wal,
}
