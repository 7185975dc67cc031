using MiniSql.Engine.Storage;
using MiniSql.Vfs;

namespace MiniSql.Engine.Tests.Wal;

/// <summary>A WAL file the pager creates has its directory synced once (not with synchronous=OFF), as SQLite does.</summary>
public sealed class PagerWalDirectorySyncTests
{
    [Theory]
    [InlineData(SynchronousMode.Full, 1)]
    [InlineData(SynchronousMode.Normal, 1)]
    [InlineData(SynchronousMode.Off, 0)]
    public void CreatingTheWalSyncsItsDirectoryOnce(SynchronousMode synchronous, long expected)
    {
        var vfs = new MemoryVfs(3);
        using (var setup = Pager.Open(vfs, "d.db", new PagerOptions { PageSize = 1024 }))
        {
            setup.JournalMode = JournalMode.Wal;
        }
        Assert.False(vfs.Exists("d.db-wal")); // the last close checkpointed and deleted it, though it was never read

        using var pager = Pager.Open(vfs, "d.db", new PagerOptions { PageSize = 1024, Synchronous = synchronous });
        long before = vfs.DirectorySyncCount;
        pager.BeginRead(); // header says WAL: creates the WAL file
        pager.EndRead();
        Assert.True(vfs.Exists("d.db-wal"));
        Assert.Equal(before + expected, vfs.DirectorySyncCount);
        pager.BeginRead(); // already open: no further sync
        pager.EndRead();
        Assert.Equal(before + expected, vfs.DirectorySyncCount);
    }
}
