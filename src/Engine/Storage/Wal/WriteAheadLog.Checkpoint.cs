using System.Buffers;
using MiniSql.Vfs;

namespace MiniSql.Engine.Storage.Wal;

// The checkpoint algorithm (see Checkpointer.cs for its invariants C1..C3).
public sealed partial class WriteAheadLog
{
    /// <summary>The checkpoint; called through <see cref="Checkpointer.Run"/>.</summary>
    internal CheckpointResult Checkpoint(CheckpointMode mode, Func<int, bool>? busy)
    {
        ThrowIfDisposed();
        if (_readLock >= 0)
            ThrowHelper.Throw(ResultCode.Misuse, "checkpoint inside a read transaction");
        if (!_index.TryLockExclusive(WalIndex.CheckpointLock))
            return new CheckpointResult(true, -1, -1);
        bool tookWriteLock = false;
        try
        {
            var effective = mode;
            if (mode != CheckpointMode.Passive)
            {
                if (LockWithBusy(WalIndex.WriteLock, 1, busy))
                {
                    _writeLock = true;
                    tookWriteLock = true;
                }
                else
                {
                    effective = CheckpointMode.Passive;
                    busy = null;
                }
            }
            else
            {
                busy = null;
            }

            bool changed = false;
            if (!TryTakeHeader(ref changed))
            {
                if (!_writeLock)
                {
                    if (!_index.TryLockExclusive(WalIndex.WriteLock))
                        return new CheckpointResult(true, -1, -1);
                    _writeLock = true;
                    tookWriteLock = true;
                }
                if (!TryTakeHeader(ref changed) && !Recover(holdingCheckpointLock: true))
                    return new CheckpointResult(true, -1, -1);
            }

            bool isBusy = !Backfill(effective, busy);
            if (effective != mode)
                isBusy = true;
            return new CheckpointResult(isBusy, (int)_header.MaxFrame, (int)_index.Backfill);
        }
        finally
        {
            if (tookWriteLock)
            {
                _writeLock = false;
                _index.UnlockExclusive(WalIndex.WriteLock);
            }
            _index.UnlockExclusive(WalIndex.CheckpointLock);
        }
    }

    // walCheckpoint: returns false for SQLITE_BUSY (the mode's goal was not reached).
    private bool Backfill(CheckpointMode mode, Func<int, bool>? busy)
    {
        int pageSize = _header.PageSize;
        uint maxFrame = _header.MaxFrame;
        if (_index.Backfill < maxFrame)
        {
            // C1: no frame beyond a read mark that a reader still holds.
            uint safeFrame = maxFrame;
            for (int i = 1; i < WalIndex.ReaderCount; i++)
            {
                uint mark = _index.GetReadMark(i);
                if (safeFrame > mark)
                {
                    if (LockWithBusy(WalIndex.ReadLock(i), 1, busy))
                    {
                        _index.SetReadMark(i, i == 1 ? safeFrame : WalIndex.ReadMarkNotUsed);
                        _index.UnlockExclusive(WalIndex.ReadLock(i));
                    }
                    else
                    {
                        safeFrame = mark;
                        busy = null;
                    }
                }
            }

            uint backfill = _index.Backfill;
            if (backfill < safeFrame && LockWithBusy(WalIndex.ReadLock(0), 1, busy))
            {
                try
                {
                    _index.BackfillAttempted = safeFrame;
                    CopyFrames(backfill, safeFrame, pageSize);
                    // C3: when every frame is in, the database shrinks to its committed size.
                    if (safeFrame == _index.ReadHeaderCopy(1).MaxFrame)
                        _db.Truncate((long)_header.PageCount * pageSize);
                    if (Synchronous != SynchronousMode.Off)
                        _db.Sync(VfsSyncFlags.Normal); // keeps C2
                    _index.Backfill = safeFrame;
                }
                finally
                {
                    _index.UnlockExclusive(WalIndex.ReadLock(0));
                }
            }
        }

        if (mode == CheckpointMode.Passive)
            return true;
        if (_index.Backfill < _header.MaxFrame)
            return false;
        if (mode >= CheckpointMode.Restart)
        {
            if (!LockWithBusy(WalIndex.ReadLock(1), WalIndex.ReaderCount - 1, busy))
                return false;
            try
            {
                if (mode == CheckpointMode.Truncate)
                {
                    ResetHeader();
                    _wal.Truncate(0);
                }
            }
            finally
            {
                _index.UnlockExclusive(WalIndex.ReadLock(1), WalIndex.ReaderCount - 1);
            }
        }
        return true;
    }

    // Copies, for each page, its latest frame in (backfill, mxFrame] when that frame is <= safeFrame (C1, C2).
    private void CopyFrames(uint backfill, uint safeFrame, int pageSize)
    {
        var latest = new Dictionary<uint, uint>();
        for (uint frame = backfill + 1; frame <= _header.MaxFrame; frame++)
            latest[_index.GetPageNumber(frame)] = frame;
        var pages = new List<uint>(latest.Keys);
        pages.Sort();

        if (Synchronous != SynchronousMode.Off)
            _wal.Sync(VfsSyncFlags.Normal);
        long required = (long)_header.PageCount * pageSize;
        long dbSize = _db.Size;
        if (dbSize < required && dbSize + 65536 + (long)_header.MaxFrame * pageSize < required)
            ThrowHelper.Corrupt($"WAL database size {_header.PageCount} pages is impossible");

        byte[] buffer = ArrayPool<byte>.Shared.Rent(pageSize);
        try
        {
            var span = buffer.AsSpan(0, pageSize);
            foreach (uint page in pages)
            {
                uint frame = latest[page];
                if (frame > safeFrame || page > _header.PageCount || page == 0)
                    continue;
                if (_wal.Read(span, WalFileHeader.FrameOffset(frame, pageSize) + WalFrameHeader.Size) != pageSize)
                    ThrowHelper.IoErr(ResultCode.IoErrShortRead, $"WAL frame {frame} is truncated");
                _db.Write(span, (long)(page - 1) * pageSize);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // walBusyLock: an exclusive lock, retried through the busy handler while it returns true.
    private bool LockWithBusy(int slot, int count, Func<int, bool>? busy)
    {
        for (int attempt = 0; ; attempt++)
        {
            if (_index.TryLockExclusive(slot, count))
                return true;
            if (busy is null || !busy(attempt))
                return false;
        }
    }
}
