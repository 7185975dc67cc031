using MiniSql.Vfs;

namespace MiniSql.Engine.Storage;

// The one commit path ("Atomic Commit In SQLite", steps 3.6-3.11): CommitPhaseOne prepares page 1 and makes the
// journal durable, CommitPhaseTwo writes and syncs the database and finalizes the journal. In WAL mode CommitWal
// (Pager.Wal.cs) prepares page 1 the same way and appends the dirty pages to the WAL instead.
public sealed partial class Pager
{
    private bool _changeCounterBumped;                   // page 1's change counter already incremented (P3)

    /// <summary>
    /// Commits the write transaction. With no change, no file is touched. Otherwise: journal the pages a shrinking
    /// commit cuts off, bump the change counter and set the in-header size on page 1 (P3), make the journal durable
    /// (P1), take EXCLUSIVE (PENDING on the way, busy handler while readers remain), write the dirty pages in page
    /// order, truncate a shrunk file, sync the database, finalize the journal (P2), and lower the lock.
    /// </summary>
    /// <exception cref="MiniSqlException">
    /// SQLITE_BUSY when readers keep EXCLUSIVE away and the busy handler gives up: the transaction stays open
    /// (holding PENDING) and Commit may be retried or the transaction rolled back.
    /// SQLITE_IOERR_FSYNC, SQLITE_IOERR_WRITE, SQLITE_FULL, ...: the pager enters Error (P4); call Rollback, after
    /// which the journal left on disk is rolled back as a hot journal.
    /// </exception>
    public void Commit()
    {
        ThrowIfError();
        RequireWriter();
        if (_state == PagerState.WriterLocked)
        {
            // Nothing changed: nothing to write, no journal was opened.
            EndWriteTransaction();
            return;
        }
        try
        {
            if (_wal is not null)
            {
                CommitWal();
            }
            else
            {
                CommitPhaseOne();
                LockWithBusyHandler(LockLevel.Exclusive);
                CommitPhaseTwo();
            }
        }
        catch (Exception ex) when (IsIoFailure(ex))
        {
            EnterErrorState(ex);
            throw;
        }
        EndWriteTransaction();
    }

    /// <summary>Prepares page 1 and makes the journal durable; repeatable after a BUSY commit.</summary>
    private void CommitPhaseOne()
    {
        if (_pageCount < _originalPageCount)
            JournalTruncatedPages();

        var page1 = GetPage(1);
        try
        {
            MarkWritableCore(page1);
            var data = page1.Data.AsSpan();
            if (!_changeCounterBumped)
            {
                uint counter = DatabaseHeader.ReadUInt32(data, DatabaseHeader.ChangeCounterOffset) + 1;
                DatabaseHeader.WriteUInt32(data, DatabaseHeader.ChangeCounterOffset, counter);
                DatabaseHeader.WriteUInt32(data, DatabaseHeader.VersionValidForOffset, counter);
                DatabaseHeader.WriteUInt32(data, DatabaseHeader.SqliteVersionOffset, DatabaseHeader.SqliteVersionNumber);
                _changeCounterBumped = true;
            }
            DatabaseHeader.WriteUInt32(data, DatabaseHeader.DatabaseSizeOffset, _pageCount);
        }
        finally
        {
            Release(page1);
        }

        SyncJournal();
    }

    /// <summary>Writes the dirty pages, truncates, syncs the database and finalizes the journal (EXCLUSIVE held).</summary>
    private void CommitPhaseTwo()
    {
        _state = PagerState.WriterDbMod;
        _databaseModified = true;
        var dirty = _cache.GetDirtyPagesSorted();
        foreach (var page in dirty)
        {
            if (page.Number <= _pageCount)
                WritePageToStorage(page.Number, page.Data);
        }
        long size = (long)_pageCount * _pageSize;
        if (_db.Size > size)
            _db.Truncate(size);
        if (Synchronous != SynchronousMode.Off)
            _db.Sync(SyncFlags);

        FinalizeJournal(); // keeps P2: the database is synced

        _filePageCount = _pageCount;
        _cache.Find(1)!.Data.AsSpan(DatabaseHeader.FileStampOffset, DatabaseHeader.FileStampLength).CopyTo(_fileStamp);
        _haveFileStamp = true;

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
}
