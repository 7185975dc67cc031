using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MiniSql.TestWorker;

/// <summary>Classic per-process POSIX byte-range locks (fcntl F_SETLK) as SQLite's unix VFS takes them. Linux only.</summary>
internal static partial class PosixLocks
{
    public const short ReadLock = 0;   // F_RDLCK
    public const short WriteLock = 1;  // F_WRLCK
    public const short Unlock = 2;     // F_UNLCK
    private const int SetLock = 6;     // F_SETLK

    /// <summary>Sets or clears a lock on [start, start + length) without waiting; "ok" or "err errno N".</summary>
    public static string Set(SafeFileHandle file, short type, long start, long length)
    {
        var request = new Flock { Type = type, Whence = 0, Start = start, Length = length };
        int rc = Fcntl((int)file.DangerousGetHandle(), SetLock, ref request);
        return rc == 0 ? "ok" : "err errno " + Marshal.GetLastPInvokeError();
    }

    /// <summary>struct flock on Linux x86_64/arm64 (32 bytes with natural padding).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Flock
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int cmd, ref Flock flock);
}
