// Pager.cs — page cache, locking and atomic commit for one database file (SQLite's pager.c).
//
// Files: Pager.cs (open, page access, header fields), Pager.Cache.cs (cache validity across WAL snapshots, the
// process-wide shared page cache; invariants P10..P12), Pager.Transaction.cs (read/write transactions, rollback,
// locks), Pager.Commit.cs (the one commit path), Pager.Journal.cs (rollback journal writing, hot-journal
// detection and playback), Pager.Savepoints.cs (statement and SAVEPOINT rollback), Pager.Wal.cs (WAL mode through
// Wal/WriteAheadLog; its invariants P7..P9 are listed there).
//
// Invariants (rollback-journal mode):
//  P1. A database page is overwritten only if its original image is already in the journal and the journal is
//      synced, or the page was beyond the end of the database when the transaction began. (Commit writes the
//      database only after SyncJournal; dirty pages are never spilled mid-transaction.)
//  P2. The journal is deleted, truncated or zeroed only after the database file has been synced.
//  P3. Every committed write transaction changes the file change counter (header bytes 24..27) and sets the
//      version-valid-for number (92..95) to it, so the in-header database size (28..31) is valid.
//  P4. After an I/O error while changing the journal or the database the pager stays in Error: every call throws
//      until Rollback or Dispose. Rollback then drops the cache and all locks without touching the files, so the
//      journal left on disk is rolled back as a hot journal by the next reader (this connection or another).
//  P5. The cache is trusted only while a SHARED lock is held; BeginRead drops it when header bytes 24..39 differ
//      from what this pager last read or wrote.
//  P6. Pinned and dirty pages are never evicted (PageCache C1); a transaction's dirty set must fit in memory.
//
// States (PagerState) and the methods that move between them:
//
//            BeginRead                 BeginWrite                first change (EnsureJournalOpen)
//   Open ---------------> Reader -----------------> WriterLocked -------------------------------> WriterCacheMod
//    ^  <--------------- (SHARED)  <-- Commit/Rollback (RESERVED)                                  |
//    |       EndRead               (no changes: nothing written)                     Commit:       |
//    |                                                          SyncJournal, EXCLUSIVE, write db   v
//    |                           Reader or Open <---------------------------------------------- WriterDbMod
//    |                           (Commit: sync db, FinalizeJournal, EndWriteTransaction)
//    |                           Reader or Open <---- Rollback (DiscardChanges, FinalizeJournal) ---- WriterLocked,
//    |                                                                                              WriterCacheMod
//    +---- Rollback (ResetAfterError: drop cache, unlock) <---- Error <---- I/O error in any Writer* state
//
// A write transaction begun from Open also ends the read transaction at Commit/Rollback (lock NONE); one begun
// from Reader returns to Reader (lock SHARED).
//
// WAL mode: ReadPageFromStorage looks a page up in the WAL snapshot first; Commit appends frames (CommitWal) instead of
// journaling and writing the database file; checkpoints (Wal/Checkpointer) are the only writers of the file.

using System.Diagnostics;
using MiniSql.Vfs;

namespace MiniSql.Engine.Storage;

/// <summary>
/// The pager: page cache, database header, locking, rollback journal, atomic commit and crash recovery for one
/// database file. Implements <see cref="IPageStore"/> for the B-tree layer. Owned by one connection; not thread-safe.
/// </summary>
public sealed partial class Pager : IPageStore, IDisposable
{
    /// <summary>Largest page number SQLite allows (2^32 - 2).</summary>
    public const uint MaxPageNumber = 4294967294;

    private readonly IVfs _vfs;
    private readonly IVfsFile _db;
    private readonly string _journalPath;
    private readonly PageCache _cache;
    private readonly bool _readOnly;

    private PagerState _state;
    private MiniSqlException? _error;                    // set exactly in Error (P4)
    private bool _disposed;

    private int _pageSize;
    private int _reservedBytes;
    private int _newDatabasePageSize;
    private int _newDatabaseReservedBytes;
    private int _cacheSize;
    private JournalMode _journalMode;

    private uint _pageCount;                             // database size in pages as of this transaction
    private uint _originalPageCount;                     // size when the write transaction began
    private uint _filePageCount;                         // pages present in the file
    private readonly byte[] _fileStamp = new byte[DatabaseHeader.FileStampLength]; // header 24..39 (P5)
    private bool _haveFileStamp;
    private bool _writeVersionTooNew;                    // header byte 18 > 2: read-only

    private Pager(IVfs vfs, IVfsFile db, string path, PagerOptions options)
    {
        _vfs = vfs;
        _db = db;
        Path = path;
        _journalPath = path + "-journal";
        _readOnly = options.ReadOnly;
        _newDatabasePageSize = _pageSize = options.PageSize;
        _newDatabaseReservedBytes = _reservedBytes = options.ReservedBytes;
        _journalMode = options.JournalMode;
        Synchronous = options.Synchronous;
        Busy = options.Busy;
        _cacheSize = options.CacheSize;
        _cache = new PageCache(_pageSize, CapacityFor(_cacheSize, _pageSize));
        AttachSharedCache(options);
    }

    /// <summary>
    /// Opens the database file <paramref name="path"/> through <paramref name="vfs"/>. A new or empty file stays
    /// empty until the first write transaction commits. When no journal is present, the header of a non-empty file
    /// is validated at once.
    /// </summary>
    /// <exception cref="MiniSqlException">SQLITE_CANTOPEN when the file cannot be opened or created;
    /// SQLITE_NOTADB when it is not a database; SQLITE_MISUSE for invalid options.</exception>
    public static Pager Open(IVfs vfs, string path, PagerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vfs);
        ArgumentNullException.ThrowIfNull(path);
        options ??= new PagerOptions();
        if (!DatabaseHeader.IsValidPageSize(options.PageSize))
            ThrowHelper.Throw(ResultCode.Misuse, $"invalid page size {options.PageSize}");
        if (options.ReservedBytes is < 0 or > 255 || options.PageSize - options.ReservedBytes < DatabaseHeader.MinUsableSize)
            ThrowHelper.Throw(ResultCode.Misuse, $"invalid reserved bytes {options.ReservedBytes}");

        var flags = options.ReadOnly ? VfsOpenFlags.ReadOnly : VfsOpenFlags.ReadWrite | (options.Create ? VfsOpenFlags.Create : 0);
        var file = vfs.Open(path, VfsFileKind.MainDb, flags);
        var pager = new Pager(vfs, file, path, options);
        try
        {
            pager.ValidateHeaderAtOpen();
            if (options.JournalMode == JournalMode.Wal)
            {
                // Switching to WAL writes the header (bytes 18/19) at once, as PRAGMA journal_mode=WAL does.
                pager._journalMode = JournalMode.Delete;
                pager.JournalMode = JournalMode.Wal;
            }
        }
        catch
        {
            pager.Dispose();
            throw;
        }
        return pager;
    }

    /// <summary>The database path this pager was opened with.</summary>
    public string Path { get; }

    /// <summary>The journal file path ("-journal" appended to <see cref="Path"/>).</summary>
    public string JournalPath => _journalPath;

    /// <inheritdoc />
    public int PageSize => _pageSize;

    /// <inheritdoc />
    public int UsableSize => _pageSize - _reservedBytes;

    /// <summary>Reserved bytes at the end of each page (header byte 20).</summary>
    public int ReservedBytes => _reservedBytes;

    /// <inheritdoc />
    public uint PageCount => _pageCount;

    /// <summary>The pager's state (see the diagram in Pager.cs).</summary>
    public PagerState State => _state;

    /// <inheritdoc />
    public bool InWriteTransaction => _state is PagerState.WriterLocked or PagerState.WriterCacheMod or PagerState.WriterDbMod;

    /// <summary>True while a read (or write) transaction is open.</summary>
    public bool InReadTransaction => _state is not (PagerState.Open or PagerState.Error);

    /// <summary>True when the database was opened read-only or its header forbids writing (write version &gt; 2).</summary>
    public bool IsReadOnly => _readOnly || _writeVersionTooNew;

    /// <summary>Sync level (PRAGMA synchronous); takes effect at the next sync.</summary>
    public SynchronousMode Synchronous { get; set; }

    /// <summary>Busy handler: called with the retry count when a lock is busy; return true to retry.</summary>
    public Func<int, bool>? Busy { get; set; }

    /// <summary>The lock level this connection holds on the database file.</summary>
    public LockLevel LockLevel => _db.Lock;

    /// <summary>Cache size with SQLite's meaning: positive = pages, negative = KiB (PRAGMA cache_size).</summary>
    public int CacheSize
    {
        get => _cacheSize;
        set
        {
            _cacheSize = value;
            _cache.Capacity = CapacityFor(value, _pageSize);
            _cache.Trim(0);
        }
    }

    /// <summary>Number of pages the cache holds now (pinned, dirty and evictable).</summary>
    public int CachedPageCount => _cache.Count;

    /// <summary>
    /// Journal mode (PRAGMA journal_mode). Can be changed only outside a write transaction; leaving
    /// TRUNCATE or PERSIST deletes a leftover journal file when the lock can be had without waiting.
    /// </summary>
    public JournalMode JournalMode
    {
        get => _journalMode;
        set
        {
            ThrowIfError();
            var old = _journalMode;
            // A write transaction that has not changed a page yet (WriterLocked) may still switch between rollback
            // modes, as SQLite allows (sqlite3PagerOkToChangeJournalMode).
            if (InWriteTransaction && (_state != PagerState.WriterLocked || value == JournalMode.Wal || old == JournalMode.Wal))
                ThrowHelper.Throw(ResultCode.Error, "cannot change journal mode from within a transaction");
            if (old == value)
                return;
            if (value == JournalMode.Wal)
            {
                if (IsReadOnly)
                    return;
                if (old is JournalMode.Truncate or JournalMode.Persist)
                    DeleteLeftoverJournal();
                EnterWalMode();
                return;
            }
            if (old == JournalMode.Wal)
            {
                LeaveWalMode(value);
                return;
            }
            _journalMode = value;
            if (old is JournalMode.Truncate or JournalMode.Persist && value is not (JournalMode.Truncate or JournalMode.Persist) && !IsReadOnly)
                DeleteLeftoverJournal();
        }
    }

    /// <summary>
    /// Sets the page size used when the database is still empty (PRAGMA page_size); returns false (and changes
    /// nothing) once the database has pages or a write transaction is open.
    /// </summary>
    public bool TrySetPageSize(int pageSize)
    {
        if (!DatabaseHeader.IsValidPageSize(pageSize) || pageSize - _newDatabaseReservedBytes < DatabaseHeader.MinUsableSize)
            return false;
        if (_state is not (PagerState.Open or PagerState.Reader) || _pageCount != 0 || _db.Size != 0)
            return false;
        _newDatabasePageSize = pageSize;
        if (_pageSize != pageSize)
        {
            _pageSize = pageSize;
            _cache.Reset(pageSize);
            _cache.Capacity = CapacityFor(_cacheSize, pageSize);
        }
        return true;
    }

    /// <inheritdoc />
    /// <exception cref="MiniSqlException">SQLITE_CORRUPT for page 0 or beyond <see cref="PageCount"/>;
    /// SQLITE_MISUSE outside a transaction; SQLITE_IOERR_* when the read fails.</exception>
    public Page GetPage(uint pageNumber)
    {
        ThrowIfError();
        RequireTransaction();
        if (pageNumber == 0 || pageNumber > _pageCount)
            ThrowHelper.CorruptPage(pageNumber, "page number out of range (database has " + _pageCount + " pages)");
        var page = _cache.Find(pageNumber);
        if (page is null)
        {
            page = LoadPage(pageNumber);
            _stats.CacheMisses++;
        }
        _stats.Fetches++;
        _cache.Pin(page);
        return page;
    }

    /// <inheritdoc />
    public void Release(Page page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.PinCount <= 0)
            ThrowHelper.Throw(ResultCode.Misuse, $"page {page.Number} released more often than it was obtained");
        if (page.Cached)
            _cache.Unpin(page);
        else
            page.PinCount--;
    }

    /// <inheritdoc />
    /// <remarks>Call it before every batch of changes to a page (it is cheap when the page is already writable):
    /// savepoints capture a page's image on the first call after they were opened.</remarks>
    public void MarkWritable(Page page)
    {
        ArgumentNullException.ThrowIfNull(page);
        ThrowIfError();
        RequireWriter();
        if (!page.Cached || page.PinCount == 0 || !ReferenceEquals(_cache.Find(page.Number), page))
            ThrowHelper.Throw(ResultCode.Misuse, $"page {page.Number} is not pinned in this pager's cache");
        try
        {
            MarkWritableCore(page);
        }
        catch (Exception ex) when (IsIoFailure(ex))
        {
            EnterErrorState(ex);
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>Skips the lock-byte page (the page holding byte 0x40000000), which SQLite never uses.</remarks>
    public Page AllocatePage()
    {
        ThrowIfError();
        RequireWriter();
        uint pageNumber = _pageCount + 1;
        if (pageNumber == RollbackJournal.LockBytePage(_pageSize))
            pageNumber++;
        if (pageNumber > MaxPageNumber || pageNumber < _pageCount)
            ThrowHelper.Throw(ResultCode.Full, MiniSqlException.DefaultMessage(ResultCode.Full));
        try
        {
            EnsureJournalOpen();
            // A page that existed when the transaction began (truncated earlier) must be read so it can be journaled.
            var page = _cache.Find(pageNumber) ?? (pageNumber <= _originalPageCount ? LoadPage(pageNumber) : _cache.Create(pageNumber));
            _cache.Pin(page);
            _pageCount = pageNumber;
            MarkWritableCore(page);
            Array.Clear(page.Data);
            return page;
        }
        catch (Exception ex) when (IsIoFailure(ex))
        {
            EnterErrorState(ex);
            throw;
        }
    }

    /// <inheritdoc />
    public void TruncatePageCount(uint pageCount)
    {
        ThrowIfError();
        RequireWriter();
        if (pageCount == 0 || pageCount > _pageCount)
            ThrowHelper.Throw(ResultCode.Misuse, $"cannot truncate a database of {_pageCount} pages to {pageCount}");
        try
        {
            EnsureJournalOpen();
        }
        catch (Exception ex) when (IsIoFailure(ex))
        {
            EnterErrorState(ex);
            throw;
        }
        // Cached pages beyond the new end stay (their content matters if a savepoint rollback restores the page
        // count); GetPage refuses them and Commit does not write them.
        _pageCount = pageCount;
    }

    /// <summary>Reads a 4-byte header field from page 1 (0 for every field of an empty database).</summary>
    /// <exception cref="MiniSqlException">SQLITE_MISUSE outside a transaction.</exception>
    public uint GetHeaderField(HeaderField field)
    {
        ValidateField(field);
        ThrowIfError();
        RequireTransaction();
        if (_pageCount == 0)
            return 0;
        var page = GetPage(1);
        try
        {
            return DatabaseHeader.Get(page.Data, field);
        }
        finally
        {
            Release(page);
        }
    }

    /// <summary>Writes a 4-byte header field on page 1, journaling page 1 first. Requires a write transaction.</summary>
    /// <remarks>The change counter, in-header size, version-valid-for and version number are rewritten at commit.</remarks>
    public void SetHeaderField(HeaderField field, uint value)
    {
        ValidateField(field);
        ThrowIfError();
        RequireWriter();
        var page = GetPage(1);
        try
        {
            MarkWritable(page);
            DatabaseHeader.Set(page.Data, field, value);
        }
        finally
        {
            Release(page);
        }
    }

    /// <summary>Schema cookie (header 40..43).</summary>
    public uint SchemaCookie { get => GetHeaderField(HeaderField.SchemaCookie); set => SetHeaderField(HeaderField.SchemaCookie, value); }

    /// <summary>PRAGMA user_version (header 60..63).</summary>
    public int UserVersion { get => (int)GetHeaderField(HeaderField.UserVersion); set => SetHeaderField(HeaderField.UserVersion, (uint)value); }

    /// <summary>PRAGMA application_id (header 68..71).</summary>
    public int ApplicationId { get => (int)GetHeaderField(HeaderField.ApplicationId); set => SetHeaderField(HeaderField.ApplicationId, (uint)value); }

    /// <summary>First freelist trunk page, 0 when the freelist is empty (header 32..35).</summary>
    public uint FreelistTrunk { get => GetHeaderField(HeaderField.FreelistTrunk); set => SetHeaderField(HeaderField.FreelistTrunk, value); }

    /// <summary>Total number of freelist pages (header 36..39).</summary>
    public uint FreelistCount { get => GetHeaderField(HeaderField.FreelistCount); set => SetHeaderField(HeaderField.FreelistCount, value); }

    /// <summary>Schema format number (header 44..47).</summary>
    public uint SchemaFormat { get => GetHeaderField(HeaderField.SchemaFormat); set => SetHeaderField(HeaderField.SchemaFormat, value); }

    /// <summary>Text encoding: 1 UTF-8, 2 UTF-16le, 3 UTF-16be (header 56..59).</summary>
    public uint TextEncoding { get => GetHeaderField(HeaderField.TextEncoding); set => SetHeaderField(HeaderField.TextEncoding, value); }

    /// <summary>Suggested default cache size (header 48..51).</summary>
    public int DefaultCacheSize { get => (int)GetHeaderField(HeaderField.DefaultCacheSize); set => SetHeaderField(HeaderField.DefaultCacheSize, (uint)value); }

    /// <summary>Largest root page in auto-vacuum mode, else 0 (header 52..55).</summary>
    public uint LargestRootPage { get => GetHeaderField(HeaderField.LargestRootPage); set => SetHeaderField(HeaderField.LargestRootPage, value); }

    /// <summary>Incremental-vacuum flag (header 64..67).</summary>
    public uint IncrementalVacuum { get => GetHeaderField(HeaderField.IncrementalVacuum); set => SetHeaderField(HeaderField.IncrementalVacuum, value); }

    /// <summary>File change counter (header 24..27) as of this transaction.</summary>
    public uint ChangeCounter => GetHeaderField(HeaderField.ChangeCounter);

    /// <summary>Rolls back any open transaction, releases every lock and closes the files.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        // Dispose must not throw: whatever cannot be undone here stays on disk for hot-journal recovery (P4).
        try
        {
            if (_state == PagerState.Error)
                ResetAfterError();
            else if (InWriteTransaction)
                Rollback();
        }
        catch (Exception)
        {
            _error ??= new MiniSqlException(ResultCode.IoErr, MiniSqlException.DefaultMessage(ResultCode.IoErr));
            _state = PagerState.Error;
            ResetAfterError();
        }
        _disposed = true;
        _cache.Clear();
        try
        {
            CloseJournal();
        }
        catch (Exception)
        {
            // A dead handle (simulated crash) cannot be closed cleanly; it is abandoned.
        }
        CloseWal();
        UnlockQuietly(LockLevel.None);
        DetachSharedCache();
        try
        {
            _db.Dispose();
        }
        catch (Exception)
        {
            // As above.
        }
        _state = PagerState.Open;
    }

    /// <summary>Loads page <paramref name="pageNumber"/> into a new, unpinned cache entry.</summary>
    private Page LoadPage(uint pageNumber)
    {
        var page = _cache.Create(pageNumber);
        try
        {
            ReadPageForCache(pageNumber, page.Data);
        }
        catch
        {
            _cache.Drop(page);
            throw;
        }
        return page;
    }

    /// <summary>
    /// Reads a page image: from the WAL snapshot when the page is there (WAL mode), else from the database file;
    /// pages beyond the end of the file read as zeros. Every page read goes through here.
    /// </summary>
    private void ReadPageFromStorage(uint pageNumber, Span<byte> destination)
    {
        Debug.Assert(destination.Length == _pageSize);
        if (_wal is { InReadTransaction: true } && _wal.TryReadPage(pageNumber, destination))
            return;
        if (pageNumber > _filePageCount)
        {
            destination.Clear();
            return;
        }
        _db.Read(destination, (long)(pageNumber - 1) * _pageSize);
    }

    /// <summary>Writes a page image to the database file (rollback mode only; WAL mode writes frames).</summary>
    private void WritePageToStorage(uint pageNumber, ReadOnlySpan<byte> data) =>
        _db.Write(data, (long)(pageNumber - 1) * _pageSize);

    /// <summary>Journals the page if needed, marks it dirty, and captures it for open savepoints.</summary>
    private void MarkWritableCore(Page page)
    {
        EnsureJournalOpen();
        if (!page.IsDirty)
        {
            if (NeedsJournal(page.Number))
                JournalPage(page.Number, page.Data); // keeps P1
            _cache.MakeDirty(page);
        }
        Debug.Assert(!NeedsJournal(page.Number), "a dirty page inside the original database must already be journaled");
        CaptureForSavepoints(page);
    }

    /// <summary>True when the original image of the page still has to be written to the journal.</summary>
    private bool NeedsJournal(uint pageNumber) =>
        _journalMode is not (JournalMode.Off or JournalMode.Wal) && pageNumber <= _originalPageCount && !_journaled.Contains(pageNumber);

    private void ValidateHeaderAtOpen()
    {
        // With a journal present the header may be half-written; BeginRead rolls the journal back first. With a WAL
        // present the newest page 1 may be in the WAL; BeginRead reads it from there.
        if (_db.Size == 0 || _vfs.Exists(_journalPath) || _vfs.Exists(Path + "-wal"))
            return;
        Span<byte> header = stackalloc byte[DatabaseHeader.Size];
        _db.Read(header, 0);
        var (pageSize, reserved) = DatabaseHeader.Validate(header);
        _pageSize = pageSize;
        _reservedBytes = reserved;
        _cache.Reset(pageSize);
        _cache.Capacity = CapacityFor(_cacheSize, pageSize);
    }

    private static void ValidateField(HeaderField field)
    {
        int offset = (int)field;
        if (offset < DatabaseHeader.ChangeCounterOffset || offset > DatabaseHeader.SqliteVersionOffset || (offset & 3) != 0
            || offset is > DatabaseHeader.ApplicationIdOffset and < DatabaseHeader.VersionValidForOffset)
            ThrowHelper.Throw(ResultCode.Misuse, $"invalid header field {offset}");
    }

    private static int CapacityFor(int cacheSize, int pageSize) =>
        cacheSize >= 0 ? cacheSize : (int)Math.Min(int.MaxValue, -(long)cacheSize * 1024 / pageSize);

    private void RequireTransaction()
    {
        if (_state == PagerState.Open)
            ThrowHelper.Throw(ResultCode.Misuse, "no read transaction is open");
    }

    private void RequireWriter()
    {
        if (!InWriteTransaction)
            ThrowHelper.Throw(ResultCode.Misuse, "no write transaction is open");
    }

    private void ThrowIfError()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_state == PagerState.Error)
            throw new MiniSqlException(_error!.ExtendedResultCode, _error.Message, _error);
    }

    /// <summary>Enters the Error state (P4) after an I/O failure while changing the journal or database.</summary>
    private void EnterErrorState(Exception ex)
    {
        _error = ex as MiniSqlException ?? new MiniSqlException(ResultCode.IoErr, "disk I/O error (" + ex.Message + ")", ex);
        _state = PagerState.Error;
    }

    /// <summary>I/O failures (SQLITE_IOERR_*, SQLITE_FULL, or an OS exception) move a writer to Error; BUSY,
    /// CORRUPT and MISUSE do not.</summary>
    private static bool IsIoFailure(Exception ex) => ex switch
    {
        MiniSqlException m => m.ResultCode is ResultCode.IoErr or ResultCode.Full,
        IOException or UnauthorizedAccessException => true,
        _ => false,
    };
}
