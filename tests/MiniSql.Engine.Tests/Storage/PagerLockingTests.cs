using MiniSql.Engine.Storage;
using MiniSql.Vfs;
using static MiniSql.Engine.Tests.Storage.StorageTestFiles;

namespace MiniSql.Engine.Tests.Storage;

public class PagerLockingTests
{
    private readonly MemoryVfs _vfs = new(7);

    private Pager Open(Func<int, bool>? busy = null) => Pager.Open(_vfs, "lock.db", new PagerOptions { PageSize = 512, Busy = busy });

    private static void Touch(Pager pager, uint pageNumber, byte value)
    {
        var page = pager.GetPage(pageNumber);
        pager.MarkWritable(page);
        page.Data[0] = value;
        pager.Release(page);
    }

    [Fact]
    public void Second_writer_gets_busy_and_the_busy_handler_sees_each_retry()
    {
        using var a = Open();
        var retries = new List<int>();
        using var b = Open(r => { retries.Add(r); return r < 3; });
        CreateDatabase(a, 2, 0);
        a.BeginWrite();
        Assert.Equal(LockLevel.Reserved, a.LockLevel);

        var ex = Assert.Throws<MiniSqlException>(() => b.BeginWrite());
        Assert.Equal(ResultCode.Busy, ex.ResultCode);
        Assert.Equal("database is locked", ex.Message);
        Assert.True(ex.IsTransient);
        Assert.Equal([0, 1, 2, 3], retries);
        Assert.Equal(LockLevel.None, b.LockLevel);

        a.Commit();
        b.BeginWrite();
        Assert.True(b.InWriteTransaction);
        b.Rollback();
    }

    [Fact]
    public void Upgrading_a_read_transaction_does_not_wait()
    {
        using var a = Open();
        int calls = 0;
        using var b = Open(_ => { calls++; return true; });
        CreateDatabase(a, 2, 0);
        b.BeginRead();
        a.BeginWrite();
        Assert.Equal(ResultCode.Busy, Assert.Throws<MiniSqlException>(() => b.BeginWrite()).ResultCode);
        Assert.Equal(0, calls);
        Assert.Equal(PagerState.Reader, b.State);
        a.Rollback();
    }

    [Fact]
    public void Commit_waits_for_readers_through_the_busy_handler()
    {
        using var reader = Open();
        CreateDatabase(reader, 3, 0);
        reader.BeginRead();
        var retries = new List<int>();
        using var writer = Open(r =>
        {
            retries.Add(r);
            if (r == 2)
                reader.EndRead();
            return true;
        });
        writer.BeginWrite();
        Touch(writer, 2, 42);
        writer.Commit();
        Assert.Equal([0, 1, 2], retries);
        Assert.Equal(42, ReadAll(_vfs, "lock.db")[512]);
    }

    [Fact]
    public void Busy_commit_keeps_the_transaction_and_pending_lock_and_can_be_retried()
    {
        using var a = Open();
        using var reader = Open();
        using var newcomer = Open();
        CreateDatabase(a, 3, 0);
        reader.BeginRead();
        a.BeginWrite();
        Touch(a, 3, 9);
        Assert.Equal(ResultCode.Busy, Assert.Throws<MiniSqlException>(() => a.Commit()).ResultCode);
        Assert.True(a.InWriteTransaction);
        Assert.Equal(LockLevel.Pending, a.LockLevel);
        // PENDING keeps new readers out so the writer cannot starve.
        Assert.Equal(ResultCode.Busy, Assert.Throws<MiniSqlException>(() => newcomer.BeginRead()).ResultCode);

        reader.EndRead();
        a.Commit();
        Assert.Equal(2u, DatabaseHeader.Get(ReadAll(_vfs, "lock.db"), HeaderField.ChangeCounter));
        Assert.Equal(9, ReadAll(_vfs, "lock.db")[2 * 512]);
        newcomer.BeginRead();
        Assert.Equal(3u, newcomer.PageCount);
    }

    [Fact]
    public void Exclusive_write_transaction_keeps_readers_out()
    {
        using var a = Open();
        using var b = Open();
        CreateDatabase(a, 1, 0);
        a.BeginWrite(exclusive: true);
        Assert.Equal(LockLevel.Exclusive, a.LockLevel);
        Assert.Equal(ResultCode.Busy, Assert.Throws<MiniSqlException>(() => b.BeginRead()).ResultCode);
        a.Commit();
        b.BeginRead();
        Assert.Equal(LockLevel.Shared, b.LockLevel);
    }

    [Fact]
    public void Write_begun_in_a_read_transaction_returns_to_it()
    {
        using var a = Open();
        CreateDatabase(a, 1, 0);
        a.BeginRead();
        a.BeginWrite();
        a.UserVersion = 5;
        a.Commit();
        Assert.Equal(PagerState.Reader, a.State);
        Assert.Equal(LockLevel.Shared, a.LockLevel);
        Assert.Equal(5, a.UserVersion);
        a.EndRead();
        Assert.Equal(LockLevel.None, a.LockLevel);
    }
}
