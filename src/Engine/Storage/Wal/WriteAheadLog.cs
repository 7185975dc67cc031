// WriteAheadLog.cs — one connection's view of a WAL database (SQLite's wal.c "Wal" object): the WAL file, the
// wal-index in shared memory, the read snapshot and the write lock.
//
// Files: WriteAheadLog.cs (open, read transactions, page lookup), WriteAheadLog.Write.cs (write transactions, frame
// append, WAL restart), WriteAheadLog.Recovery.cs (rebuilding the wal-index from the WAL file), Checkpointer.cs.
//
// Invariants:
//  W1. A reader's snapshot is (header, read mark). While it holds WAL_READ_LOCK(i) shared, no checkpoint copies a
//      frame later than aReadMark[i] into the database, and the WAL is not restarted unless i == 0.
//  W2. Read lock 0 means "the database file alone is the snapshot": taken only when nBackfill == mxFrame, and the
//      header is re-checked after taking it (a checkpoint of newer frames may have started in between).
//  W3. A writer holds WAL_WRITE_LOCK and a read snapshot equal to the live header (else SQLITE_BUSY_SNAPSHOT).
//  W4. The wal-index header is published only after every frame of the transaction is in the WAL file (and synced
//      when the sync mode asks for it); readers never see a partial transaction.
//  W5. The WAL is restarted (salt-1 + 1, new salt-2, mxFrame = 0) only by a writer that read from the database alone
//      (read lock 0) and holds every other read lock exclusively for the moment of the reset.
//  W6. Recovery runs with WAL_WRITE_LOCK, WAL_CKPT_LOCK and WAL_RECOVER_LOCK held exclusively; it accepts frames up
//      to the last commit frame whose salts and checksum chain are valid (a torn tail ends the log).
//
// States: no snapshot (_readLock = -1) --BeginReadTransaction--> reading (_readLock >= 0)
//         reading --BeginWriteTransaction--> writing (_writeLock) --AppendTransaction (commit)--> writing
//         writing --EndWriteTransaction--> reading --EndReadTransaction--> no snapshot

using MiniSql.Vfs;

namespace MiniSql.Engine.Storage.Wal;

/// <summary>
/// One connection's WAL: begins and ends read and write transactions against the shared wal-index, looks pages up in
/// the WAL, appends committed transactions and runs checkpoints and recovery. Compatible with SQLite's WAL on disk and
/// in shared memory. Owned by one connection; not thread-safe. The caller (pager) holds a SHARED lock on the database
/// file for as long as this object is open.
/// </summary>
public sealed partial class WriteAheadLog : IDisposable
{
    private const int MaxRetries = 100;

    private readonly IVfs _vfs;
    private readonly IVfsFile _db;
    private readonly IVfsFile _wal;
    private readonly IVfsSharedMemory _shm;
    private readonly WalIndex _index;
    private readonly bool _ownsSharedMemory;

    private WalIndexHeader _header;    // snapshot: the header as last read or written by this connection
    private int _readLock = -1;        // read mark slot held shared, or -1
    private uint _minFrame;            // first frame a reader may need (nBackfill + 1 when the snapshot began)
    private bool _writeLock;
    private bool _disposed;

    private WriteAheadLog(IVfs vfs, IVfsFile db, IVfsFile wal, IVfsSharedMemory shm, bool ownsSharedMemory, string walPath)
    {
        _vfs = vfs;
        _db = db;
        _wal = wal;
        _shm = shm;
        _ownsSharedMemory = ownsSharedMemory;
        _index = new WalIndex(shm);
        WalPath = walPath;
    }

    /// <summary>
    /// Opens (creating if needed) the WAL file "<paramref name="databasePath"/>-wal" and the wal-index of
    /// <paramref name="db"/>. The database file handle stays owned by the caller; the shared memory is opened here
    /// unless <paramref name="sharedMemory"/> is given (then it stays owned by the caller).
    /// </summary>
    /// <exception cref="MiniSqlException">SQLITE_CANTOPEN when the WAL file cannot be opened or the VFS has no
    /// shared memory.</exception>
    public static WriteAheadLog Open(IVfs vfs, IVfsFile db, string databasePath, IVfsSharedMemory? sharedMemory = null)
    {
        ArgumentNullException.ThrowIfNull(vfs);
        ArgumentNullException.ThrowIfNull(db);
        string walPath = databasePath + "-wal";
        var shm = sharedMemory ?? db.OpenSharedMemory()
            ?? throw new MiniSqlException(ResultCode.CantOpen, "unable to open database file (WAL mode needs shared memory)");
        IVfsFile wal;
        try
        {
            wal = vfs.Open(walPath, VfsFileKind.Wal, VfsOpenFlags.ReadWrite | VfsOpenFlags.Create);
        }
        catch
        {
            if (sharedMemory is null)
                shm.Dispose();
            throw;
        }
        return new WriteAheadLog(vfs, db, wal, shm, sharedMemory is null, walPath);
    }

    /// <summary>Path of the WAL file.</summary>
    public string WalPath { get; }

    /// <summary>The wal-index this connection uses.</summary>
    public WalIndex Index => _index;

    /// <summary>The WAL file handle.</summary>
    public IVfsFile WalFile => _wal;

    /// <summary>Sync mode (PRAGMA synchronous): FULL and EXTRA sync at every commit; NORMAL only at checkpoints and
    /// WAL restarts; OFF never.</summary>
    public SynchronousMode Synchronous { get; set; } = SynchronousMode.Full;

    /// <summary>PRAGMA journal_size_limit: after a WAL restart the first commit truncates the WAL file to this many
    /// bytes (or to the frames just written when larger); -1 = no limit.</summary>
    public long JournalSizeLimit { get; set; } = -1;

    /// <summary>The header of this connection's snapshot.</summary>
    public WalIndexHeader Header => _header;

    /// <summary>Read mark slot held (0..4), or -1 outside a read transaction.</summary>
    public int ReadLockSlot => _readLock;

    /// <summary>True while a read transaction is open.</summary>
    public bool InReadTransaction => _readLock >= 0;

    /// <summary>True while this connection holds WAL_WRITE_LOCK.</summary>
    public bool InWriteTransaction => _writeLock;

    /// <summary>Database size in pages of the snapshot (nPage); 0 when the WAL has never committed (use the file size).</summary>
    public uint DatabaseSize => _header.PageCount;

    /// <summary>Page size of the WAL (0 when no frame has been written).</summary>
    public int PageSize => _header.PageSize;

    /// <summary>Last valid frame of the snapshot (mxFrame).</summary>
    public uint MaxFrame => _header.MaxFrame;

    // ---- read transactions ----------------------------------------------------------------------------------

    /// <summary>
    /// Begins a read transaction (walBeginReadTransaction): reads (or recovers) the wal-index header and takes a read
    /// mark. Returns true when the snapshot differs from this connection's previous one, so cached pages must be
    /// dropped.
    /// </summary>
    /// <exception cref="MiniSqlException">SQLITE_BUSY_RECOVERY while another connection runs recovery; SQLITE_BUSY
    /// when the header cannot be read; SQLITE_PROTOCOL after too many retries; SQLITE_CANTOPEN for an unknown
    /// wal-index version.</exception>
    public bool BeginReadTransaction()
    {
        ThrowIfDisposed();
        if (_readLock >= 0)
            ThrowHelper.Throw(ResultCode.Misuse, "read transaction already open");
        bool changed = false;
        for (int attempt = 0; ; attempt++)
        {
            if (TryBeginRead(ref changed, useWal: false))
                return changed;
            Backoff(attempt);
        }
    }

    /// <summary>Ends the read transaction (and a write transaction still open).</summary>
    public void EndReadTransaction()
    {
        if (_writeLock)
            EndWriteTransaction();
        if (_readLock >= 0)
        {
            _index.UnlockShared(WalIndex.ReadLock(_readLock));
            _readLock = -1;
        }
    }

    /// <summary>
    /// The latest frame of the snapshot that holds <paramref name="pageNumber"/>, or 0 when the page must be read
    /// from the database file (walFindFrame).
    /// </summary>
    public uint FindFrame(uint pageNumber)
    {
        RequireReader();
        if (_readLock == 0 || _header.MaxFrame == 0)
            return 0;
        return _index.FindFrame(pageNumber, _minFrame, _header.MaxFrame);
    }

    /// <summary>Reads the page image of <paramref name="frame"/> into <paramref name="page"/> (page-size bytes).</summary>
    public void ReadFrame(uint frame, Span<byte> page)
    {
        int pageSize = _header.PageSize;
        if (page.Length != pageSize || frame == 0 || frame > _header.MaxFrame)
            ThrowHelper.Throw(ResultCode.Misuse, $"bad frame read {frame} of {page.Length} bytes");
        long offset = WalFileHeader.FrameOffset(frame, pageSize) + WalFrameHeader.Size;
        if (_wal.Read(page, offset) != page.Length)
            ThrowHelper.IoErr(ResultCode.IoErrShortRead, $"WAL frame {frame} is truncated");
    }

    /// <summary>
    /// Reads page <paramref name="pageNumber"/> of the snapshot from the WAL when it is there; returns false when the
    /// caller must read it from the database file.
    /// </summary>
    public bool TryReadPage(uint pageNumber, Span<byte> page)
    {
        uint frame = FindFrame(pageNumber);
        if (frame == 0)
            return false;
        ReadFrame(frame, page);
        return true;
    }

    /// <summary>
    /// The latest frame of the whole WAL epoch (frames 1..mxFrame of the snapshot, backfilled ones included) that holds
    /// <paramref name="pageNumber"/>, or 0 when no frame of this epoch holds it. The page's content in the snapshot is
    /// that frame's image (or, for 0, the content it had when the epoch began), wherever the pager reads it from.
    /// Returns false when the answer cannot be trusted: with read lock 0 the snapshot does not protect the wal-index
    /// from a WAL restart (W5), so the salts are checked again after the lookup (a restart publishes new salts before
    /// it overwrites any hash entry).
    /// </summary>
    public bool TryFindFrameInEpoch(uint pageNumber, out uint frame)
    {
        RequireReader();
        frame = _header.MaxFrame == 0 ? 0 : _index.FindFrame(pageNumber, 1, _header.MaxFrame);
        return _readLock != 0 || EpochStillLive();
    }

    /// <summary>True when the snapshot reads <paramref name="frame"/> (from <see cref="TryFindFrameInEpoch"/>) from the
    /// WAL; false when it reads the page from the database file (frame 0, backfilled frames, or read lock 0).</summary>
    public bool SnapshotReadsFrame(uint frame) => frame != 0 && _readLock > 0 && frame >= _minFrame;

    /// <summary>
    /// Adds to <paramref name="pages"/> the page numbers of frames <paramref name="after"/>+1..<paramref name="upTo"/>
    /// (all within this snapshot's epoch). Returns false when the list cannot be trusted (see
    /// <see cref="TryFindFrameInEpoch"/>).
    /// </summary>
    public bool CollectPagesOfFrames(uint after, uint upTo, List<uint> pages)
    {
        RequireReader();
        if (upTo > _header.MaxFrame)
            return false;
        for (uint frame = after + 1; frame <= upTo; frame++)
        {
            uint pageNumber = _index.GetPageNumber(frame);
            if (pageNumber == 0)
                return false; // an unmapped or cleared entry: doubt
            pages.Add(pageNumber);
        }
        return _readLock != 0 || EpochStillLive();
    }

    // True when the live wal-index header still has this snapshot's salts (no WAL restart since the snapshot began).
    private bool EpochStillLive()
    {
        _shm.Barrier();
        var live = _index.ReadHeaderCopy(1);
        return live.Salt1 == _header.Salt1 && live.Salt2 == _header.Salt2;
    }

    // One attempt of walTryBeginRead; false means "retry" (WAL_RETRY).
    private bool TryBeginRead(ref bool changed, bool useWal)
    {
        if (!useWal)
        {
            var rc = ReadIndexHeader(ref changed);
            if (rc == ResultCode.Busy)
            {
                // Busy because a writer or recovery holds the write lock while the header is unreadable.
                if (!_index.MapRegion(0, extend: false))
                    return false;
                if (_index.TryLockShared(WalIndex.RecoverLock))
                {
                    _index.UnlockShared(WalIndex.RecoverLock);
                    return false;
                }
                ThrowHelper.Busy(ResultCode.BusyRecovery);
            }
        }

        if (!useWal && _index.Backfill == _header.MaxFrame)
        {
            // keeps W2: the WAL is fully copied into the database (or empty).
            if (_index.TryLockShared(WalIndex.ReadLock(0)))
            {
                _shm.Barrier();
                if (!_index.HeaderEquals(_header))
                {
                    _index.UnlockShared(WalIndex.ReadLock(0));
                    return false;
                }
                _readLock = 0;
                return true;
            }
        }

        // Use the WAL: find the largest read mark not beyond mxFrame, or claim a slot for mxFrame itself.
        uint maxFrame = _header.MaxFrame;
        uint bestMark = 0;
        int bestSlot = 0;
        for (int i = 1; i < WalIndex.ReaderCount; i++)
        {
            uint mark = _index.GetReadMark(i);
            if (bestMark <= mark && mark <= maxFrame)
            {
                bestMark = mark;
                bestSlot = i;
            }
        }
        if (bestMark < maxFrame || bestSlot == 0)
        {
            for (int i = 1; i < WalIndex.ReaderCount; i++)
            {
                if (_index.TryLockExclusive(WalIndex.ReadLock(i)))
                {
                    _index.SetReadMark(i, maxFrame);
                    bestMark = maxFrame;
                    bestSlot = i;
                    _index.UnlockExclusive(WalIndex.ReadLock(i));
                    break;
                }
            }
        }
        if (bestSlot == 0)
            return false;
        if (!_index.TryLockShared(WalIndex.ReadLock(bestSlot)))
            return false;
        // The mark and the header must be unchanged now that the lock is held (keeps W1).
        _minFrame = _index.Backfill + 1;
        _shm.Barrier();
        if (_index.GetReadMark(bestSlot) != bestMark || !_index.HeaderEquals(_header))
        {
            _index.UnlockShared(WalIndex.ReadLock(bestSlot));
            return false;
        }
        _readLock = bestSlot;
        return true;
    }

    /// <summary>
    /// Reads the wal-index header into the snapshot (walIndexReadHdr), running recovery under the write lock when it
    /// is invalid. Returns Busy when the write lock is needed but held elsewhere.
    /// </summary>
    private ResultCode ReadIndexHeader(ref bool changed)
    {
        if (!TryTakeHeader(ref changed))
        {
            bool hadWriteLock = _writeLock;
            if (!hadWriteLock && !_index.TryLockExclusive(WalIndex.WriteLock))
                return ResultCode.Busy;
            _writeLock = true;
            try
            {
                _index.MapRegion(0, extend: true);
                if (!TryTakeHeader(ref changed))
                {
                    if (!Recover())
                        return ResultCode.Busy;
                    changed = true;
                }
            }
            finally
            {
                if (!hadWriteLock)
                {
                    _writeLock = false;
                    _index.UnlockExclusive(WalIndex.WriteLock);
                }
            }
        }
        if (_header.Version != WalIndexHeader.CurrentVersion)
            ThrowHelper.Throw(ResultCode.CantOpen, "unable to open database file (unknown wal-index version)");
        return ResultCode.Ok;
    }

    private bool TryTakeHeader(ref bool changed)
    {
        if (!_index.TryReadHeader(out var h))
            return false;
        if (h != _header)
        {
            changed = true;
            _header = h;
        }
        return true;
    }

    // SQLite's retry schedule for WAL_RETRY: immediate at first, then growing pauses; SQLITE_PROTOCOL at the end.
    private static void Backoff(int attempt)
    {
        if (attempt >= MaxRetries)
            ThrowHelper.Throw(ResultCode.Protocol, "locking protocol");
        if (attempt >= 10)
            Thread.Sleep(Math.Max(1, (attempt - 9) * (attempt - 9) * 39 / 1000));
        else if (attempt > 5)
            Thread.Yield();
    }

    private void RequireReader()
    {
        if (_readLock < 0)
            ThrowHelper.Throw(ResultCode.Misuse, "no read transaction");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>
    /// Closes the WAL. When <paramref name="checkpointAndDelete"/> (the caller holds an EXCLUSIVE lock on the database
    /// file, so no other connection uses the WAL) the WAL is checkpointed and, when fully copied, the WAL file and the
    /// shared memory are deleted, as SQLite does when its last connection closes.
    /// </summary>
    public void Close(bool checkpointAndDelete)
    {
        if (_disposed)
            return;
        bool delete = false;
        try
        {
            EndReadTransaction();
            if (checkpointAndDelete)
            {
                var result = Checkpointer.Run(this, CheckpointMode.Passive, busy: null);
                delete = !result.Busy && result.LogFrames == result.CheckpointedFrames;
            }
        }
        finally
        {
            _disposed = true;
            _wal.Dispose();
            if (_ownsSharedMemory)
                _shm.Unmap(delete);
            _index.ForgetMappings();
            if (delete && _vfs.Exists(WalPath))
                _vfs.Delete(WalPath, syncDirectory: false);
        }
    }

    /// <summary>Releases locks and handles without checkpointing.</summary>
    public void Dispose() => Close(checkpointAndDelete: false);
}
