using System.Data;
using MiniSql.Sql;

namespace MiniSql.Data;

/// <summary>Online backup (Microsoft.Data.Sqlite's BackupDatabase).</summary>
public sealed partial class MiniSqlConnection
{
    /// <summary>
    /// Replaces the contents of <paramref name="destination"/> with a copy of this database, page by page as
    /// sqlite3_backup does: a consistent snapshot of the source (read in one read transaction, so writers on other
    /// connections are not seen half-way) written to the destination in one write transaction that honours the
    /// destination's journal mode. The destination takes the source's page size when it is empty; otherwise the page
    /// sizes must match.
    /// </summary>
    /// <exception cref="InvalidOperationException">This connection is closed (a closed destination is opened for the copy).</exception>
    /// <exception cref="MiniSqlException">SQLITE_BUSY when a database stays locked for <see cref="DefaultTimeout"/>; SQLITE_ERROR when the destination
    /// has a pending transaction; SQLITE_READONLY for different page sizes or a read-only destination.</exception>
    public void BackupDatabase(MiniSqlConnection destination) => BackupDatabase(destination, "main", "main");

    /// <summary>Backs up database <paramref name="sourceName"/> into <paramref name="destinationName"/> (only "main").</summary>
    /// <exception cref="InvalidOperationException">Either connection is closed.</exception>
    /// <exception cref="MiniSqlException">As <see cref="BackupDatabase(MiniSqlConnection)"/>; SQLITE_ERROR for a name other than "main".</exception>
    public void BackupDatabase(MiniSqlConnection destination, string destinationName, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (_state != ConnectionState.Open) throw ProviderErrors.RequiresOpenConnection(nameof(BackupDatabase));
        if (!string.Equals(destinationName, "main", StringComparison.OrdinalIgnoreCase)) throw ProviderErrors.Create(ResultCode.Error, "unknown database " + destinationName);
        if (!string.Equals(sourceName, "main", StringComparison.OrdinalIgnoreCase)) throw ProviderErrors.Create(ResultCode.Error, "unknown database " + sourceName);
        // As Microsoft.Data.Sqlite: a closed destination is opened for the copy and closed again.
        bool close = destination.State != ConnectionState.Open;
        if (close) destination.Open();
        try
        {
            // A locked source or destination is retried with growing delays until DefaultTimeout, as commands retry
            // SQLITE_BUSY; a failed attempt leaves the destination unchanged (one write transaction).
            var timer = System.Diagnostics.Stopwatch.StartNew();
            int delay = 1;
            while (true)
            {
                try
                {
                    DatabaseBackup.Copy(Handle, destination.Handle);
                    break;
                }
                catch (MiniSqlException ex) when (ex.ResultCode is ResultCode.Busy or ResultCode.Locked &&
                                                  (DefaultTimeout == 0 || timer.ElapsedMilliseconds < DefaultTimeout * 1000L))
                {
                    Thread.Sleep(delay);
                    delay = Math.Min(delay * 2, 100);
                }
            }
        }
        catch (MiniSqlException ex)
        {
            throw ProviderErrors.Wrap(ex);
        }
        finally
        {
            if (close) destination.Close();
        }
    }
}
