using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MiniSql.Shell;

/// <summary>Describes a database's WAL file and wal-index for .wal by reading them directly (read-only). Stateless.</summary>
internal static class WalInspector
{
    // WAL header (walformat: big-endian u32s)
    private const int WalHeaderSize = 32;         // 0..31
    private const int PageSizeOffset = 8;         // 8..11
    private const int CheckpointSeqOffset = 12;   // 12..15 checkpoint sequence number
    private const int FrameHeaderSize = 24;
    // wal-index (-shm, native byte order): two 48-byte header copies, then the checkpoint info
    private const int MaxFrameOffset = 16;        // 16..19 mxFrame in the first header copy
    private const int BackfillOffset = 96;        // 96..99 nBackfill
    private const int ReadMarkOffset = 100;       // 100..119 aReadMark[5]
    private const int ReadMarkCount = 5;

    /// <summary>Text lines describing the WAL state of <paramref name="databaseFile"/>.</summary>
    public static string Describe(string databaseFile)
    {
        var sb = new StringBuilder();
        string wal = databaseFile + "-wal", shm = databaseFile + "-shm";
        if (!File.Exists(wal))
        {
            return "wal file: none (no frames)\n";
        }
        using (var f = new FileStream(wal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            var header = new byte[WalHeaderSize];
            int n = f.Read(header);
            if (n < WalHeaderSize)
            {
                sb.Append("wal file: ").Append(wal).Append(" (empty)\n");
            }
            else
            {
                uint pageSize = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(PageSizeOffset));
                uint checkpointSeq = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(CheckpointSeqOffset));
                long frames = pageSize == 0 ? 0 : (f.Length - WalHeaderSize) / (FrameHeaderSize + pageSize);
                sb.Append(Inv($"wal file: {wal}\nwal size: {f.Length} bytes\npage size: {pageSize}\nframes in file: {frames}\ncheckpoint sequence: {checkpointSeq}\n"));
            }
        }
        if (File.Exists(shm))
        {
            using var s = new FileStream(shm, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var index = new byte[ReadMarkOffset + 4 * ReadMarkCount];
            if (s.Read(index) == index.Length)
            {
                uint maxFrame = BitConverter.ToUInt32(index, MaxFrameOffset);
                uint backfill = BitConverter.ToUInt32(index, BackfillOffset);
                sb.Append(Inv($"valid frames (mxFrame): {maxFrame}\nlast checkpoint backfilled: {backfill} frames\nread marks:"));
                for (int i = 0; i < ReadMarkCount; i++)
                {
                    uint mark = BitConverter.ToUInt32(index, ReadMarkOffset + 4 * i);
                    sb.Append(' ').Append(mark == 0xFFFFFFFF ? "unused" : mark.ToString(CultureInfo.InvariantCulture));
                }
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
