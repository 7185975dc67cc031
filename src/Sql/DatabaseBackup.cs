// DatabaseBackup.cs — online backup by page copy (SQLite's backup API, sqlite3_backup_init/step(-1)/finish).
//
// The source is read inside one read transaction, so the copy is a consistent snapshot even while other
// connections write (they wait for the SHARED lock in rollback-journal mode, or keep appending to the WAL).
// The destination is rewritten inside one write transaction through its own pager, so its journal mode, locking
// and atomic commit apply as for any other write: a reader of the destination sees the old or the new database.
//
// After the pages are copied (page 1 included, so the destination takes the source's header), the destination
// header gets:
//   bytes 18..19  file format write/read version: 2 in WAL mode, else 1 (the destination's journal mode wins);
//   bytes 40..43  schema cookie: the destination's old cookie + 1, so every connection to it reloads the schema.
// The commit then sets the change counter, version-valid-for number and in-header size as usual (P3).
using MiniSql.Engine.Storage;

namespace MiniSql.Sql;

/// <summary>Copies one database into another page by page (sqlite3_backup). [Not thread-safe]: both connections must be idle.</summary>
public static class DatabaseBackup
{
    private const long PendingByte = 0x40000000;   // the lock-byte page holds this offset; it is never used
    private const int WriteVersionOffset = 18;     // 18 u8 file format write version
    private const int ReadVersionOffset = 19;      // 19 u8 file format read version

    /// <summary>
    /// Replaces the contents of <paramref name="destination"/> with the pages of <paramref name="source"/>.
    /// The page sizes must match unless the destination is still empty (then it takes the source's page size).
    /// </summary>
    /// <exception cref="MiniSqlException">SQLITE_BUSY when either database is locked; SQLITE_ERROR when the
    /// destination has an open transaction; SQLITE_READONLY when the page sizes differ and the destination is not
    /// empty (or is read-only); I/O errors.</exception>
    public static void Copy(Database source, Database destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (ReferenceEquals(source, destination)) ThrowHelper.Throw(ResultCode.Error, "source and destination must be distinct");
        if (!destination.IsAutocommit) ThrowHelper.Throw(ResultCode.Error, "destination database is in use");
        var from = source.Pager;
        var to = destination.Pager;

        int sourceDepth = source.BeginStatement(write: false);
        try
        {
            uint pageCount = from.PageCount;
            if (pageCount == 0) return;
            if (to.PageSize != from.PageSize && !to.TrySetPageSize(from.PageSize))
            {
                ThrowHelper.Throw(ResultCode.ReadOnly, "backup needs the same page size in source and destination unless the destination is empty");
            }
            int destinationDepth = destination.BeginStatement(write: true);
            bool success = false;
            try
            {
                if (to.PageSize != from.PageSize) ThrowHelper.Throw(ResultCode.ReadOnly, "backup needs the same page size in source and destination unless the destination is empty");
                uint oldCookie = to.PageCount > 0 ? to.SchemaCookie : 0;
                CopyPages(from, to, pageCount);
                if (to.PageCount > pageCount) to.TruncatePageCount(pageCount);
                var page1 = to.GetPage(1);
                try
                {
                    to.MarkWritable(page1);
                    byte version = to.JournalMode == JournalMode.Wal ? (byte)2 : (byte)1;
                    page1.Data[WriteVersionOffset] = version;
                    page1.Data[ReadVersionOffset] = version;
                }
                finally
                {
                    to.Release(page1);
                }
                to.SchemaCookie = oldCookie + 1;
                success = true;
            }
            finally
            {
                destination.EndStatement(destinationDepth, success, keepChanges: false, rollbackTransaction: false);
            }
        }
        finally
        {
            source.EndStatement(sourceDepth, success: true, keepChanges: false, rollbackTransaction: false);
        }
    }

    private static void CopyPages(Pager from, Pager to, uint pageCount)
    {
        uint lockBytePage = (uint)(PendingByte / from.PageSize) + 1;
        for (uint number = 1; number <= pageCount; number++)
        {
            if (number == lockBytePage) continue;
            Page target;
            if (number <= to.PageCount)
            {
                target = to.GetPage(number);
                to.MarkWritable(target);
            }
            else
            {
                target = to.AllocatePage();
            }
            try
            {
                if (target.Number != number) ThrowHelper.Throw(ResultCode.Internal, $"backup allocated page {target.Number} for page {number}");
                var page = from.GetPage(number);
                try
                {
                    page.Data.AsSpan(0, from.PageSize).CopyTo(target.Data);
                }
                finally
                {
                    from.Release(page);
                }
            }
            finally
            {
                to.Release(target);
            }
        }
    }
}
