namespace MiniSql.Engine.Storage.Wal;

/// <summary>
/// Outcome of a checkpoint: the triple PRAGMA wal_checkpoint returns. <see cref="Busy"/> is true when the mode could not
/// complete (SQLITE_BUSY); <see cref="LogFrames"/> is the WAL size in frames and <see cref="CheckpointedFrames"/> the
/// number of frames now in the database file; both are -1 when the checkpoint could not start.
/// </summary>
public readonly record struct CheckpointResult(bool Busy, int LogFrames, int CheckpointedFrames);
