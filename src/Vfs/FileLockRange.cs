namespace MiniSql.Vfs;

/// <summary>
/// The three byte ranges of SQLite's database-file locking protocol (locking page at 1 GiB; see "File Locking
/// And Concurrency In SQLite Version 3" and the unix VFS notes).
/// </summary>
internal enum FileLockRange
{
    /// <summary>PENDING byte, offset 0x40000000, length 1.</summary>
    Pending,

    /// <summary>RESERVED byte, offset 0x40000001, length 1.</summary>
    Reserved,

    /// <summary>SHARED range, offset 0x40000002, length 510.</summary>
    Shared,
}

/// <summary>Byte offsets of the lock ranges in the database file.</summary>
internal static class FileLockBytes
{
    public const long PendingByte = 0x40000000;           // 1 byte
    public const long ReservedByte = PendingByte + 1;     // 1 byte
    public const long SharedFirst = PendingByte + 2;      // 510 bytes
    public const long SharedSize = 510;

    /// <summary>Offset and length of <paramref name="range"/>.</summary>
    public static (long Start, long Length) Of(FileLockRange range) => range switch
    {
        FileLockRange.Pending => (PendingByte, 1),
        FileLockRange.Reserved => (ReservedByte, 1),
        _ => (SharedFirst, SharedSize),
    };
}
