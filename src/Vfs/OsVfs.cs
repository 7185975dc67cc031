// OsVfs.cs — the operating-system VFS (SQLite's "unix" VFS) over .NET file handles and a few libc calls.
//
// Error mapping (SQLite's result codes; messages use SQLite's wording):
//   open fails (missing, permission, directory) -> CantOpen "unable to open database file" (CantOpenIsDir for a directory)
//   read fails                                  -> IoErrRead          short read -> zero-filled, not an error
//   write fails with ENOSPC/EDQUOT              -> Full "database or disk is full"; other write errors -> IoErrWrite
//   truncate fails                              -> IoErrTruncate (Full for ENOSPC)
//   fsync/fdatasync fails                       -> IoErrFsync, never retried;  directory fsync -> IoErrDirFsync
//   delete of a missing file                    -> IoErrDeleteNoEnt; other delete errors -> IoErrDelete
//   fcntl lock errors other than EAGAIN/EACCES  -> IoErrLock / IoErrUnlock / IoErrCheckReservedLock / IoErrShmLock
// Locking: see FileLockProtocol (database file) and OsSharedMemory (-shm file).

using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace MiniSql.Vfs;

/// <summary>
/// The operating-system VFS (SQLite's "unix" VFS): real files with positional I/O, fsync/fdatasync, and SQLite's
/// byte-range locking protocol. On Linux the locks are open-file-description (OFD) fcntl locks, which conflict with
/// the POSIX locks of real SQLite processes and between handles of this process, and the "-shm" file is shared with
/// other processes exactly as SQLite's unix VFS shares it. On other systems locks and shm locks are kept in a
/// process-wide table, so they exclude connections of this process only. Thread-safe.
/// </summary>
/// <remarks>
/// Caveat shared with every POSIX-lock user: closing any descriptor of a file drops the classic POSIX locks that
/// real SQLite (in this same process) holds on it. Mixing MiniSql and SQLite on one file inside one process can
/// therefore weaken SQLite's locks; separate processes are unaffected.
/// </remarks>
public sealed class OsVfs : IVfs
{
    /// <summary>Sector size reported for every file: 4096, SQLite's default for unix (SQLITE_DEFAULT_SECTOR_SIZE).</summary>
    public const int DefaultSectorSize = 4096;

    /// <summary>A shared instance; the VFS holds no per-instance state.</summary>
    public static OsVfs Instance { get; } = new();

    /// <summary>Creates the VFS; it uses OFD locks on Linux and the process-wide lock table elsewhere.</summary>
    public OsVfs()
        : this(processLocalLocks: false)
    {
    }

    /// <summary>Creates the VFS; <paramref name="processLocalLocks"/> forces the process-wide lock table (tests of the non-Linux path).</summary>
    internal OsVfs(bool processLocalLocks) => UsesOfdLocks = OperatingSystem.IsLinux() && !processLocalLocks;

    /// <summary>True when locks are Linux OFD locks (cross-process); false when they are kept in a process-wide table.</summary>
    public bool UsesOfdLocks { get; }

    /// <inheritdoc />
    public string Name => "unix";

    /// <inheritdoc />
    public DateTime UtcNow => DateTime.UtcNow;

    /// <inheritdoc />
    public IVfsFile Open(string path, VfsFileKind kind, VfsOpenFlags flags)
    {
        ArgumentNullException.ThrowIfNull(path);
        string fullPath = FullPath(path);
        bool readOnly = (flags & VfsOpenFlags.ReadOnly) != 0;
        bool create = (flags & VfsOpenFlags.Create) != 0 && !readOnly;
        FileMode mode = !create ? FileMode.Open
            : (flags & VfsOpenFlags.Exclusive) != 0 ? FileMode.CreateNew
            : FileMode.OpenOrCreate;
        try
        {
            // FileShare.None would make .NET take flock() locks; we manage locking ourselves.
            var handle = File.OpenHandle(fullPath, mode, readOnly ? FileAccess.Read : FileAccess.ReadWrite,
                FileShare.ReadWrite | FileShare.Delete);
            return new OsFile(path, fullPath, handle, flags, UsesOfdLocks);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new MiniSqlException(Directory.Exists(fullPath) ? ResultCode.CantOpenIsDir : ResultCode.CantOpen,
                MiniSqlException.DefaultMessage(ResultCode.CantOpen), e);
        }
    }

    /// <inheritdoc />
    public void Delete(string path, bool syncDirectory)
    {
        string fullPath = FullPath(path);
        if (!File.Exists(fullPath))
            ThrowHelper.IoErr(ResultCode.IoErrDeleteNoEnt, "no such file: " + path);
        try
        {
            File.Delete(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowHelper.IoErr(ResultCode.IoErrDelete, e.Message, e);
        }
        if (syncDirectory)
            SyncDirectory(fullPath);
    }

    /// <inheritdoc />
    public bool Exists(string path) => File.Exists(path);

    /// <inheritdoc />
    public string FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new MiniSqlException(ResultCode.CantOpenFullPath, MiniSqlException.DefaultMessage(ResultCode.CantOpen), e);
        }
    }

    /// <inheritdoc />
    public void Randomness(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

    /// <summary>
    /// Opens the directory containing <paramref name="path"/> read-only and fsyncs it, so that a file created or
    /// deleted there survives power loss. A directory that cannot be opened is ignored, as SQLite does; a failed
    /// fsync throws SQLITE_IOERR_DIR_FSYNC unless the file system does not support it (EINVAL). No-op on Windows.
    /// </summary>
    public void SyncDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
            return;
        string? dir = Path.GetDirectoryName(FullPath(path));
        if (string.IsNullOrEmpty(dir))
            return;
        int fd = LibC.Open(dir, LibC.ORdOnly);
        if (fd < 0)
            return;
        try
        {
            if (LibC.FSync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EInval)
                    ThrowHelper.IoErr(ResultCode.IoErrDirFsync, $"directory fsync failed with errno {errno}");
            }
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <summary>True for ENOSPC/EDQUOT on unix and ERROR_DISK_FULL/ERROR_HANDLE_DISK_FULL on Windows.</summary>
    internal static bool IsDiskFull(IOException e)
    {
        int hr = e.HResult;
        if (OperatingSystem.IsWindows())
            return (hr & 0xFFFF) is 112 or 39;
        return hr is LibC.ENoSpc or LibC.EDQuot;
    }

    /// <summary>Deletes <paramref name="fullPath"/>, ignoring failures (delete-on-close, -shm cleanup).</summary>
    internal static void TryDelete(string fullPath)
    {
        try
        {
            File.Delete(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort, as SQLite's unlink of temporary files: a leftover file is harmless.
        }
    }

    /// <summary>Opens <paramref name="fullPath"/> for the shared memory, creating it if needed.</summary>
    internal static SafeFileHandle OpenShmHandle(string fullPath)
    {
        try
        {
            return File.OpenHandle(fullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MiniSqlException(ResultCode.IoErrShmOpen, "disk I/O error (cannot open " + fullPath + ")", e);
        }
    }
}
