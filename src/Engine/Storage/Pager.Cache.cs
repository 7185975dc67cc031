using System.Buffers.Binary;
using MiniSql.Engine.Storage.Wal;
using MiniSql.Vfs;

namespace MiniSql.Engine.Storage;

// Cache validity across read snapshots (WAL mode) and the process-wide shared page cache (SharedPageCache.cs).
//
// Invariants:
//  P10. In WAL mode the private cache holds the content of snapshot _cacheSnapshot (when _haveCacheSnapshot):
//       RevalidateWalCache, the one place that decides what survives a snapshot change, moves it to the new snapshot.
//       A commit of this pager moves it to the header the commit published (its cache is already current).
//  P11. A page loaded through the shared cache is keyed by a version naming one committed image forever
//       (SharedPageCache S1): rollback mode (file change counter, in-header size) read under SHARED; WAL mode
//       (generation, salts, latest frame of the page in the epoch). Dirty pages never reach the shared cache.
//  P12. _walGeneration != 0 exactly while this pager holds SHARED in WAL mode without a break since it joined
//       (JoinSharedWal after BeginWalRead, LeaveSharedWal at every unlock to NONE).
public sealed partial class Pager
{
    private SharedCacheFile? _sharedFile;                // null: this pager does not share (not OsVfs, or opted out)
    private long _walGeneration;                         // P12
    private WalIndexHeader _cacheSnapshot;               // P10
    private bool _haveCacheSnapshot;
    private readonly List<uint> _changedPages = new();

    /// <summary>True when this pager reads and adds committed images through the process-wide shared cache.</summary>
    public bool UsesSharedCache => _sharedFile is not null;

    /// <summary>
    /// Joins the shared cache of this file. The identity is the full path plus the file's creation (birth) time, so a
    /// file deleted and created again at the same path while a pager still has the old one open is another file. Where
    /// the file system has no birth time .NET reports the earlier of ctime and mtime, which changes with writes: pagers
    /// opened at different times then simply do not share.
    /// </summary>
    private void AttachSharedCache(PagerOptions options)
    {
        if (!options.SharedCache || _vfs is not OsVfs || SharedPageCache.MaxBytes <= 0)
            return;
        string fullPath = System.IO.Path.GetFullPath(Path);
        DateTime created;
        try
        {
            created = File.GetCreationTimeUtc(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        if (created.Year <= 1601)
            return; // the file is not there (any more): nothing to key its pages by
        _sharedFile = SharedPageCache.Attach(fullPath + "|" + created.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private void DetachSharedCache()
    {
        LeaveSharedWal();
        if (_sharedFile is { } file)
        {
            _sharedFile = null;
            SharedPageCache.Detach(file);
        }
    }

    private void JoinSharedWal()
    {
        if (_walGeneration == 0 && _sharedFile is { } file)
            _walGeneration = file.JoinWal();
    }

    /// <summary>Called whenever the SHARED lock is dropped (P12); the WAL snapshot of the cache is forgotten too, since
    /// without the lock the WAL and the file may change in ways the wal-index header does not show.</summary>
    private void LeaveSharedWal()
    {
        _haveCacheSnapshot = false;
        if (_walGeneration != 0)
        {
            _walGeneration = 0;
            _sharedFile?.LeaveWal();
        }
    }

    /// <summary>
    /// Moves the private cache from snapshot <see cref="_cacheSnapshot"/> to <paramref name="now"/> (P10), dropping
    /// only what may differ.
    /// </summary>
    /// <remarks>
    /// Why this is safe. Within one WAL epoch (one pair of salts) committed frames 1..mxFrame are never rewritten and
    /// the content of page P in the snapshot ending at frame M is a function of (epoch, M, P): the image of P's latest
    /// frame &lt;= M, or, without one, the content P had when the epoch began (a WAL restarts only when every frame is
    /// in the database file, and while any connection uses the WAL the database file changes only by checkpoints
    /// copying frames of this epoch no later than some reader's mark). Hence from M_old to M_new &gt;= M_old in the
    /// same epoch exactly the pages with a frame in (M_old, M_new] change, whatever nBackfill did meanwhile (it only
    /// says which of these identical images the pager reads from the file instead of the WAL; recovery rebuilds the
    /// same frames). Pages beyond a shrunk database size are dropped as well.
    /// Everything is dropped when: there is no previous snapshot (first read, after an error, after the SHARED lock
    /// was released); the salts changed (restart, reset, a new WAL); mxFrame went backwards; the page size changed;
    /// or the frame list could not be read reliably (read lock 0 racing a restart).
    /// </remarks>
    private void RevalidateWalCache(in WalIndexHeader now, bool geometryChanged)
    {
        var old = _cacheSnapshot;
        bool keep = _haveCacheSnapshot && !geometryChanged;
        if (keep && old != now)
        {
            keep = old.Salt1 == now.Salt1 && old.Salt2 == now.Salt2 && old.PageSizeField == now.PageSizeField
                && old.MaxFrame <= now.MaxFrame;
            if (keep)
            {
                _changedPages.Clear();
                keep = _wal!.CollectPagesOfFrames(old.MaxFrame, now.MaxFrame, _changedPages);
            }
            if (keep)
            {
                foreach (uint pageNumber in _changedPages)
                {
                    if (_cache.Find(pageNumber) is { } page)
                        _cache.Drop(page);
                }
                if (now.PageCount != 0 && (old.PageCount == 0 || now.PageCount < old.PageCount))
                    DropCachedPagesAfter(now.PageCount);
            }
        }
        if (!keep && (_cache.Count > 0 || geometryChanged))
            ResetCache(_pageSize);
        _cacheSnapshot = now;
        _haveCacheSnapshot = true;
    }

    private void DropCachedPagesAfter(uint pageCount)
    {
        foreach (var page in _cache.GetAllPages())
        {
            if (page.Number > pageCount)
                _cache.Drop(page);
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with page <paramref name="pageNumber"/> of the snapshot for a cache entry:
    /// from the shared cache when it has the image (P11), else from storage, adding the image to the shared cache.
    /// </summary>
    private void ReadPageForCache(uint pageNumber, byte[] destination)
    {
        if (!TrySharedKey(pageNumber, out var key, out uint frame))
        {
            _stats.StorageReads++;
            ReadPageFromStorage(pageNumber, destination);
            return;
        }
        if (SharedPageCache.TryCopy(key, destination))
        {
            _stats.SharedHits++;
            return;
        }
        _stats.StorageReads++;
        if (_wal is not null && _wal.SnapshotReadsFrame(frame))
            _wal.ReadFrame(frame, destination);
        else
            _db.Read(destination, (long)(pageNumber - 1) * _pageSize);
        SharedPageCache.Add(key, destination);
    }

    /// <summary>The shared-cache key of a page of this snapshot (P11); false when the page is not shared.</summary>
    private bool TrySharedKey(uint pageNumber, out SharedPageKey key, out uint frame)
    {
        key = default;
        frame = 0;
        if (_sharedFile is not { } file || _state is not (PagerState.Reader or PagerState.WriterLocked or PagerState.WriterCacheMod))
            return false;
        if (_wal is null)
        {
            // Rollback mode: every committing writer changes the change counter (P3) under EXCLUSIVE, so while this
            // pager holds SHARED the counter it read names the file's content. Pages past the end read as zeros.
            if (!_haveFileStamp || pageNumber > _filePageCount)
                return false;
            uint counter = BinaryPrimitives.ReadUInt32BigEndian(_fileStamp);
            uint size = BinaryPrimitives.ReadUInt32BigEndian(_fileStamp.AsSpan(4));
            key = new SharedPageKey(file.Id, -1, ((ulong)counter << 32) | size, uint.MaxValue, pageNumber, _pageSize);
            return true;
        }
        // WAL mode: (salts, latest frame of the page in the epoch) names the content (see RevalidateWalCache); frame 0
        // (content at the epoch's start) only within one continuous SHARED period of this process (P12) and for an
        // epoch with real salts (a wal-index recovered from a missing WAL has salts 0).
        if (_walGeneration == 0 || !_wal.InReadTransaction)
            return false;
        var header = _wal.Header;
        if ((header.Salt1 | header.Salt2) == 0 || (header.PageSize != 0 && header.PageSize != _pageSize))
            return false;
        if (!_wal.TryFindFrameInEpoch(pageNumber, out frame))
            return false;
        if (!_wal.SnapshotReadsFrame(frame) && pageNumber > _filePageCount)
            return false;
        key = new SharedPageKey(file.Id, _walGeneration, ((ulong)header.Salt1 << 32) | header.Salt2, frame, pageNumber, _pageSize);
        return true;
    }

    /// <summary>After a WAL commit: the committed pages are the images of their new frames; offer them to other
    /// connections (they are clean now) and record the published header as the cache's snapshot (P10).</summary>
    private void PublishWalCommit(List<Page> committed)
    {
        _cacheSnapshot = _wal!.Header;
        _haveCacheSnapshot = true;
        foreach (var page in committed)
        {
            if (TrySharedKey(page.Number, out var key, out _))
                SharedPageCache.Add(key, page.Data);
        }
    }
}
