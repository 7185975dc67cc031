// Checkpointer.cs — copies WAL frames back into the database file (walCheckpoint; wal.html "Checkpointing").
//
// Invariants:
//  C1. A frame is copied only if it is the latest frame of its page among frames 1..mxSafeFrame, where mxSafeFrame is
//      at most every in-use read mark (keeps W1): a reader still using an older snapshot never sees a page change
//      under it. A page whose latest frame lies beyond mxSafeFrame is left for a later checkpoint.
//  C2. The WAL is synced before the database file is written; the database is synced before nBackfill grows.
//  C3. nBackfill only grows between restarts; the database is truncated to nPage pages only when every frame of the
//      live header has been copied.
// Locks: WAL_CKPT_LOCK exclusive throughout; WAL_WRITE_LOCK for FULL/RESTART/TRUNCATE (degrading to PASSIVE when
// busy); WAL_READ_LOCK(0) exclusive while copying (no reader may start on the database file alone meanwhile).


namespace MiniSql.Engine.Storage.Wal;

/// <summary>Runs checkpoints for a <see cref="WriteAheadLog"/>. Stateless; one checkpoint per call.</summary>
public static class Checkpointer
{
    /// <summary>
    /// Runs a checkpoint of <paramref name="mode"/> (sqlite3WalCheckpoint). <paramref name="busy"/> is called with the
    /// retry count while waiting for locks in FULL/RESTART/TRUNCATE and returns false to give up; PASSIVE never waits.
    /// The connection must not be in a read transaction.
    /// </summary>
    /// <returns>(busy, log frames, checkpointed frames) as PRAGMA wal_checkpoint reports them.</returns>
    /// <exception cref="MiniSqlException">SQLITE_MISUSE inside a read transaction; SQLITE_CORRUPT for an
    /// impossible database size; I/O errors from either file.</exception>
    public static CheckpointResult Run(WriteAheadLog wal, CheckpointMode mode, Func<int, bool>? busy)
    {
        ArgumentNullException.ThrowIfNull(wal);
        return wal.Checkpoint(mode, busy);
    }
}
