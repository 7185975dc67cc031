using System.Buffers;
using System.Buffers.Binary;
using MiniSql.Vfs;

namespace MiniSql.Engine.Storage.Wal;

// Write transactions: WAL_WRITE_LOCK, WAL restart, frame append and header publication (walformat 2.3, wal.html).
public sealed partial class WriteAheadLog
{
    /// <summary>
    /// Begins a write transaction (walBeginWriteTransaction): takes WAL_WRITE_LOCK; the snapshot must be the latest
    /// (keeps W3). Requires an open read transaction.
    /// </summary>
    /// <exception cref="MiniSqlException">SQLITE_BUSY when another connection writes; SQLITE_BUSY_SNAPSHOT when another
    /// connection committed after this read transaction began (end it and start again).</exception>
    public void BeginWriteTransaction()
    {
        RequireReader();
        if (_writeLock)
            return;
        if (!_index.TryLockExclusive(WalIndex.WriteLock))
            ThrowHelper.Busy();
        _writeLock = true;
        if (!_index.HeaderEquals(_header))
        {
            _writeLock = false;
            _index.UnlockExclusive(WalIndex.WriteLock);
            ThrowHelper.Busy(ResultCode.BusySnapshot);
        }
    }

    /// <summary>
    /// Ends the write transaction (commit done, or rollback): removes wal-index entries of frames that were not
    /// committed and releases WAL_WRITE_LOCK (sqlite3WalEndWriteTransaction with sqlite3WalUndo's cleanup).
    /// </summary>
    public void EndWriteTransaction()
    {
        if (!_writeLock)
            return;
        try
        {
            _index.RemoveFramesAfter(_header.MaxFrame);
        }
        finally
        {
            _writeLock = false;
            _index.UnlockExclusive(WalIndex.WriteLock);
        }
    }

    /// <summary>
    /// Appends one committed transaction (walFrames): a frame per page of <paramref name="pages"/> (pages beyond
    /// <paramref name="commitDatabaseSize"/> are skipped), the last one a commit frame carrying the database size in
    /// pages. Restarts the WAL first when possible (W5), writes a new WAL header when the WAL is empty, syncs per
    /// <see cref="Synchronous"/>, then updates the hash tables and publishes the header (W4).
    /// </summary>
    /// <exception cref="MiniSqlException">SQLITE_MISUSE without the write lock or for inconsistent page sizes;
    /// I/O errors from the WAL file (the wal-index is then unchanged).</exception>
    public void AppendTransaction(IReadOnlyList<Page> pages, uint commitDatabaseSize)
    {
        ArgumentNullException.ThrowIfNull(pages);
        if (!_writeLock)
            ThrowHelper.Throw(ResultCode.Misuse, "WAL append without the write lock");
        if (commitDatabaseSize == 0)
            ThrowHelper.Throw(ResultCode.Misuse, "commit without a database size");
        int count = 0;
        int pageSize = 0;
        foreach (var page in pages)
        {
            if (page.Number == 0 || page.Number > commitDatabaseSize)
                continue;
            if (pageSize == 0)
                pageSize = page.Data.Length;
            else if (page.Data.Length != pageSize)
                ThrowHelper.Throw(ResultCode.Misuse, "pages of different sizes in one WAL transaction");
            count++;
        }
        if (count == 0)
            ThrowHelper.Throw(ResultCode.Misuse, "WAL commit without pages");
        if (pageSize is < 512 or > 65536 || (pageSize & (pageSize - 1)) != 0)
            ThrowHelper.Throw(ResultCode.Misuse, $"invalid page size {pageSize}");

        RestartLogIfPossible();
        if (_header.MaxFrame != 0 && _header.PageSize != pageSize)
            ThrowHelper.Corrupt($"WAL page size {_header.PageSize} differs from database page size {pageSize}");

        var header = _header;
        bool newLog = header.MaxFrame == 0;
        if (newLog)
            header = WriteWalHeader(header, pageSize);

        bool bigEndian = header.BigEndianChecksum != 0;
        uint s0 = header.FrameChecksum1, s1 = header.FrameChecksum2;
        uint frame = header.MaxFrame;
        int frameSize = WalFrameHeader.Size + pageSize;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(frameSize);
        var frames = new uint[count];
        try
        {
            var span = buffer.AsSpan(0, frameSize);
            int written = 0;
            foreach (var page in pages)
            {
                if (page.Number == 0 || page.Number > commitDatabaseSize)
                    continue;
                written++;
                uint commit = written == count ? commitDatabaseSize : 0;
                WalFrameHeader.Encode(span, page.Number, commit, header.Salt1, header.Salt2, page.Data, bigEndian, ref s0, ref s1);
                page.Data.CopyTo(span[WalFrameHeader.Size..]);
                frame++;
                _wal.Write(span, WalFileHeader.FrameOffset(frame, pageSize));
                frames[written - 1] = page.Number;
            }

            bool syncCommit = Synchronous >= SynchronousMode.Full;
            if (syncCommit && (_wal.Characteristics & DeviceCharacteristics.PowersafeOverwrite) == 0)
            {
                // Without powersafe overwrite a later write to the same sector could damage the commit frame:
                // repeat the commit frame up to the next sector boundary (walWriteToLog padding).
                long end = WalFileHeader.FrameOffset(frame + 1, pageSize);
                long sector = _wal.SectorSize;
                long target = (end + sector - 1) / sector * sector;
                uint lastPage = frames[^1];
                for (; end < target; end += frameSize)
                {
                    WalFrameHeader.Encode(span, lastPage, commitDatabaseSize, header.Salt1, header.Salt2, span[WalFrameHeader.Size..], bigEndian, ref s0, ref s1);
                    frame++;
                    _wal.Write(span, WalFileHeader.FrameOffset(frame, pageSize));
                    Array.Resize(ref frames, frames.Length + 1);
                    frames[^1] = lastPage;
                }
            }
            if (syncCommit)
                _wal.Sync(VfsSyncFlags.Normal);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (newLog && JournalSizeLimit >= 0)
        {
            long limit = Math.Max(JournalSizeLimit, WalFileHeader.FrameOffset(frame + 1, pageSize));
            if (_wal.Size > limit)
                _wal.Truncate(limit);
        }

        uint first = header.MaxFrame + 1;
        for (int i = 0; i < frames.Length; i++)
            _index.AppendFrame(first + (uint)i, frames[i]);
        _header = _index.WriteHeader(header with
        {
            Change = header.Change + 1,
            MaxFrame = frame,
            PageCount = commitDatabaseSize,
            FrameChecksum1 = s0,
            FrameChecksum2 = s1,
            PageSizeField = WalIndexHeader.EncodePageSize(pageSize),
        });
    }

    /// <summary>
    /// Writes the WAL header for an empty log (frame 1 comes next): checkpoint sequence and salt-1 continue from the
    /// previous header on disk (+1), salt-2 is random; a WAL without a valid header gets random salts. Synced unless
    /// synchronous is OFF. Returns the snapshot header updated with salts, checksum order and the running checksum.
    /// </summary>
    private WalIndexHeader WriteWalHeader(WalIndexHeader header, int pageSize)
    {
        Span<byte> buf = stackalloc byte[WalFileHeader.Size];
        Span<byte> random = stackalloc byte[8];
        _vfs.Randomness(random);
        uint salt1 = BinaryPrimitives.ReadUInt32BigEndian(random);
        uint salt2 = BinaryPrimitives.ReadUInt32BigEndian(random[4..]);
        uint sequence = 0;
        if (_wal.Read(buf, 0) == WalFileHeader.Size && WalFileHeader.TryRead(buf, out var old))
        {
            salt1 = old.Salt1 + 1;
            sequence = old.CheckpointSequence + 1;
        }
        var fileHeader = WalFileHeader.Create(pageSize, sequence, salt1, salt2);
        fileHeader.Write(buf);
        _wal.Write(buf, 0);
        if (Synchronous != SynchronousMode.Off && (_wal.Characteristics & DeviceCharacteristics.Sequential) == 0)
            _wal.Sync(VfsSyncFlags.Normal);
        return header with
        {
            BigEndianChecksum = fileHeader.BigEndianChecksum ? (byte)1 : (byte)0,
            Salt1 = fileHeader.Salt1,
            Salt2 = fileHeader.Salt2,
            FrameChecksum1 = fileHeader.Checksum1,
            FrameChecksum2 = fileHeader.Checksum2,
            PageSizeField = WalIndexHeader.EncodePageSize(pageSize),
        };
    }

    /// <summary>
    /// walRestartLog: a writer whose snapshot is the database file alone (read lock 0) restarts a fully checkpointed
    /// WAL when no reader uses it (keeps W5), then moves to a WAL read mark so its own commit is protected.
    /// </summary>
    private void RestartLogIfPossible()
    {
        if (_readLock != 0)
            return;
        if (_index.Backfill > 0 && _index.TryLockExclusive(WalIndex.ReadLock(1), WalIndex.ReaderCount - 1))
        {
            try
            {
                ResetHeader();
            }
            finally
            {
                _index.UnlockExclusive(WalIndex.ReadLock(1), WalIndex.ReaderCount - 1);
            }
        }
        _index.UnlockShared(WalIndex.ReadLock(0));
        _readLock = -1;
        bool changed = false;
        for (int attempt = 0; ; attempt++)
        {
            if (TryBeginRead(ref changed, useWal: true))
                return;
            Backoff(attempt);
        }
    }

    /// <summary>
    /// walRestartHdr: mxFrame = 0 with salt-1 + 1 and a new salt-2, nBackfill = 0, read mark 1 = 0, marks 2..4 unused.
    /// Caller holds WAL_WRITE_LOCK and read locks 1..4 exclusively (or is the only user).
    /// </summary>
    internal void ResetHeader()
    {
        Span<byte> random = stackalloc byte[4];
        _vfs.Randomness(random);
        _header = _index.WriteHeader(_header with
        {
            MaxFrame = 0,
            Salt1 = _header.Salt1 + 1,
            Salt2 = BinaryPrimitives.ReadUInt32BigEndian(random),
        });
        _index.Backfill = 0;
        _index.BackfillAttempted = 0;
        _index.SetReadMark(1, 0);
        for (int i = 2; i < WalIndex.ReaderCount; i++)
            _index.SetReadMark(i, WalIndex.ReadMarkNotUsed);
    }
}
