using System.Buffers.Binary;
using MiniSql.Engine.Storage;
using MiniSql.Vfs;
using static MiniSql.Engine.Tests.Storage.StorageTestFiles;

namespace MiniSql.Engine.Tests.Storage;

public class PagerTests
{
    private readonly MemoryVfs _vfs = new(42);

    private Pager Open(PagerOptions? options = null) => Pager.Open(_vfs, "test.db", options);

    [Fact]
    public void New_database_stays_empty_until_the_first_commit()
    {
        using var pager = Open(new PagerOptions { PageSize = 1024 });
        pager.BeginRead();
        Assert.Equal(0u, pager.PageCount);
        Assert.Equal(0, pager.UserVersion);
        pager.EndRead();
        Assert.Empty(ReadAll(_vfs, "test.db"));

        pager.BeginWrite();
        Assert.Equal(1u, pager.PageCount);
        Assert.Empty(ReadAll(_vfs, "test.db"));
        pager.Commit();

        byte[] file = ReadAll(_vfs, "test.db");
        Assert.Equal(1024, file.Length);
        Assert.Equal((1024, 0), DatabaseHeader.Validate(file));
        Assert.Equal(1u, DatabaseHeader.Get(file, HeaderField.ChangeCounter));
        Assert.Equal(1u, DatabaseHeader.Get(file, HeaderField.VersionValidFor));
        Assert.Equal(1u, DatabaseHeader.Get(file, HeaderField.DatabaseSize));
        Assert.Equal(13, file[100]);
        Assert.False(_vfs.Exists("test.db-journal"));
        Assert.Equal(PagerState.Open, pager.State);
        Assert.Equal(LockLevel.None, pager.LockLevel);
    }

    [Fact]
    public void Commit_writes_pages_and_header_fields_that_a_new_pager_reads_back()
    {
        using (var pager = Open())
        {
            CreateDatabase(pager, 5, 3);
            pager.BeginWrite();
            pager.UserVersion = 77;
            pager.ApplicationId = -5;
            pager.SchemaCookie = 9;
            pager.Commit();
        }
        using var reader = Open();
        reader.BeginRead();
        Assert.Equal(5u, reader.PageCount);
        Assert.Equal(77, reader.UserVersion);
        Assert.Equal(-5, reader.ApplicationId);
        Assert.Equal(9u, reader.SchemaCookie);
        Assert.Equal(2u, reader.ChangeCounter);
        var page = reader.GetPage(4);
        var expected = new Page(4, new byte[4096]);
        Fill(expected, 3);
        Assert.Equal(expected.Data, page.Data);
        reader.Release(page);
        reader.EndRead();
        Assert.Equal(5 * 4096, ReadAll(_vfs, "test.db").Length);
    }

    [Fact]
    public void Rollback_restores_pages_and_page_count_without_touching_the_file()
    {
        using var pager = Open();
        CreateDatabase(pager, 4, 1);
        byte[] before = ReadAll(_vfs, "test.db");

        pager.BeginWrite();
        var page = pager.GetPage(2);
        pager.MarkWritable(page);
        page.Data[10] ^= 0xFF;
        var added = pager.AllocatePage();
        Assert.Equal(5u, added.Number);
        pager.Release(added);
        pager.UserVersion = 3;
        pager.Rollback();

        // The pinned page was re-read in place.
        Assert.Equal(before.AsSpan(4096, 4096).ToArray(), page.Data);
        pager.Release(page);
        Assert.Equal(before, ReadAll(_vfs, "test.db"));
        Assert.False(_vfs.Exists("test.db-journal"));
        pager.BeginRead();
        Assert.Equal(4u, pager.PageCount);
        Assert.Equal(0, pager.UserVersion);
        pager.EndRead();
    }

    [Fact]
    public void GetPage_rejects_page_0_and_pages_beyond_the_end()
    {
        using var pager = Open();
        CreateDatabase(pager, 3, 0);
        pager.BeginRead();
        var ex = Assert.Throws<MiniSqlException>(() => pager.GetPage(0));
        Assert.Equal(ResultCode.Corrupt, ex.ResultCode);
        Assert.Contains("page 0", ex.Message);
        ex = Assert.Throws<MiniSqlException>(() => pager.GetPage(4));
        Assert.Equal(ResultCode.Corrupt, ex.ResultCode);
        Assert.Contains("page 4", ex.Message);
        pager.EndRead();
        Assert.Equal(ResultCode.Misuse, Assert.Throws<MiniSqlException>(() => pager.GetPage(1)).ResultCode);
    }

    [Fact]
    public void Truncation_shrinks_the_file_and_rollback_of_a_shrink_restores_it()
    {
        using var pager = Open(new PagerOptions { PageSize = 512 });
        CreateDatabase(pager, 10, 5);
        byte[] before = ReadAll(_vfs, "test.db");

        pager.BeginWrite();
        pager.TruncatePageCount(4);
        Assert.Equal(ResultCode.Corrupt, Assert.Throws<MiniSqlException>(() => pager.GetPage(5)).ResultCode);
        pager.Rollback();
        Assert.Equal(before, ReadAll(_vfs, "test.db"));

        pager.BeginWrite();
        pager.TruncatePageCount(4);
        var page = pager.AllocatePage();
        Assert.Equal(5u, page.Number);
        Assert.All(page.Data, b => Assert.Equal(0, b));
        pager.Release(page);
        pager.Commit();
        byte[] after = ReadAll(_vfs, "test.db");
        Assert.Equal(5 * 512, after.Length);
        Assert.Equal(5u, DatabaseHeader.Get(after, HeaderField.DatabaseSize));
        Assert.Equal(before.AsSpan(512, 3 * 512).ToArray(), after.AsSpan(512, 3 * 512).ToArray());
    }

    [Fact]
    public void Empty_write_transaction_touches_no_file()
    {
        using var pager = Open();
        CreateDatabase(pager, 2, 0);
        byte[] before = ReadAll(_vfs, "test.db");
        long syncs = _vfs.GetSyncCount("test.db");
        pager.BeginWrite();
        pager.Commit();
        Assert.Equal(before, ReadAll(_vfs, "test.db"));
        Assert.Equal(syncs, _vfs.GetSyncCount("test.db"));
        Assert.False(_vfs.Exists("test.db-journal"));
    }

    [Fact]
    public void Another_connections_commit_invalidates_the_cache()
    {
        using var a = Open();
        using var b = Open();
        CreateDatabase(a, 3, 1);
        b.BeginRead();
        var page = b.GetPage(2);
        byte old = page.Data[0];
        b.Release(page);
        b.EndRead();

        a.BeginWrite();
        var p = a.GetPage(2);
        a.MarkWritable(p);
        p.Data[0] = (byte)(old + 1);
        a.Release(p);
        a.AllocatePage().Data[0] = 1;
        a.Commit();

        b.BeginRead();
        Assert.Equal(4u, b.PageCount);
        page = b.GetPage(2);
        Assert.Equal((byte)(old + 1), page.Data[0]);
        b.Release(page);
        b.EndRead();
    }

    [Fact]
    public void Read_only_pager_refuses_to_write()
    {
        using (var pager = Open())
            CreateDatabase(pager, 2, 0);
        using var ro = Open(new PagerOptions { ReadOnly = true });
        var ex = Assert.Throws<MiniSqlException>(() => ro.BeginWrite());
        Assert.Equal(ResultCode.ReadOnly, ex.ResultCode);
        ro.BeginRead();
        Assert.Equal(2u, ro.PageCount);
    }

    [Fact]
    public void Garbage_file_is_not_a_database()
    {
        WriteAll(_vfs, "test.db", new byte[1000].Select((_, i) => (byte)i).ToArray());
        var ex = Assert.Throws<MiniSqlException>(() => Open());
        Assert.Equal(ResultCode.NotADb, ex.ResultCode);
        Assert.Equal("file is not a database", ex.Message);
    }

    [Fact]
    public void Missing_file_without_create_cannot_be_opened()
    {
        var ex = Assert.Throws<MiniSqlException>(() => Open(new PagerOptions { Create = false }));
        Assert.Equal(ResultCode.CantOpen, ex.ResultCode);
    }

    [Fact]
    public void Size_comes_from_the_file_when_the_in_header_size_is_stale()
    {
        using (var pager = Open(new PagerOptions { PageSize = 1024 }))
            CreateDatabase(pager, 6, 2);
        byte[] file = ReadAll(_vfs, "test.db");
        // A legacy writer that did not maintain the size: version-valid-for no longer matches the change counter.
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(92), 12345);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(28), 2);
        WriteAll(_vfs, "test.db", file.AsSpan(0, 5 * 1024));
        using var reader = Open();
        reader.BeginRead();
        Assert.Equal(5u, reader.PageCount);
        Assert.Equal(1024, reader.PageSize);
    }

    [Fact]
    public void Page_size_65536_is_stored_as_1()
    {
        using (var pager = Open(new PagerOptions { PageSize = 65536 }))
            CreateDatabase(pager, 2, 0);
        byte[] file = ReadAll(_vfs, "test.db");
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(16)));
        using var reader = Open(new PagerOptions { PageSize = 512 });
        reader.BeginRead();
        Assert.Equal(65536, reader.PageSize);
        Assert.Equal(2u, reader.PageCount);
    }

    [Fact]
    public void Reserved_bytes_reduce_the_usable_size()
    {
        using var pager = Open(new PagerOptions { PageSize = 1024, ReservedBytes = 24 });
        CreateDatabase(pager, 1, 0);
        Assert.Equal(1000, pager.UsableSize);
        Assert.Equal(24, ReadAll(_vfs, "test.db")[20]);
    }

    [Theory]
    [InlineData(JournalMode.Delete)]
    [InlineData(JournalMode.Truncate)]
    [InlineData(JournalMode.Persist)]
    [InlineData(JournalMode.Memory)]
    [InlineData(JournalMode.Off)]
    public void Every_journal_mode_commits_and_rolls_back(JournalMode mode)
    {
        using var pager = Open(new PagerOptions { JournalMode = mode, PageSize = 512 });
        CreateDatabase(pager, 4, 1);
        byte[] before = ReadAll(_vfs, "test.db");
        pager.BeginWrite();
        var p = pager.GetPage(3);
        pager.MarkWritable(p);
        p.Data[0] = 99;
        pager.Release(p);
        pager.Rollback();
        Assert.Equal(before, ReadAll(_vfs, "test.db"));

        pager.BeginWrite();
        p = pager.GetPage(3);
        pager.MarkWritable(p);
        p.Data[0] = 99;
        pager.Release(p);
        pager.Commit();
        Assert.Equal(99, ReadAll(_vfs, "test.db")[2 * 512]);

        switch (mode)
        {
            case JournalMode.Truncate:
                Assert.Empty(ReadAll(_vfs, "test.db-journal"));
                break;
            case JournalMode.Persist:
                byte[] journal = ReadAll(_vfs, "test.db-journal");
                Assert.True(journal.Length > 28);
                Assert.All(journal[..28], b => Assert.Equal(0, b));
                break;
            default:
                Assert.False(_vfs.Exists("test.db-journal"));
                break;
        }
    }

    [Fact]
    public void Synchronous_full_syncs_the_journal_twice_and_normal_once()
    {
        foreach (var (mode, expected) in new[] { (SynchronousMode.Full, 2L), (SynchronousMode.Normal, 1L), (SynchronousMode.Off, 0L) })
        {
            var vfs = new MemoryVfs(1);
            using var pager = Pager.Open(vfs, "s.db", new PagerOptions { Synchronous = mode, JournalMode = JournalMode.Persist });
            pager.BeginWrite();
            pager.Commit();
            Assert.Equal(expected == 0 ? 0 : 1, vfs.GetSyncCount("s.db"));
            // Persist: header zeroed and synced afterwards (not with OFF).
            Assert.Equal(expected == 0 ? 0 : expected + 1, vfs.GetSyncCount("s.db-journal"));
            Assert.Equal(expected == 0 ? 0 : 1, vfs.DirectorySyncCount);
        }
    }

    [Fact]
    public void Header_setters_require_a_write_transaction()
    {
        using var pager = Open();
        CreateDatabase(pager, 1, 0);
        pager.BeginRead();
        Assert.Equal(ResultCode.Misuse, Assert.Throws<MiniSqlException>(() => pager.UserVersion = 1).ResultCode);
        pager.EndRead();
        Assert.Equal(ResultCode.Misuse, Assert.Throws<MiniSqlException>(() => pager.GetHeaderField((HeaderField)75)).ResultCode);
    }

    [Fact]
    public void Each_commit_increments_the_change_counter_once()
    {
        using var pager = Open();
        for (int i = 1; i <= 3; i++)
        {
            pager.BeginWrite();
            pager.UserVersion = i;
            pager.UserVersion = i + 10;
            pager.Commit();
            byte[] file = ReadAll(_vfs, "test.db");
            Assert.Equal((uint)i, DatabaseHeader.Get(file, HeaderField.ChangeCounter));
            Assert.Equal((uint)i, DatabaseHeader.Get(file, HeaderField.VersionValidFor));
        }
    }
}

public class PagerLifecycleTests
{
    private readonly MemoryVfs _vfs = new(8);

    [Fact]
    public void Dispose_rolls_back_an_open_write_transaction_and_releases_locks()
    {
        using (var setup = Pager.Open(_vfs, "l.db"))
            CreateDatabase(setup, 3, 1);
        byte[] before = ReadAll(_vfs, "l.db");
        var pager = Pager.Open(_vfs, "l.db");
        pager.BeginWrite();
        var page = pager.GetPage(2);
        pager.MarkWritable(page);
        page.Data[0] ^= 1;
        pager.Dispose();
        Assert.Equal(before, ReadAll(_vfs, "l.db"));
        Assert.False(_vfs.Exists("l.db-journal"));
        using var other = Pager.Open(_vfs, "l.db");
        other.BeginWrite(exclusive: true);
        other.Rollback();
        Assert.Throws<ObjectDisposedException>(() => pager.BeginRead());
    }

    [Fact]
    public void Leaving_persist_mode_deletes_the_leftover_journal()
    {
        using var pager = Pager.Open(_vfs, "l.db", new PagerOptions { JournalMode = JournalMode.Persist });
        CreateDatabase(pager, 2, 0);
        Assert.True(_vfs.Exists("l.db-journal"));
        pager.JournalMode = JournalMode.Delete;
        Assert.False(_vfs.Exists("l.db-journal"));
        // As SQLite: a write transaction may switch rollback modes until it changes a page, not after.
        pager.BeginWrite();
        pager.JournalMode = JournalMode.Truncate;
        var page = pager.GetPage(1);
        pager.MarkWritable(page);
        pager.Release(page);
        Assert.Equal(ResultCode.Error, Assert.Throws<MiniSqlException>(() => pager.JournalMode = JournalMode.Off).ResultCode);
        Assert.Equal(JournalMode.Truncate, pager.JournalMode);
        pager.Rollback();
    }

    [Fact]
    public void Page_size_can_change_only_while_the_database_is_empty()
    {
        using var pager = Pager.Open(_vfs, "l.db");
        Assert.True(pager.TrySetPageSize(2048));
        Assert.False(pager.TrySetPageSize(1000));
        CreateDatabase(pager, 2, 0);
        Assert.Equal(2 * 2048, ReadAll(_vfs, "l.db").Length);
        Assert.False(pager.TrySetPageSize(1024));
        Assert.Equal(2048, pager.PageSize);
    }

    [Fact]
    public void Another_connection_recovers_after_a_writer_failed_mid_commit()
    {
        var fault = new FaultInjectingVfs(_vfs);
        using (var setup = Pager.Open(fault, "l.db"))
            CreateDatabase(setup, 4, 1);
        byte[] before = ReadAll(_vfs, "l.db");
        var writer = Pager.Open(fault, "l.db");
        using var other = Pager.Open(fault, "l.db");
        writer.BeginWrite();
        var page = writer.GetPage(3);
        writer.MarkWritable(page);
        page.Data[9] ^= 0xFF;
        writer.Release(page);
        writer.Release(writer.AllocatePage());
        fault.FailAfter(FaultKind.Sync, 3, ResultCode.IoErrFsync); // journal, journal, database
        Assert.Equal(ResultCode.IoErrFsync, Assert.Throws<MiniSqlException>(() => writer.Commit()).ExtendedResultCode);
        Assert.NotEqual(before, ReadAll(_vfs, "l.db"));
        // The failed writer still holds EXCLUSIVE: nobody reads the half-written file.
        Assert.Equal(ResultCode.Busy, Assert.Throws<MiniSqlException>(() => other.BeginRead()).ResultCode);
        writer.Rollback();
        other.BeginRead();
        Assert.Equal(4u, other.PageCount);
        other.EndRead();
        Assert.Equal(before, ReadAll(_vfs, "l.db"));
        Assert.False(_vfs.Exists("l.db-journal"));
        writer.Dispose();
    }
}
