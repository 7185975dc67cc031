using Microsoft.Win32.SafeHandles;

namespace MiniSql.Vfs;

/// <summary>
/// Database lock ranges as Linux open-file-description (OFD) locks on one file descriptor. OFD locks belong to the
/// open file description, so two handles in one process exclude each other, and they conflict with the classic
/// POSIX fcntl locks real SQLite takes, so MiniSql and SQLite processes exclude each other. Owned by one file handle.
/// </summary>
internal sealed class OfdRangeLocker(SafeFileHandle handle) : IFileRangeLocker
{
    public bool TryLock(FileLockRange range, bool write)
    {
        var (start, length) = FileLockBytes.Of(range);
        return OfdLocks.TrySet(handle, write ? LibC.FWrLck : LibC.FRdLck, start, length, ResultCode.IoErrLock);
    }

    public void Unlock(FileLockRange range)
    {
        var (start, length) = FileLockBytes.Of(range);
        OfdLocks.TrySet(handle, LibC.FUnLck, start, length, ResultCode.IoErrUnlock);
    }

    public bool IsLockedByOther(FileLockRange range)
    {
        var (start, length) = FileLockBytes.Of(range);
        return OfdLocks.IsLockedByOther(handle, start, length, ResultCode.IoErrCheckReservedLock);
    }
}
