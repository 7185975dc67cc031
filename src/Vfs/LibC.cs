using System.Runtime.InteropServices;

namespace MiniSql.Vfs;

/// <summary>
/// The few libc calls the OS VFS needs on unix: fsync/fdatasync, directory open/close and Linux open-file-description
/// (OFD) byte-range locks through fcntl. Callers guard Linux-only calls with <see cref="OperatingSystem.IsLinux"/>.
/// </summary>
internal static partial class LibC
{
    private const string Library = "libc";

    // fcntl commands (Linux, x86_64 and arm64).
    public const int FOfdGetLk = 36;   // F_OFD_GETLK
    public const int FOfdSetLk = 37;   // F_OFD_SETLK
    public const int FSetLk = 6;       // F_SETLK (classic per-process POSIX lock; tests only)
    public const int FGetLk = 5;       // F_GETLK

    // struct flock l_type values.
    public const short FRdLck = 0;
    public const short FWrLck = 1;
    public const short FUnLck = 2;

    // errno values (Linux).
    public const int EIntr = 4;
    public const int EAcces = 13;
    public const int EAgain = 11;
    public const int EInval = 22;
    public const int ENoSpc = 28;
    public const int EDQuot = 122;

    // open flags.
    public const int ORdOnly = 0;

    /// <summary>
    /// struct flock on Linux x86_64/arm64: short l_type; short l_whence; [4 pad] off_t l_start; off_t l_len;
    /// pid_t l_pid; [4 pad] — 32 bytes. Sequential layout with natural alignment reproduces the padding.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Flock
    {
        public short Type;      // l_type: F_RDLCK / F_WRLCK / F_UNLCK
        public short Whence;    // l_whence: SEEK_SET = 0
        public long Start;      // l_start
        public long Length;     // l_len
        public int Pid;         // l_pid: must be 0 for OFD requests
    }

    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    public static partial int FSync(int fd);

    [LibraryImport(Library, EntryPoint = "fdatasync", SetLastError = true)]
    public static partial int FDataSync(int fd);

    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int FcntlLock(int fd, int cmd, ref Flock flock);

    [LibraryImport(Library, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>
    /// Applies (or, with <see cref="FOfdGetLk"/>, probes) a lock of <paramref name="type"/> on bytes
    /// <paramref name="start"/>..+<paramref name="length"/>. Returns 0 on success or the errno.
    /// </summary>
    public static int Lock(int fd, int cmd, short type, long start, long length, out short foundType)
    {
        var fl = new Flock { Type = type, Whence = 0, Start = start, Length = length, Pid = 0 };
        int rc;
        int errno;
        do
        {
            rc = FcntlLock(fd, cmd, ref fl);
            errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (rc < 0 && errno == EIntr);
        foundType = fl.Type;
        return errno;
    }
}
