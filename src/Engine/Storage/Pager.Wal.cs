using MiniSql.Engine.Storage.Wal;
using MiniSql.Vfs;

namespace MiniSql.Engine.Storage;

// WAL mode (wal.html): the pager reads pages through a WriteAheadLog snapshot and commits by appending frames.
//
// Invariants (WAL mode, _wal != null):
//  P7. The SHARED lock on the database file is held from the first WAL read until Dispose or leaving WAL mode, so a
//      rollback-mode connection can never take EXCLUSIVE while the WAL is in use (as SQLite does).
//  P8. No rollback journal is written; the database file is written only by checkpoints.
//  P9. The cache follows the WAL snapshot incrementally (P10 in Pager.Cache.cs: RevalidateWalCache).
// Transitions: BeginRead -> BeginWalRead, BeginWrite -> TryReserve (WAL_WRITE_LOCK), Commit -> CommitWal,
// EndWriteTransaction -> EndWalWrite, journal_mode changes -> EnterWalMode / LeaveWalMode, Dispose -> CloseWal.
public sealed partial class Pager
{
    private WriteAheadLog? _wal;
    private bool _walFramesAppended;                     // this write transaction committed frames
    private bool _autoCheckpointDue;                     // wal_autocheckpoint reached; run when the read ends

    /// <summary>PRAGMA wal_autocheckpoint: a passive checkpoint runs after a commit that leaves at least this many
    /// frames in the WAL (0 or less: never).</summary>
    public int WalAutoCheckpoint { get; set; } = 1000;

    /// <summary>PRAGMA journal_size_limit in bytes (-1: no limit): a WAL restarted by a commit, and a PERSIST journal
    /// after its header is zeroed, are truncated to this size when larger.</summary>
    public long JournalSizeLimit { get; set; } = -1;

    /// <summary>True while the database is in WAL mode.</summary>
    public bool IsWalMode => _wal is not null;

    /// <summary>
    /// Runs a checkpoint (PRAGMA wal_checkpoint) outside any transaction. Not in WAL mode: (false, -1, -1) as SQLite.
    /// </summary>
    /// <exception cref="MiniSqlException">SQLITE_LOCKED inside a transaction; I/O errors.</exception>
    public CheckpointResult Checkpoint(CheckpointMode mode)
    {
        ThrowIfError();
        if (_state != PagerState.Open)
            ThrowHelper.Throw(ResultCode.Locked, "database table is locked");
        if (_wal is null)
            return new CheckpointResult(false, -1, -1);
        _wal.Synchronous = Synchronous;
        _wal.JournalSizeLimit = JournalSizeLimit;
        return Checkpointer.Run(_wal, mode, Busy);
    }

    /// <summary>True when this read transaction must use the WAL: already in WAL mode, header bytes 18/19 say WAL,
    /// or a WAL file exists beside a non-empty database.</summary>
    private bool ShouldUseWal(ReadOnlySpan<byte> header) =>
        _wal is not null || header[DatabaseHeader.ReadVersionOffset] == 2 || _vfs.Exists(Path + "-wal");

    /// <summary>Opens the WAL (first time) and begins a WAL read snapshot; loads page count and header (P9).</summary>
    private void BeginWalRead()
    {
        if (_wal is null)
        {
            _wal = OpenWal();
            _journalMode = JournalMode.Wal;
        }
        for (int retry = 0; ; retry++)
        {
            try
            {
                _wal.BeginReadTransaction(); // its "changed" answer is not used: RevalidateWalCache compares snapshots
                break;
            }
            catch (MiniSqlException e) when (e.ResultCode == ResultCode.Busy && InvokeBusy(retry))
            {
            }
        }
        try
        {
            long fileSize = _db.Size; // after the snapshot began: a checkpoint may have grown the file before
            int walPageSize = _wal.PageSize;
            var snapshot = _wal.Header;
            // With the page size unchanged the cache moves to the new snapshot first, so a cached page 1 that is still
            // valid supplies the header without reading the WAL or the file.
            Page? cached1 = null;
            if (_haveCacheSnapshot && (walPageSize == 0 || walPageSize == _pageSize))
            {
                RevalidateWalCache(snapshot, geometryChanged: false);
                cached1 = _cache.Find(1);
            }
            ReadOnlySpan<byte> header;
            if (cached1 is not null)
            {
                header = cached1.Data.AsSpan(0, DatabaseHeader.Size);
            }
            else
            {
                byte[] page1 = new byte[walPageSize > 0 ? walPageSize : DatabaseHeader.Size];
                if (walPageSize == 0 || !_wal.TryReadPage(1, page1))
                    _db.Read(page1.AsSpan(0, DatabaseHeader.Size), 0);
                header = page1.AsSpan(0, DatabaseHeader.Size);
            }
            var (pageSize, reserved) = DatabaseHeader.Validate(header);
            _writeVersionTooNew = header[DatabaseHeader.WriteVersionOffset] > 2;
            uint inHeader = DatabaseHeader.ValidDatabaseSize(header);
            bool geometryChanged = pageSize != _pageSize || reserved != _reservedBytes;
            if (geometryChanged)
            {
                ResetCache(pageSize);
                _reservedBytes = reserved;
            }
            RevalidateWalCache(snapshot, geometryChanged); // a no-op when done above
            JoinSharedWal();
            _haveFileStamp = false;
            _filePageCount = (uint)Math.Min(MaxPageNumber, (fileSize + pageSize - 1) / pageSize);
            _pageCount = _wal.DatabaseSize != 0 ? _wal.DatabaseSize : inHeader != 0 ? inHeader : _filePageCount;
        }
        catch
        {
            _wal.EndReadTransaction();
            throw;
        }
    }

    /// <summary>BeginWrite's lock step: RESERVED in rollback mode, WAL_WRITE_LOCK in WAL mode; false when busy.</summary>
    private bool TryReserve()
    {
        if (_wal is null)
            return _db.TryLock(LockLevel.Reserved);
        try
        {
            _wal.BeginWriteTransaction();
            return true;
        }
        catch (MiniSqlException e) when (e.ExtendedResultCode == ResultCode.Busy)
        {
            return false;
        }
    }

    /// <summary>WAL commit (P8): every dirty page becomes a frame; page 1 only when it changed or the database size in
    /// its header must follow (PrepareWalPage1).</summary>
    private void CommitWal()
    {
        PrepareWalPage1();
        var dirty = _cache.GetDirtyPagesSorted();
        var frames = new List<Page>(dirty.Count);
        foreach (var page in dirty)
        {
            if (page.Number <= _pageCount)
                frames.Add(page);
        }
        _wal!.Synchronous = Synchronous;
        _wal.JournalSizeLimit = JournalSizeLimit;
        _wal.AppendTransaction(frames, _pageCount);
        _walFramesAppended = true;
        PublishWalCommit(frames);
        foreach (var page in dirty)
        {
            if (page.Number <= _pageCount)
                _cache.MakeClean(page);
            else
                _cache.Drop(page);
        }
        foreach (var page in _cache.GetAllPages())
        {
            if (page.Number > _pageCount)
                _cache.Drop(page);
        }
    }

    /// <summary>Ends a WAL write transaction; keeps SHARED (P7); runs the auto-checkpoint once no snapshot is held.</summary>
    private void EndWalWrite()
    {
        _wal!.EndWriteTransaction();
        if (_writeEndsRead)
        {
            _wal.EndReadTransaction();
            _state = PagerState.Open;
        }
        else
        {
            _state = PagerState.Reader;
        }
        _cache.Trim(0);
        // As SQLite's default WAL hook: only a transaction that appended frames counts, and the checkpoint runs once
        // the read transaction is over too (here, or in EndRead when a statement kept reading).
        _autoCheckpointDue = _walFramesAppended && WalAutoCheckpoint > 0 && _wal.MaxFrame >= WalAutoCheckpoint;
        _walFramesAppended = false;
        if (_state == PagerState.Open)
            RunDueAutoCheckpoint();
    }

    /// <summary>Runs the passive auto-checkpoint a commit made due, outside any transaction.</summary>
    private void RunDueAutoCheckpoint()
    {
        if (!_autoCheckpointDue || _wal is null)
            return;
        _autoCheckpointDue = false;
        _wal.Synchronous = Synchronous;
        _wal.JournalSizeLimit = JournalSizeLimit;
        try
        {
            Checkpointer.Run(_wal, CheckpointMode.Passive, null);
        }
        catch (MiniSqlException)
        {
            // As SQLite's default WAL hook: the commit stands. nBackfill grows only after a successful database
            // sync (C2), so the WAL still holds every frame and a later checkpoint copies them again.
        }
    }

    /// <summary>
    /// Page 1 in a WAL commit. SQLite leaves the change counter alone in WAL mode (readers see changes through the
    /// wal-index header), so page 1 becomes a frame only when the transaction changed it or the database size in its
    /// header (28..31) must follow a grown or shrunk database; the frame counts then match SQLite's.
    /// </summary>
    private void PrepareWalPage1()
    {
        var page1 = GetPage(1);
        try
        {
            if (DatabaseHeader.ReadUInt32(page1.Data, DatabaseHeader.DatabaseSizeOffset) != _pageCount)
            {
                MarkWritableCore(page1);
                DatabaseHeader.WriteUInt32(page1.Data, DatabaseHeader.DatabaseSizeOffset, _pageCount);
            }
        }
        finally
        {
            Release(page1);
        }
    }

    /// <summary>
    /// Opens the WAL. A WAL file created here gets its directory synced (unless synchronous=OFF), as SQLite does at the
    /// first sync of a new WAL: otherwise a power loss could drop the file's directory entry and with it every
    /// transaction committed into it.
    /// </summary>
    private WriteAheadLog OpenWal()
    {
        string walPath = Path + "-wal";
        bool created = !_readOnly && !_vfs.Exists(walPath);
        var wal = WriteAheadLog.Open(_vfs, _db, Path);
        if (created && Synchronous != SynchronousMode.Off)
        {
            try
            {
                _vfs.SyncDirectory(walPath);
            }
            catch
            {
                wal.Dispose();
                throw;
            }
        }
        return wal;
    }

    /// <summary>Switches a rollback-mode database to WAL: header bytes 18/19 = 2 committed in rollback mode first.</summary>
    private void EnterWalMode()
    {
        if (_state != PagerState.Open)
            ThrowHelper.Throw(ResultCode.Error, "cannot change into wal mode from within a transaction");
        BeginRead(); // a database whose header already says WAL opens its WAL here
        EndRead();
        if (_wal is not null)
            return;
        SetFileFormatVersion(2);
        _wal ??= OpenWal();
        _journalMode = JournalMode.Wal;
    }

    /// <summary>Leaves WAL mode: needs EXCLUSIVE (no other connection), checkpoints and deletes the WAL, then sets
    /// header bytes 18/19 = 1 in <paramref name="mode"/>.</summary>
    private void LeaveWalMode(JournalMode mode)
    {
        if (_state != PagerState.Open)
            ThrowHelper.Throw(ResultCode.Error, "cannot change out of wal mode from within a transaction");
        BeginRead();
        EndRead();
        if (!_db.TryLock(LockLevel.Exclusive))
        {
            UnlockQuietly(LockLevel.Shared);
            ThrowHelper.Busy();
        }
        try
        {
            _wal!.Synchronous = Synchronous;
            _wal.Close(checkpointAndDelete: true);
            _wal = null;
            _journalMode = mode;
            // EXCLUSIVE is held and the WAL is gone: the header bytes are set in place, as no other connection can
            // have the page cached.
            _db.Write([1, 1], DatabaseHeader.WriteVersionOffset);
            if (Synchronous != SynchronousMode.Off)
                _db.Sync(SyncFlags);
        }
        finally
        {
            _wal = null;
            _cache.Clear();
            UnlockQuietly(LockLevel.None);
        }
    }

    private void SetFileFormatVersion(byte version)
    {
        BeginWrite();
        try
        {
            var page1 = GetPage(1);
            try
            {
                MarkWritable(page1);
                page1.Data[DatabaseHeader.WriteVersionOffset] = version;
                page1.Data[DatabaseHeader.ReadVersionOffset] = version;
            }
            finally
            {
                Release(page1);
            }
            Commit();
        }
        catch
        {
            if (InWriteTransaction)
                Rollback();
            throw;
        }
    }

    /// <summary>Closes the WAL at Dispose: the last connection (EXCLUSIVE obtainable) checkpoints and deletes it.</summary>
    private void CloseWal()
    {
        var wal = _wal;
        if (wal is null)
            return;
        _wal = null;
        try
        {
            wal.EndReadTransaction();
            // SHARED first: a WAL opened by EnterWalMode and never read holds no lock yet (EXCLUSIVE needs SHARED).
            bool last = _db.TryLock(LockLevel.Shared) && _db.TryLock(LockLevel.Exclusive);
            wal.Synchronous = Synchronous;
            wal.Close(checkpointAndDelete: last);
        }
        catch (Exception)
        {
            // Dispose must not throw; the WAL stays on disk and the next connection recovers it.
            try
            {
                wal.Dispose();
            }
            catch (Exception)
            {
                // A dead handle is abandoned.
            }
        }
    }
}
