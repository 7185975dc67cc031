// WalIndex.cs — the wal-index: SQLite's shared-memory ("-shm") layout, read and written in place (walformat 2).
//
// The wal-index is NATIVE byte order by design (it is never copied between machines); fields are read and written
// through pointers into the mapped 32 KiB regions. Layout of region 0:
//   offset size  meaning
//   0      48    WalIndexHdr, copy 1 (read first)
//   48     48    WalIndexHdr, copy 2 (written first)
//   96     4     nBackfill: frames 1..nBackfill have been copied into the database file
//   100    20    aReadMark[0..4]: read marks; 0xffffffff = unused
//   120    8     aLock: the bytes the unix VFS locks for the eight lock slots (never read or written here)
//   128    4     nBackfillAttempted: frames a checkpoint has tried to copy
//   132    4     notUsed0
//   136    16248 aPgno[0..4061]: page number of frames 1..4062
//   16384  16384 aHash[0..8191]: u16 hash table, value = index into aPgno + 1 (0 = empty slot)
// Region k >= 1: aPgno[0..4095] for frames 4063 + (k-1)*4096 .. at offset 0, aHash at 16384.
// Hash of a page number: (pgno * 383) & 8191; collisions probe the next slot (wrapping). For one page number the
// probe sequence visits its frames in increasing order, so the last match is the latest frame.
//
// Lock slots (xShmLock): 0 WAL_WRITE_LOCK, 1 WAL_CKPT_LOCK, 2 WAL_RECOVER_LOCK, 3+i WAL_READ_LOCK(i), i = 0..4.
//
// Header protocol: a writer seals the header (isInit = 1, checksum), writes copy 2, issues a memory barrier, then
// writes copy 1. A reader reads copy 1, barrier, copy 2; the header is valid only when both copies are equal,
// isInit is set and the checksum matches. Otherwise the reader retries or runs recovery.

using System.Diagnostics;
using MiniSql.Vfs;

namespace MiniSql.Engine.Storage.Wal;

/// <summary>
/// The wal-index in shared memory (SQLite's -shm): header copies, checkpoint info, read marks, page-number arrays and
/// hash tables, plus the shm lock slots. Owned by one <see cref="WriteAheadLog"/>; not thread-safe. Does not own the
/// <see cref="IVfsSharedMemory"/>.
/// </summary>
public sealed unsafe class WalIndex
{
    /// <summary>Size of one shm region (WALINDEX_PGSZ).</summary>
    public const int RegionSize = 32768;

    public const int Header1Offset = 0;              // 0..47    WalIndexHdr copy 1
    public const int Header2Offset = 48;             // 48..95   WalIndexHdr copy 2
    public const int BackfillOffset = 96;            // 96..99   nBackfill
    public const int ReadMarkOffset = 100;           // 100..119 aReadMark[5]
    public const int LockAreaOffset = 120;           // 120..127 aLock[8]
    public const int BackfillAttemptedOffset = 128;  // 128..131 nBackfillAttempted
    public const int NotUsedOffset = 132;            // 132..135 notUsed0

    /// <summary>Bytes before the first page-number array (WALINDEX_HDR_SIZE).</summary>
    public const int HeaderSize = 136;

    /// <summary>Page numbers per region after region 0 (HASHTABLE_NPAGE).</summary>
    public const int FramesPerRegion = 4096;

    /// <summary>Page numbers in region 0 (HASHTABLE_NPAGE_ONE).</summary>
    public const int FramesInFirstRegion = FramesPerRegion - HeaderSize / sizeof(uint); // 4062

    /// <summary>Hash slots per region (HASHTABLE_NSLOT).</summary>
    public const int HashSlots = 8192;

    /// <summary>Offset of the hash table in every region.</summary>
    public const int HashTableOffset = FramesPerRegion * sizeof(uint); // 16384

    /// <summary>Number of read marks (WAL_NREADER).</summary>
    public const int ReaderCount = 5;

    /// <summary>A read mark no reader uses (READMARK_NOT_USED).</summary>
    public const uint ReadMarkNotUsed = 0xffffffff;

    public const int WriteLock = 0;       // WAL_WRITE_LOCK
    public const int CheckpointLock = 1;  // WAL_CKPT_LOCK
    public const int RecoverLock = 2;     // WAL_RECOVER_LOCK

    /// <summary>Lock slot of read mark <paramref name="i"/> (WAL_READ_LOCK(i)).</summary>
    public static int ReadLock(int i) => 3 + i;

    private readonly IVfsSharedMemory _shm;
    private readonly List<IntPtr> _regions = [];

    /// <summary>Creates the wal-index over <paramref name="shm"/>.</summary>
    public WalIndex(IVfsSharedMemory shm) => _shm = shm;

    /// <summary>The shared memory this index lives in.</summary>
    public IVfsSharedMemory SharedMemory => _shm;

    /// <summary>Hash slot of a page number: (pgno * 383) &amp; 8191.</summary>
    public static int HashKey(uint pageNumber) => (int)((pageNumber * 383u) & (HashSlots - 1));

    /// <summary>The region holding <paramref name="frame"/> and the frame number just before that region's first.</summary>
    public static (int Region, uint Zero) Locate(uint frame)
    {
        Debug.Assert(frame > 0);
        if (frame <= FramesInFirstRegion)
            return (0, 0);
        int region = (int)((frame - FramesInFirstRegion - 1) / FramesPerRegion) + 1;
        return (region, (uint)(FramesInFirstRegion + (region - 1) * FramesPerRegion));
    }

    /// <summary>
    /// Pointer to region <paramref name="region"/>, or null when it does not exist and <paramref name="extend"/> is
    /// false. Mappings are cached until <see cref="ForgetMappings"/>.
    /// </summary>
    public byte* Region(int region, bool extend)
    {
        if (region < _regions.Count && _regions[region] != IntPtr.Zero)
            return (byte*)_regions[region];
        IntPtr p = _shm.MapRegion(region, RegionSize, extend);
        if (p == IntPtr.Zero)
            return null;
        while (_regions.Count <= region)
            _regions.Add(IntPtr.Zero);
        _regions[region] = p;
        return (byte*)p;
    }

    /// <summary>True when region <paramref name="region"/> exists (it is created when <paramref name="extend"/>).</summary>
    public bool MapRegion(int region, bool extend) => Region(region, extend) is not null;

    /// <summary>Drops cached region pointers (after the shared memory was unmapped).</summary>
    public void ForgetMappings() => _regions.Clear();

    // ---- header -------------------------------------------------------------------------------------------

    /// <summary>
    /// Reads the header by the reader protocol (copy 1, barrier, copy 2). Returns false when region 0 does not exist,
    /// the copies differ, isInit is 0 or the checksum is wrong (walIndexTryHdr).
    /// </summary>
    public bool TryReadHeader(out WalIndexHeader header)
    {
        header = default;
        byte* p = Region(0, extend: false);
        if (p is null)
            return false;
        Span<byte> h1 = stackalloc byte[WalIndexHeader.Size];
        Span<byte> h2 = stackalloc byte[WalIndexHeader.Size];
        new ReadOnlySpan<byte>(p + Header1Offset, WalIndexHeader.Size).CopyTo(h1);
        _shm.Barrier();
        new ReadOnlySpan<byte>(p + Header2Offset, WalIndexHeader.Size).CopyTo(h2);
        if (!h1.SequenceEqual(h2) || h1[WalIndexHeader.IsInitOffset] == 0 || !WalIndexHeader.HasValidChecksum(h1))
            return false;
        header = WalIndexHeader.Read(h1);
        return true;
    }

    /// <summary>Reads copy <paramref name="copy"/> (1 or 2) of the header as it is, without validation.</summary>
    public WalIndexHeader ReadHeaderCopy(int copy)
    {
        byte* p = Region(0, extend: false);
        if (p is null)
            return default;
        return WalIndexHeader.Read(new ReadOnlySpan<byte>(p + (copy == 1 ? Header1Offset : Header2Offset), WalIndexHeader.Size));
    }

    /// <summary>True when copy 1 of the live header equals <paramref name="header"/> (SQLite's memcmp check).</summary>
    public bool HeaderEquals(in WalIndexHeader header)
    {
        byte* p = Region(0, extend: false);
        return p is not null && WalIndexHeader.Read(new ReadOnlySpan<byte>(p + Header1Offset, WalIndexHeader.Size)) == header;
    }

    /// <summary>
    /// Seals <paramref name="header"/> (isInit, version, checksum) and publishes it by the writer protocol: copy 2,
    /// barrier, copy 1. Returns the sealed header. Caller holds WAL_WRITE_LOCK (or is recovering).
    /// </summary>
    public WalIndexHeader WriteHeader(WalIndexHeader header)
    {
        var sealedHeader = header.Sealed();
        byte* p = Region(0, extend: true);
        sealedHeader.Write(new Span<byte>(p + Header2Offset, WalIndexHeader.Size));
        _shm.Barrier();
        sealedHeader.Write(new Span<byte>(p + Header1Offset, WalIndexHeader.Size));
        return sealedHeader;
    }

    // ---- checkpoint info ----------------------------------------------------------------------------------

    /// <summary>nBackfill: number of WAL frames already copied into the database file.</summary>
    public uint Backfill
    {
        get => Load(BackfillOffset);
        set => Store(BackfillOffset, value);
    }

    /// <summary>nBackfillAttempted: frames a checkpoint has attempted to copy.</summary>
    public uint BackfillAttempted
    {
        get => Load(BackfillAttemptedOffset);
        set => Store(BackfillAttemptedOffset, value);
    }

    /// <summary>aReadMark[<paramref name="i"/>].</summary>
    public uint GetReadMark(int i) => Load(ReadMarkOffset + 4 * i);

    /// <summary>Sets aReadMark[<paramref name="i"/>]; caller holds WAL_READ_LOCK(i) exclusively (or is recovering).</summary>
    public void SetReadMark(int i, uint value) => Store(ReadMarkOffset + 4 * i, value);

    private uint Load(int offset)
    {
        byte* p = Region(0, extend: true);
        return Volatile.Read(ref *(uint*)(p + offset));
    }

    private void Store(int offset, uint value)
    {
        byte* p = Region(0, extend: true);
        Volatile.Write(ref *(uint*)(p + offset), value);
    }

    // ---- page-number arrays and hash tables -------------------------------------------------------------

    /// <summary>
    /// Records that <paramref name="frame"/> holds <paramref name="pageNumber"/> (walIndexAppend). The first frame of a
    /// region clears that region's array and hash table; stale entries left by a rolled-back writer are removed.
    /// Caller holds WAL_WRITE_LOCK.
    /// </summary>
    public void AppendFrame(uint frame, uint pageNumber)
    {
        var (region, zero) = Locate(frame);
        byte* p = Region(region, extend: true);
        uint* pages = PageArray(p, region);
        ushort* hash = (ushort*)(p + HashTableOffset);
        int idx = (int)(frame - zero);
        if (idx == 1)
            new Span<byte>(pages, (int)(p + RegionSize - (byte*)pages)).Clear();
        if (pages[idx - 1] != 0)
            RemoveFramesAfter(frame - 1);
        pages[idx - 1] = pageNumber;
        int key = HashKey(pageNumber);
        for (int collisions = 0; hash[key] != 0; key = (key + 1) & (HashSlots - 1))
        {
            if (++collisions > idx)
                ThrowHelper.Corrupt($"wal-index hash table of region {region} is full");
        }
        hash[key] = (ushort)idx;
    }

    /// <summary>
    /// Removes entries for frames after <paramref name="maxFrame"/> from the region holding maxFrame (walCleanupHash),
    /// so a rolled-back transaction's frames are never found. Later regions are cleared when first appended to.
    /// </summary>
    public void RemoveFramesAfter(uint maxFrame)
    {
        if (maxFrame == 0)
            return;
        var (region, zero) = Locate(maxFrame);
        byte* p = Region(region, extend: false);
        if (p is null)
            return;
        uint* pages = PageArray(p, region);
        ushort* hash = (ushort*)(p + HashTableOffset);
        int limit = (int)(maxFrame - zero);
        for (int i = 0; i < HashSlots; i++)
        {
            if (hash[i] > limit)
                hash[i] = 0;
        }
        int capacity = region == 0 ? FramesInFirstRegion : FramesPerRegion;
        new Span<uint>(pages + limit, capacity - limit).Clear();
    }

    /// <summary>Page number stored for <paramref name="frame"/> (0 when the region does not exist).</summary>
    public uint GetPageNumber(uint frame)
    {
        var (region, zero) = Locate(frame);
        byte* p = Region(region, extend: false);
        return p is null ? 0 : PageArray(p, region)[frame - zero - 1];
    }

    /// <summary>
    /// The latest frame in <paramref name="minFrame"/>..<paramref name="maxFrame"/> that holds
    /// <paramref name="pageNumber"/>, or 0 (walFindFrame). Searches regions from the newest to the oldest.
    /// </summary>
    public uint FindFrame(uint pageNumber, uint minFrame, uint maxFrame)
    {
        if (maxFrame == 0 || minFrame > maxFrame)
            return 0;
        minFrame = Math.Max(minFrame, 1);
        int first = Locate(minFrame).Region;
        for (int region = Locate(maxFrame).Region; region >= first; region--)
        {
            byte* p = Region(region, extend: false);
            if (p is null)
                continue;
            uint zero = region == 0 ? 0 : (uint)(FramesInFirstRegion + (region - 1) * FramesPerRegion);
            int capacity = region == 0 ? FramesInFirstRegion : FramesPerRegion;
            uint* pages = PageArray(p, region);
            ushort* hash = (ushort*)(p + HashTableOffset);
            uint found = 0;
            int probes = 0;
            for (int key = HashKey(pageNumber); hash[key] != 0; key = (key + 1) & (HashSlots - 1))
            {
                int h = hash[key];
                if (h > capacity)
                    ThrowHelper.Corrupt($"wal-index hash entry {h} out of range in region {region}");
                uint frame = zero + (uint)h;
                if (frame <= maxFrame && frame >= minFrame && pages[h - 1] == pageNumber)
                    found = frame;
                if (++probes > HashSlots)
                    ThrowHelper.Corrupt($"wal-index hash table of region {region} has no empty slot");
            }
            if (found != 0)
                return found;
        }
        return 0;
    }

    private static uint* PageArray(byte* region, int index) => (uint*)(index == 0 ? region + HeaderSize : region);

    // ---- locks --------------------------------------------------------------------------------------------

    /// <summary>Takes a shared lock on slot <paramref name="slot"/>; false when busy.</summary>
    public bool TryLockShared(int slot) => _shm.Lock(slot, 1, ShmLockFlags.Lock | ShmLockFlags.Shared);

    /// <summary>Takes exclusive locks on slots <paramref name="slot"/>..+count-1 (all or nothing); false when busy.</summary>
    public bool TryLockExclusive(int slot, int count = 1) => _shm.Lock(slot, count, ShmLockFlags.Lock | ShmLockFlags.Exclusive);

    /// <summary>Releases a shared lock on slot <paramref name="slot"/>.</summary>
    public void UnlockShared(int slot) => _shm.Lock(slot, 1, ShmLockFlags.Unlock | ShmLockFlags.Shared);

    /// <summary>Releases exclusive locks on slots <paramref name="slot"/>..+count-1.</summary>
    public void UnlockExclusive(int slot, int count = 1) => _shm.Lock(slot, count, ShmLockFlags.Unlock | ShmLockFlags.Exclusive);
}
