using System.Buffers.Binary;
using MiniSql.Vfs;

namespace MiniSql.Engine.Storage;

// The rollback journal: writing it during a transaction, finalizing it per journal mode, and hot-journal
// detection and playback (fileformat2: 1.3 hot journals, 4.1 rollback journal; "Atomic Commit In SQLite").
public sealed partial class Pager
{
    private IVfsFile? _journal;                          // open journal file (DELETE/TRUNCATE/PERSIST modes)
    private bool _journalIsNew;                          // created by this transaction: sync its directory once
    private long _journalOffset;                         // where the next page record goes
    private uint _journalRecordCount;                    // records in the (single) segment
    private uint _journalNonce;
    private int _journalSectorSize;
    private bool _journalSynced;                         // records and record count are durable (P1)
    private readonly HashSet<uint> _journaled = new();   // pages whose original image is journaled
    private Dictionary<uint, byte[]>? _memoryJournal;    // journal_mode=MEMORY: original images
    private byte[]? _recordBuffer;
    private bool _databaseModified;                      // commit has started writing the database file

    /// <summary>
    /// Opens the journal at the first change of a write transaction (WriterLocked -> WriterCacheMod): for file modes
    /// writes a segment header with record count 0 (filled in by SyncJournal) and a fresh nonce.
    /// </summary>
    private void EnsureJournalOpen()
    {
        if (_state != PagerState.WriterLocked)
            return;
        switch (_journalMode)
        {
            case JournalMode.Delete:
            case JournalMode.Truncate:
            case JournalMode.Persist:
                OpenJournalFile();
                break;
            case JournalMode.Memory:
                _memoryJournal = new Dictionary<uint, byte[]>();
                break;
        }
        _journalSynced = false;
        _state = PagerState.WriterCacheMod;
    }

    private void OpenJournalFile()
    {
        _journalIsNew = !_vfs.Exists(_journalPath);
        _journal = _vfs.Open(_journalPath, VfsFileKind.MainJournal, VfsOpenFlags.ReadWrite | VfsOpenFlags.Create);
        try
        {
            _journalSectorSize = RollbackJournal.EffectiveSectorSize(_db.SectorSize);
            Span<byte> nonce = stackalloc byte[4];
            _vfs.Randomness(nonce);
            _journalNonce = BinaryPrimitives.ReadUInt32BigEndian(nonce);
            byte[] header = new byte[_journalSectorSize];
            RollbackJournal.WriteHeader(header, 0, _journalNonce, _originalPageCount, _journalSectorSize, _pageSize);
            _journal.Write(header, 0);
            _journalOffset = _journalSectorSize;
            _journalRecordCount = 0;
        }
        catch
        {
            CloseJournal();
            throw;
        }
    }

    /// <summary>Appends the original image of a page to the journal (file or memory).</summary>
    private void JournalPage(uint pageNumber, ReadOnlySpan<byte> original)
    {
        if (_journalMode == JournalMode.Memory)
        {
            _memoryJournal!.Add(pageNumber, original.ToArray());
        }
        else
        {
            int size = RollbackJournal.RecordSize(_pageSize);
            if (_recordBuffer is null || _recordBuffer.Length != size)
                _recordBuffer = new byte[size];
            RollbackJournal.WriteRecord(_recordBuffer, pageNumber, original, _journalNonce);
            _journal!.Write(_recordBuffer, _journalOffset);
            _journalOffset += size;
            _journalRecordCount++;
        }
        _journaled.Add(pageNumber);
        _journalSynced = false;
    }

    /// <summary>
    /// Makes the journal durable before the database is written (P1): with synchronous=FULL sync, write the record
    /// count into the header, sync again; with NORMAL write the count and sync once; with OFF only write the count.
    /// The first sync of a journal this transaction created also syncs its directory.
    /// </summary>
    private void SyncJournal()
    {
        if (_journalSynced)
            return;
        if (_journal is not null)
        {
            // A persisted journal may be longer than this transaction's records. If a stale segment header from an
            // older transaction sits where the next header would go, a rollback would replay it: spoil its magic.
            long nextHeader = RollbackJournal.AlignToSector(_journalOffset, _journalSectorSize);
            if (nextHeader + 8 <= _journal.Size)
            {
                Span<byte> magic = stackalloc byte[8];
                _journal.Read(magic, nextHeader);
                if (magic.SequenceEqual(RollbackJournal.Magic))
                    _journal.Write([0], nextHeader);
            }

            Span<byte> count = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(count, _journalRecordCount);
            if (Synchronous >= SynchronousMode.Full)
                _journal.Sync(SyncFlags);
            _journal.Write(count, RollbackJournal.RecordCountOffset);
            if (Synchronous != SynchronousMode.Off)
            {
                _journal.Sync(SyncFlags);
                if (_journalIsNew)
                {
                    _vfs.SyncDirectory(_journalPath);
                    _journalIsNew = false;
                }
            }
        }
        _journalSynced = true;
    }

    /// <summary>
    /// Ends the journal's life for this transaction, after the database was synced (P2): DELETE deletes the file
    /// (syncing the directory with synchronous=EXTRA), TRUNCATE truncates it to 0 bytes (and syncs that), PERSIST zeroes its header,
    /// MEMORY forgets the images, OFF has nothing to do.
    /// </summary>
    private void FinalizeJournal()
    {
        switch (_journalMode)
        {
            case JournalMode.Delete:
                if (_journal is not null)
                {
                    CloseJournal();
                    _vfs.Delete(_journalPath, syncDirectory: Synchronous == SynchronousMode.Extra);
                }
                break;
            case JournalMode.Truncate:
                if (_journal is not null)
                {
                    // SQLite syncs the truncation only with FULL. We sync it with NORMAL too: if a power loss undid
                    // an unsynced truncation, the next transaction's partly written records could merge with the
                    // revived old journal, and rolling that back would restore a mix of two transactions.
                    _journal.Truncate(0);
                    if (Synchronous != SynchronousMode.Off)
                        _journal.Sync(SyncFlags);
                }
                break;
            case JournalMode.Persist:
                if (_journal is not null)
                {
                    // journal_size_limit 0 truncates instead of zeroing the header; a positive limit trims the tail
                    // once the zeroed header has reached the disk.
                    if (JournalSizeLimit == 0)
                        _journal.Truncate(0);
                    else
                        _journal.Write(new byte[RollbackJournal.HeaderLength], 0);
                    if (Synchronous != SynchronousMode.Off)
                        _journal.Sync(SyncFlags);
                    if (JournalSizeLimit > 0 && _journal.Size > JournalSizeLimit)
                        _journal.Truncate(JournalSizeLimit);
                }
                break;
            case JournalMode.Memory:
                _memoryJournal = null;
                break;
        }
        CloseJournal();
    }

    private void CloseJournal()
    {
        var journal = _journal;
        _journal = null;
        journal?.Dispose();
    }

    /// <summary>
    /// Journals the original image of every page cut off by a shrinking commit that is not journaled yet, so a
    /// rollback can restore them after the file was truncated (P1).
    /// </summary>
    private void JournalTruncatedPages()
    {
        if (_journalMode is JournalMode.Off or JournalMode.Wal)
            return;
        uint lockBytePage = RollbackJournal.LockBytePage(_pageSize);
        byte[]? scratch = null;
        for (uint pageNumber = _pageCount + 1; pageNumber <= _originalPageCount && pageNumber != 0; pageNumber++)
        {
            if (pageNumber == lockBytePage || _journaled.Contains(pageNumber))
                continue;
            var cached = _cache.Find(pageNumber);
            if (cached is not null && !cached.IsDirty)
            {
                JournalPage(pageNumber, cached.Data);
                continue;
            }
            scratch ??= new byte[_pageSize];
            ReadPageFromStorage(pageNumber, scratch);
            JournalPage(pageNumber, scratch);
        }
    }

    /// <summary>
    /// True when a hot journal exists (fileformat2: 1.3): the journal exists and is not empty, no connection holds
    /// RESERVED or above, the database is not empty and the journal header has not been zeroed. Called with SHARED.
    /// The super-journal condition is checked during recovery.
    /// </summary>
    private bool HasHotJournal()
    {
        if (!_vfs.Exists(_journalPath) || _db.CheckReservedLock())
            return false;
        IVfsFile journal;
        try
        {
            journal = _vfs.Open(_journalPath, VfsFileKind.MainJournal, VfsOpenFlags.ReadOnly);
        }
        catch (MiniSqlException ex) when (ex.ResultCode == ResultCode.CantOpen)
        {
            return false; // deleted by its owner meanwhile
        }
        long journalSize;
        Span<byte> first = stackalloc byte[1];
        first[0] = 0;
        using (journal)
        {
            journalSize = journal.Size;
            if (journalSize > 0)
                journal.Read(first, 0);
        }
        if (journalSize == 0)
            return false;
        if (_db.Size == 0)
        {
            // A journal next to an empty database cannot restore anything: it is stale.
            if (!_readOnly && _db.TryLock(LockLevel.Reserved))
            {
                DeleteJournalIfPresent();
                _db.Unlock(LockLevel.Shared);
            }
            return false;
        }
        return first[0] != 0;
    }

    /// <summary>
    /// Rolls back a hot journal; called holding EXCLUSIVE, returns holding SHARED. If the journal names a
    /// super-journal that no longer exists, the multi-database transaction committed and the journal is only
    /// finalized.
    /// </summary>
    private void RecoverHotJournal()
    {
        if (_readOnly)
            ThrowHelper.Throw(ResultCode.ReadOnlyRollback, MiniSqlException.DefaultMessage(ResultCode.ReadOnly));
        _cache.Clear();
        _haveFileStamp = false;
        // Another connection may have rolled it back between our check and our EXCLUSIVE lock.
        if (_vfs.Exists(_journalPath))
        {
            using var journal = _vfs.Open(_journalPath, VfsFileKind.MainJournal, VfsOpenFlags.ReadWrite);
            long size = journal.Size;
            Span<byte> first = stackalloc byte[1];
            journal.Read(first, 0);
            if (size > 0 && first[0] != 0)
            {
                string? superJournal = ReadSuperJournalName(journal, size);
                bool committed = !string.IsNullOrEmpty(superJournal) && !_vfs.Exists(superJournal);
                if (!committed && PlaybackJournal(journal) && Synchronous != SynchronousMode.Off)
                    _db.Sync(SyncFlags);
                FinalizeHotJournal(journal);
            }
        }
        _db.Unlock(LockLevel.Shared);
    }

    private static string? ReadSuperJournalName(IVfsFile journal, long size)
    {
        Span<byte> header = stackalloc byte[RollbackJournal.HeaderLength];
        journal.Read(header, 0);
        return RollbackJournal.TryReadHeader(header, out var h) ? RollbackJournal.ReadSuperJournalName(journal, size, h.PageSize) : null;
    }

    /// <summary>Finalizes a rolled-back hot journal the way this pager's journal mode finalizes its own.</summary>
    private void FinalizeHotJournal(IVfsFile journal)
    {
        switch (_journalMode)
        {
            case JournalMode.Truncate:
                journal.Truncate(0);
                if (Synchronous != SynchronousMode.Off)
                    journal.Sync(SyncFlags);
                break;
            case JournalMode.Persist:
                journal.Write(new byte[RollbackJournal.HeaderLength], 0);
                if (Synchronous != SynchronousMode.Off)
                    journal.Sync(SyncFlags);
                break;
            default:
                journal.Dispose();
                DeleteJournalIfPresent();
                break;
        }
    }

    /// <summary>
    /// Plays a journal back into the database file (fileformat2: 4.1): for every segment header (at sector
    /// boundaries) restore its page records; the first header's initial size truncates the database. Playback stops
    /// at a bad header, a record that runs past the end of the file, a page number of 0 or of the lock-byte page
    /// (where a super-journal record starts), or the first record whose checksum does not match. A record count of
    /// 0 or 0xFFFFFFFF means "as many records as the file holds". The first image of a page wins.
    /// </summary>
    /// <returns>True when the database file was changed.</returns>
    private bool PlaybackJournal(IVfsFile journal)
    {
        long size = journal.Size;
        Span<byte> headerBytes = stackalloc byte[RollbackJournal.HeaderLength];
        var restored = new HashSet<uint>();
        long offset = 0;
        bool first = true;
        bool changed = false;
        uint initialSize = 0;
        int pageSize = 0;
        byte[]? record = null;

        while (offset + RollbackJournal.HeaderLength <= size)
        {
            journal.Read(headerBytes, offset);
            if (!RollbackJournal.TryReadHeader(headerBytes, out var header))
                break;
            if (first)
            {
                first = false;
                pageSize = header.PageSize;
                initialSize = header.InitialSize;
                long target = (long)initialSize * pageSize;
                if (_db.Size != target)
                {
                    _db.Truncate(target);
                    changed = true;
                }
            }
            else if (header.PageSize != pageSize)
            {
                break;
            }
            offset += header.SectorSize;
            int recordSize = RollbackJournal.RecordSize(pageSize);
            long count = header.RecordCount is 0 or RollbackJournal.RecordCountToEndOfFile
                ? Math.Max(0, (size - offset) / recordSize)
                : header.RecordCount;
            record ??= new byte[recordSize];
            uint lockBytePage = RollbackJournal.LockBytePage(pageSize);
            for (long i = 0; i < count; i++)
            {
                if (offset + recordSize > size)
                    return changed;
                journal.Read(record, offset);
                uint pageNumber = BinaryPrimitives.ReadUInt32BigEndian(record);
                if (pageNumber == 0 || pageNumber == lockBytePage)
                    return changed;
                var image = record.AsSpan(4, pageSize);
                if (BinaryPrimitives.ReadUInt32BigEndian(record.AsSpan(4 + pageSize)) != RollbackJournal.Checksum(header.Nonce, image))
                    return changed;
                offset += recordSize;
                if (pageNumber <= initialSize && restored.Add(pageNumber))
                {
                    _db.Write(image, (long)(pageNumber - 1) * pageSize);
                    changed = true;
                }
            }
            offset = RollbackJournal.AlignToSector(offset, header.SectorSize);
        }
        return changed;
    }

    private void DeleteJournalIfPresent()
    {
        try
        {
            _vfs.Delete(_journalPath, syncDirectory: false);
        }
        catch (MiniSqlException ex) when (ex.ExtendedResultCode == ResultCode.IoErrDeleteNoEnt)
        {
            // Someone else deleted it first.
        }
    }

    /// <summary>Deletes a TRUNCATE/PERSIST leftover journal when leaving those modes, if RESERVED is free now.</summary>
    private void DeleteLeftoverJournal()
    {
        if (!_vfs.Exists(_journalPath))
            return;
        bool hadShared = _state == PagerState.Reader;
        if (!hadShared && !_db.TryLock(LockLevel.Shared))
            return;
        try
        {
            // A hot journal must stay for recovery; only a finalized (empty or zeroed) one is removed.
            if (!HasHotJournal() && _vfs.Exists(_journalPath) && _db.TryLock(LockLevel.Reserved))
                DeleteJournalIfPresent();
        }
        finally
        {
            UnlockQuietly(hadShared ? LockLevel.Shared : LockLevel.None);
        }
    }
}
