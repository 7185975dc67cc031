using System.Diagnostics;
using MiniSql.Vfs;

namespace MiniSql.Engine.Storage;

// Read and write transactions, rollback and locking ("File Locking And Concurrency in SQLite Version 3").
public sealed partial class Pager
{
    private bool _writeEndsRead;                         // the write transaction began in Open (see Pager.cs)

    /// <summary>
    /// Starts a read transaction (no-op when one is open): takes a SHARED lock (calling the busy handler while
    /// busy), rolls back a hot journal if there is one, and drops the cache if another connection changed the file
    /// (P5).
    /// </summary>
    /// <exception cref="MiniSqlException">SQLITE_BUSY ("database is locked") when the busy handler gives up;
    /// SQLITE_NOTADB for a file that is not a database; SQLITE_IOERR_* on I/O errors.</exception>
    public void BeginRead()
    {
        ThrowIfError();
        if (_state != PagerState.Open)
            return;
        // In WAL mode SHARED is kept between transactions (P7): while it has been held without a break no
        // rollback-mode writer can have left a journal, so the hot-journal probe is skipped (as SQLite does).
        bool walSharedHeld = _wal is not null && _db.Lock >= LockLevel.Shared;
        for (int retry = 0; ; retry++)
        {
            if (!_db.TryLock(LockLevel.Shared))
            {
                if (!InvokeBusy(retry))
                    ThrowHelper.Busy();
                continue;
            }
            bool opened = false;
            try
            {
                if (!walSharedHeld && HasHotJournal())
                {
                    // Recovery needs EXCLUSIVE. Waiting for it while holding SHARED could deadlock with another
                    // connection doing the same, so drop every lock before calling the busy handler.
                    if (!_db.TryLock(LockLevel.Exclusive))
                    {
                        _db.Unlock(LockLevel.None);
                        LeaveSharedWal();
                        if (!InvokeBusy(retry))
                            ThrowHelper.Busy();
                        continue;
                    }
                    RecoverHotJournal();
                }
                LoadFileHeader();
                opened = true;
            }
            finally
            {
                if (!opened)
                    UnlockQuietly(LockLevel.None);
            }
            _state = PagerState.Reader;
            return;
        }
    }

    /// <summary>Ends a read transaction (lock NONE). The cache is kept and revalidated by the next BeginRead.</summary>
    /// <exception cref="MiniSqlException">SQLITE_MISUSE while a write transaction is open.</exception>
    public void EndRead()
    {
        ThrowIfError();
        if (InWriteTransaction)
            ThrowHelper.Throw(ResultCode.Misuse, "cannot end a read transaction while a write transaction is open");
        if (_state != PagerState.Reader)
            return;
        if (_wal is not null)
        {
            _wal.EndReadTransaction(); // keeps P7: SHARED stays
            _state = PagerState.Open;
            RunDueAutoCheckpoint();
            return;
        }
        _db.Unlock(LockLevel.None);
        _state = PagerState.Open;
    }

    /// <summary>
    /// Starts a write transaction: RESERVED lock (or EXCLUSIVE when <paramref name="exclusive"/>), as BEGIN
    /// IMMEDIATE / BEGIN EXCLUSIVE do. From Open it first begins a read transaction, and while busy it drops every
    /// lock before calling the busy handler. From Reader the RESERVED lock is tried once without the busy handler,
    /// because waiting while holding SHARED can deadlock with a writer waiting for EXCLUSIVE. On an empty
    /// database, page 1 is created here. The journal is opened lazily at the first change.
    /// </summary>
    /// <exception cref="MiniSqlException">SQLITE_BUSY; SQLITE_READONLY for a read-only database.</exception>
    public void BeginWrite(bool exclusive = false)
    {
        ThrowIfError();
        if (IsReadOnly)
            ThrowHelper.Throw(ResultCode.ReadOnly, MiniSqlException.DefaultMessage(ResultCode.ReadOnly));
        if (InWriteTransaction)
        {
            if (exclusive && _wal is null && _db.Lock < LockLevel.Exclusive)
                LockWithBusyHandler(LockLevel.Exclusive);
            return;
        }
        bool fromOpen = _state == PagerState.Open;
        if (fromOpen)
        {
            for (int retry = 0; ; retry++)
            {
                BeginRead();
                try
                {
                    if (TryReserve())
                        break;
                }
                catch (MiniSqlException e) when (e.ExtendedResultCode == ResultCode.BusySnapshot)
                {
                    // A commit landed between the snapshot and the write lock: take a fresh snapshot at once.
                    EndRead();
                    continue;
                }
                EndRead();
                if (!InvokeBusy(retry))
                    ThrowHelper.Busy();
            }
        }
        else if (!TryReserve())
        {
            ThrowHelper.Busy();
        }

        if (exclusive && _wal is null)
        {
            try
            {
                LockWithBusyHandler(LockLevel.Exclusive);
            }
            catch
            {
                UnlockQuietly(fromOpen ? LockLevel.None : LockLevel.Shared);
                _state = fromOpen ? PagerState.Open : PagerState.Reader;
                throw;
            }
        }

        _state = PagerState.WriterLocked;
        _writeEndsRead = fromOpen;
        _originalPageCount = _pageCount;
        if (_pageCount == 0)
        {
            try
            {
                CreatePage1();
            }
            catch (Exception ex) when (IsIoFailure(ex))
            {
                EnterErrorState(ex);
                throw;
            }
        }
    }

    /// <summary>
    /// Rolls back the write transaction: dirty pages are dropped (pinned ones are re-read), the page count is
    /// restored and the journal finalized. The database file was not touched (no spilling), so this works in every
    /// journal mode, OFF included. In Error state this drops the cache and all locks instead, leaving the journal
    /// for hot-journal recovery (P4). A no-op without a write transaction.
    /// </summary>
    public void Rollback()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_state == PagerState.Error)
        {
            ResetAfterError();
            return;
        }
        if (!InWriteTransaction)
            return;
        try
        {
            DiscardChanges();
            if (_state == PagerState.WriterCacheMod)
                FinalizeJournal();
        }
        catch (Exception ex) when (IsIoFailure(ex))
        {
            EnterErrorState(ex);
            throw;
        }
        EndWriteTransaction();
    }

    /// <summary>Drops the changes of the write transaction from the cache.</summary>
    private void DiscardChanges()
    {
        foreach (var page in _cache.GetAllPages())
        {
            if (!page.IsDirty && page.Number <= _originalPageCount)
                continue;
            if (page.PinCount > 0 && page.Number <= _originalPageCount)
            {
                // Keep the holder's object valid: reload the original image, which is still in the file.
                ReadPageFromStorage(page.Number, page.Data);
                _cache.MakeClean(page);
            }
            else
            {
                _cache.Drop(page);
            }
        }
        _pageCount = _originalPageCount;
    }

    /// <summary>Ends a write transaction after Commit or Rollback: clears transaction state and lowers the lock.</summary>
    private void EndWriteTransaction()
    {
        ClearWriteTransactionState();
        if (_wal is not null)
        {
            EndWalWrite();
            return;
        }
        var level = _writeEndsRead ? LockLevel.None : LockLevel.Shared;
        _state = _writeEndsRead ? PagerState.Open : PagerState.Reader;
        _db.Unlock(level);
        _cache.Trim(0);
    }

    private void ClearWriteTransactionState()
    {
        _journaled.Clear();
        _memoryJournal = null;
        _savepoints.Clear();
        _changeCounterBumped = false;
        _journalSynced = false;
        _databaseModified = false;
        CloseJournal();
    }

    /// <summary>
    /// Leaves Error (P4): forgets the cache and the transaction, closes the journal without finalizing it and drops
    /// every lock, so the next BeginRead (here or in another connection) rolls the hot journal back. With
    /// journal_mode=MEMORY there is no journal on disk, so the original images are written back here if the
    /// database file was already changed (best effort; the VFS may still be failing).
    /// </summary>
    private void ResetAfterError()
    {
        if (_journalMode == JournalMode.Memory && _databaseModified && _memoryJournal is not null)
        {
            try
            {
                foreach (var (pageNumber, image) in _memoryJournal)
                    WritePageToStorage(pageNumber, image);
                _db.Truncate((long)_originalPageCount * _pageSize);
                if (Synchronous != SynchronousMode.Off)
                    _db.Sync(SyncFlags);
            }
            catch (Exception)
            {
                // Best effort: the file stays as it is; nothing else can restore it.
            }
        }
        _cache.Clear();
        try
        {
            ClearWriteTransactionState();
        }
        catch (Exception)
        {
            // Closing a dead journal handle failed; it is abandoned (CloseJournal forgot it first).
        }
        _haveFileStamp = false;
        _pageCount = 0;
        _error = null;
        try
        {
            _wal?.EndReadTransaction(); // nothing of the failed commit was published (W4)
        }
        catch (Exception)
        {
            // The shared-memory locks die with the handle.
        }
        _state = PagerState.Open;
        UnlockQuietly(LockLevel.None);
    }

    /// <summary>Creates page 1 of a new database (fileformat2: 1.3 header plus an empty sqlite_schema leaf).</summary>
    private void CreatePage1()
    {
        Debug.Assert(_pageCount == 0 && _cache.Count == 0);
        EnsureJournalOpen();
        var page = _cache.Create(1);
        _cache.Pin(page);
        _pageCount = 1;
        MarkWritableCore(page);
        DatabaseHeader.InitializeNewDatabase(page.Data, _pageSize, _reservedBytes);
        _cache.Unpin(page);
    }

    /// <summary>
    /// Reads the database header under a SHARED lock: validates it, drops the cache when the file changed (P5)
    /// and computes the page count (in-header size when valid, else from the file size).
    /// </summary>
    private void LoadFileHeader()
    {
        long fileSize = _db.Size;
        if (fileSize == 0 && _wal is not null)
            ThrowHelper.Corrupt("database file is empty in WAL mode");
        if (fileSize == 0)
        {
            if (_haveFileStamp || _cache.Count > 0 || _pageSize != _newDatabasePageSize)
                ResetCache(_newDatabasePageSize);
            _reservedBytes = _newDatabaseReservedBytes;
            _haveFileStamp = false;
            _writeVersionTooNew = false;
            _pageCount = _filePageCount = 0;
            return;
        }
        if (_wal is not null)
        {
            BeginWalRead(); // reads page 1 through the WAL snapshot (or the cache)
            return;
        }
        Span<byte> header = stackalloc byte[DatabaseHeader.Size];
        _db.Read(header, 0);
        // With a WAL beside the file, page 1 is read through the WAL snapshot (BeginWalRead validates that copy): a
        // checkpoint interrupted by power loss may leave the file's page 1 torn while the WAL still holds it whole.
        if (_wal is null && !_vfs.Exists(Path + "-wal"))
            DatabaseHeader.Validate(header);
        if (ShouldUseWal(header))
        {
            BeginWalRead();
            return;
        }
        var (pageSize, reserved) = DatabaseHeader.Validate(header);
        _writeVersionTooNew = header[DatabaseHeader.WriteVersionOffset] > 2;

        var stamp = header.Slice(DatabaseHeader.FileStampOffset, DatabaseHeader.FileStampLength);
        if (!_haveFileStamp || !stamp.SequenceEqual(_fileStamp) || pageSize != _pageSize || reserved != _reservedBytes)
        {
            ResetCache(pageSize);
            _reservedBytes = reserved;
            stamp.CopyTo(_fileStamp);
            _haveFileStamp = true;
        }
        _filePageCount = (uint)Math.Min(MaxPageNumber, (fileSize + pageSize - 1) / pageSize);
        uint inHeader = DatabaseHeader.ValidDatabaseSize(header);
        _pageCount = inHeader != 0 ? inHeader : _filePageCount;
    }

    private void ResetCache(int pageSize)
    {
        _cache.Reset(pageSize);
        _pageSize = pageSize;
        _cache.Capacity = CapacityFor(_cacheSize, pageSize);
    }

    /// <summary>Raises the database lock, calling the busy handler while another connection is in the way.</summary>
    private void LockWithBusyHandler(LockLevel level)
    {
        for (int retry = 0; !_db.TryLock(level); retry++)
        {
            if (!InvokeBusy(retry))
                ThrowHelper.Busy();
        }
    }

    private bool InvokeBusy(int retry) => Busy is { } handler && handler(retry);

    private void UnlockQuietly(LockLevel level)
    {
        if (level == LockLevel.None)
            LeaveSharedWal();
        try
        {
            _db.Unlock(level);
        }
        catch (Exception)
        {
            // Unlock failures are reported by the next lock attempt; a dead handle holds nothing.
        }
    }

    private VfsSyncFlags SyncFlags => Synchronous == SynchronousMode.Extra ? VfsSyncFlags.Full : VfsSyncFlags.Normal;
}
