using MiniSql.Engine.Storage.Wal;

namespace MiniSql.OracleTests.Wal;

/// <summary>
/// The committed content of a WAL file, parsed independently of the wal-index: header, the page number of each frame
/// up to the last valid commit frame, and the running checksum there.
/// </summary>
internal sealed class WalFileModel
{
    public required WalFileHeader Header { get; init; }

    public required List<uint> FramePages { get; init; }

    public uint MaxFrame => (uint)FramePages.Count;

    public uint DatabaseSize { get; init; }

    public uint Checksum1 { get; init; }

    public uint Checksum2 { get; init; }

    public static WalFileModel Parse(byte[] wal)
    {
        Assert.True(WalFileHeader.TryRead(wal, out var header), "WAL header is invalid");
        int frameSize = WalFrameHeader.Size + header.PageSize;
        uint s0 = header.Checksum1, s1 = header.Checksum2;
        var pages = new List<uint>();
        int committed = 0;
        uint dbSize = 0, c0 = s0, c1 = s1;
        for (long offset = WalFileHeader.Size; offset + frameSize <= wal.Length; offset += frameSize)
        {
            var frame = wal.AsSpan((int)offset, frameSize);
            if (!WalFrameHeader.Validate(frame[..WalFrameHeader.Size], frame[WalFrameHeader.Size..], header.Salt1, header.Salt2,
                    header.BigEndianChecksum, ref s0, ref s1))
                break;
            var fh = WalFrameHeader.Read(frame);
            pages.Add(fh.PageNumber);
            if (fh.IsCommit)
            {
                committed = pages.Count;
                dbSize = fh.CommitSize;
                (c0, c1) = (s0, s1);
            }
        }
        return new WalFileModel
        {
            Header = header,
            FramePages = pages.GetRange(0, committed),
            DatabaseSize = dbSize,
            Checksum1 = c0,
            Checksum2 = c1,
        };
    }

    /// <summary>The latest frame of each page.</summary>
    public Dictionary<uint, uint> LatestFrames()
    {
        var latest = new Dictionary<uint, uint>();
        for (int i = 0; i < FramePages.Count; i++)
            latest[FramePages[i]] = (uint)(i + 1);
        return latest;
    }
}
