using Microsoft.Data.Sqlite;
using MiniSql.Vfs;
using SQLitePCL;

namespace MiniSql.OracleTests;

/// <summary>
/// Real SQLite (Microsoft.Data.Sqlite, same process, its own descriptor with classic POSIX locks) and
/// <see cref="OsVfs"/> (OFD locks) exclude each other on the same database file. SQL is run with
/// sqlite3_exec so that BUSY comes back at once instead of being retried by the provider.
/// Our handle is closed only while SQLite holds no lock: closing any descriptor of a file drops the
/// process's classic POSIX locks on it (see <see cref="OsVfs"/> remarks).
/// </summary>
public sealed class VfsLockInteropTests : IDisposable
{
    private const int SqliteBusy = 5;
    private readonly string _dir;
    private readonly string _path;
    private readonly SqliteConnection _sqlite;

    public VfsLockInteropTests()
    {
        _dir = Path.Combine(Path.GetTempPath(), "minisql-lock-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _path = Path.Combine(_dir, "interop.db");
        _sqlite = new SqliteConnection($"Data Source={_path};Pooling=False");
        _sqlite.Open();
        Assert.Equal(0, raw.sqlite3_busy_timeout(_sqlite.Handle, 0));
        Assert.Equal(0, Exec("CREATE TABLE t(x); INSERT INTO t VALUES(1);"));
    }

    public void Dispose()
    {
        _sqlite.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void SqliteWriteTransactionMakesOurReservedBusy()
    {
        Assert.Equal(0, Exec("BEGIN IMMEDIATE"));
        using var f = OsVfs.Instance.Open(_path, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
        Assert.True(f.TryLock(LockLevel.Shared));
        Assert.True(f.CheckReservedLock());
        Assert.False(f.TryLock(LockLevel.Reserved));
        Assert.Equal(LockLevel.Shared, f.Lock);
        // SQLite's COMMIT needs EXCLUSIVE, which our SHARED lock blocks.
        Assert.Equal(SqliteBusy, Exec("COMMIT"));
        f.Unlock(LockLevel.None);
        Assert.Equal(0, Exec("COMMIT"));
        Assert.True(f.TryLock(LockLevel.Shared));
        Assert.False(f.CheckReservedLock());
        Assert.True(f.TryLock(LockLevel.Reserved));
        Assert.True(f.TryLock(LockLevel.Exclusive));
        f.Unlock(LockLevel.None);
    }

    [Fact]
    public void OurLocksMakeSqliteBusy()
    {
        using var f = OsVfs.Instance.Open(_path, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
        Assert.True(f.TryLock(LockLevel.Shared));
        Assert.True(f.TryLock(LockLevel.Reserved));
        Assert.Equal(SqliteBusy, Exec("BEGIN IMMEDIATE"));
        Assert.Equal(0, Exec("SELECT * FROM t")); // readers coexist with RESERVED
        Assert.True(f.TryLock(LockLevel.Exclusive));
        Assert.Equal(SqliteBusy, Exec("SELECT * FROM t"));
        f.Unlock(LockLevel.Shared);
        Assert.Equal(0, Exec("SELECT * FROM t"));
        Assert.Equal(0, Exec("BEGIN IMMEDIATE"));
        Assert.Equal(SqliteBusy, Exec("COMMIT")); // we still read
        f.Unlock(LockLevel.None);
        Assert.Equal(0, Exec("INSERT INTO t VALUES(2); COMMIT"));
    }

    [Fact]
    public void SqliteExclusiveTransactionBlocksOurShared()
    {
        Assert.Equal(0, Exec("BEGIN EXCLUSIVE"));
        using var f = OsVfs.Instance.Open(_path, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite);
        Assert.False(f.TryLock(LockLevel.Shared));
        Assert.Equal(LockLevel.None, f.Lock);
        Assert.Equal(0, Exec("COMMIT"));
        Assert.True(f.TryLock(LockLevel.Shared));
        f.Unlock(LockLevel.None);
    }

    private int Exec(string sql) => raw.sqlite3_exec(_sqlite.Handle, sql);
}
