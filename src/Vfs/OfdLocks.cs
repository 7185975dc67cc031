using Microsoft.Win32.SafeHandles;

namespace MiniSql.Vfs;

/// <summary>Non-blocking Linux OFD byte-range lock requests (fcntl F_OFD_SETLK / F_OFD_GETLK) with errno mapping.</summary>
internal static class OfdLocks
{
    /// <summary>Sets a lock of <paramref name="type"/> (read, write or unlock); false when another lock conflicts.</summary>
    public static bool TrySet(SafeFileHandle handle, short type, long start, long length, ResultCode errorCode)
    {
        int errno = Call(handle, LibC.FOfdSetLk, type, start, length, out _);
        if (errno == 0)
            return true;
        if (errno is LibC.EAgain or LibC.EAcces)
            return false;
        ThrowHelper.IoErr(errorCode, $"fcntl(F_OFD_SETLK) failed with errno {errno}");
        return false;
    }

    /// <summary>True when some other lock (another description, or a classic POSIX lock) conflicts with a write lock.</summary>
    public static bool IsLockedByOther(SafeFileHandle handle, long start, long length, ResultCode errorCode)
    {
        int errno = Call(handle, LibC.FOfdGetLk, LibC.FWrLck, start, length, out short found);
        if (errno != 0)
            ThrowHelper.IoErr(errorCode, $"fcntl(F_OFD_GETLK) failed with errno {errno}");
        return found != LibC.FUnLck;
    }

    private static int Call(SafeFileHandle handle, int cmd, short type, long start, long length, out short found)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return LibC.Lock((int)handle.DangerousGetHandle(), cmd, type, start, length, out found);
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }
}
