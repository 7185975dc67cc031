namespace MiniSql.Engine.Storage.Wal;

/// <summary>Checkpoint modes (SQLITE_CHECKPOINT_*); numeric values equal SQLite's.</summary>
public enum CheckpointMode
{
    /// <summary>Copy as many frames as possible without waiting for readers or writers; never calls the busy handler.</summary>
    Passive = 0,
    /// <summary>Wait (busy handler) for the writer lock and for readers of old snapshots, then copy every frame.</summary>
    Full = 1,
    /// <summary>As Full, then also wait until no reader uses the WAL, so the next writer restarts it.</summary>
    Restart = 2,
    /// <summary>As Restart, then reset the wal-index and truncate the WAL file to zero bytes.</summary>
    Truncate = 3,
}
