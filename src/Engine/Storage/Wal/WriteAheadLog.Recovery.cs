using System.Buffers;

namespace MiniSql.Engine.Storage.Wal;

// Recovery (walIndexRecover): rebuild the wal-index from the WAL file when the header in shared memory is invalid,
// e.g. after the last connection crashed or the -shm file was reset.
public sealed partial class WriteAheadLog
{
    /// <summary>
    /// Rebuilds the wal-index from the WAL file (keeps W6). Caller holds WAL_WRITE_LOCK. Takes WAL_CKPT_LOCK and
    /// WAL_RECOVER_LOCK exclusively (only RECOVER when <paramref name="holdingCheckpointLock"/>); returns false when
    /// they are busy. Frames are accepted while their salts match the WAL header and the checksum chain holds; the
    /// log ends at the last valid commit frame. An invalid WAL header means an empty log.
    /// </summary>
    /// <exception cref="MiniSqlException">SQLITE_CANTOPEN for an unknown WAL format version.</exception>
    internal bool Recover(bool holdingCheckpointLock = false)
    {
        int firstLock = holdingCheckpointLock ? WalIndex.RecoverLock : WalIndex.CheckpointLock;
        int lockCount = WalIndex.RecoverLock - firstLock + 1;
        if (!_index.TryLockExclusive(firstLock, lockCount))
            return false;
        try
        {
            _index.MapRegion(0, extend: true);
            var header = default(WalIndexHeader);
            long size = _wal.Size;
            Span<byte> buf = stackalloc byte[WalFileHeader.Size];
            if (size > WalFileHeader.Size && _wal.Read(buf, 0) == WalFileHeader.Size && WalFileHeader.TryRead(buf, out var fileHeader))
            {
                if (fileHeader.FormatVersion != WalFileHeader.Version)
                    ThrowHelper.Throw(ResultCode.CantOpen, "unable to open database file (unknown WAL format version)");
                header = ScanFrames(fileHeader, size);
            }
            _header = _index.WriteHeader(header);
            _index.Backfill = 0;
            _index.BackfillAttempted = _header.MaxFrame;
            _index.SetReadMark(0, 0);
            for (int i = 1; i < WalIndex.ReaderCount; i++)
            {
                if (_index.TryLockExclusive(WalIndex.ReadLock(i)))
                {
                    _index.SetReadMark(i, i == 1 && _header.MaxFrame > 0 ? _header.MaxFrame : WalIndex.ReadMarkNotUsed);
                    _index.UnlockExclusive(WalIndex.ReadLock(i));
                }
            }
            return true;
        }
        finally
        {
            _index.UnlockExclusive(firstLock, lockCount);
        }
    }

    // Reads every whole frame after the header, indexing valid ones; returns the header for the last commit frame.
    private WalIndexHeader ScanFrames(WalFileHeader fileHeader, long size)
    {
        int pageSize = fileHeader.PageSize;
        bool bigEndian = fileHeader.BigEndianChecksum;
        var header = new WalIndexHeader
        {
            BigEndianChecksum = bigEndian ? (byte)1 : (byte)0,
            PageSizeField = WalIndexHeader.EncodePageSize(pageSize),
            Salt1 = fileHeader.Salt1,
            Salt2 = fileHeader.Salt2,
            FrameChecksum1 = fileHeader.Checksum1,
            FrameChecksum2 = fileHeader.Checksum2,
        };
        uint s0 = fileHeader.Checksum1, s1 = fileHeader.Checksum2;
        int frameSize = WalFrameHeader.Size + pageSize;
        long lastFrame = Math.Min((size - WalFileHeader.Size) / frameSize, uint.MaxValue - 1);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(frameSize);
        try
        {
            var span = buffer.AsSpan(0, frameSize);
            for (uint frame = 1; frame <= lastFrame; frame++)
            {
                if (_wal.Read(span, WalFileHeader.FrameOffset(frame, pageSize)) != frameSize)
                    break;
                if (!WalFrameHeader.Validate(span[..WalFrameHeader.Size], span[WalFrameHeader.Size..],
                        fileHeader.Salt1, fileHeader.Salt2, bigEndian, ref s0, ref s1))
                    break; // a torn or stale tail ends the log
                var frameHeader = WalFrameHeader.Read(span);
                _index.AppendFrame(frame, frameHeader.PageNumber);
                if (frameHeader.IsCommit)
                {
                    header = header with
                    {
                        MaxFrame = frame,
                        PageCount = frameHeader.CommitSize,
                        FrameChecksum1 = s0,
                        FrameChecksum2 = s1,
                    };
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        _index.RemoveFramesAfter(header.MaxFrame);
        return header;
    }
}
