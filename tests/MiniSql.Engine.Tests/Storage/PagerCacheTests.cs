using MiniSql.Engine.Storage;
using MiniSql.Vfs;
using static MiniSql.Engine.Tests.Storage.StorageTestFiles;

namespace MiniSql.Engine.Tests.Storage;

public class PagerCacheTests
{
    private readonly MemoryVfs _vfs = new(3);

    [Fact]
    public void Tiny_cache_evicts_least_recently_used_clean_pages()
    {
        using var pager = Pager.Open(_vfs, "c.db", new PagerOptions { PageSize = 512, CacheSize = 2 });
        CreateDatabase(pager, 12, 4);
        pager.BeginRead();
        var expected = new Page(0, new byte[512]);
        for (uint n = 2; n <= 12; n++)
        {
            var page = pager.GetPage(n);
            var model = new Page(n, new byte[512]);
            Fill(model, 4);
            Assert.Equal(model.Data, page.Data);
            pager.Release(page);
            Assert.True(pager.CachedPageCount <= 2, $"cache holds {pager.CachedPageCount} pages");
        }
        // The two most recently used pages are still cached: getting them again returns the same objects.
        var p12 = pager.GetPage(12);
        var p11 = pager.GetPage(11);
        Assert.Same(p12, pager.GetPage(12));
        pager.Release(p12);
        pager.Release(p12);
        pager.Release(p11);
        pager.EndRead();
    }

    [Fact]
    public void Pinned_and_dirty_pages_are_never_evicted()
    {
        using var pager = Pager.Open(_vfs, "c.db", new PagerOptions { PageSize = 512, CacheSize = 1 });
        CreateDatabase(pager, 8, 1);
        pager.BeginWrite();
        var pinned = new List<Page>();
        for (uint n = 2; n <= 5; n++)
            pinned.Add(pager.GetPage(n));
        Assert.Equal(4, pager.CachedPageCount);
        for (uint n = 6; n <= 8; n++)
        {
            var page = pager.GetPage(n);
            pager.MarkWritable(page);
            page.Data[0] = (byte)(100 + n);
            pager.Release(page);
        }
        Assert.Equal(7, pager.CachedPageCount);
        foreach (var page in pinned)
            pager.Release(page);
        Assert.True(pager.CachedPageCount >= 3);
        pager.Commit();
        Assert.True(pager.CachedPageCount <= 1);
        byte[] file = ReadAll(_vfs, "c.db");
        for (uint n = 6; n <= 8; n++)
            Assert.Equal((byte)(100 + n), file[(n - 1) * 512]);
    }

    [Fact]
    public void Negative_cache_size_is_kibibytes()
    {
        using var pager = Pager.Open(_vfs, "c.db", new PagerOptions { PageSize = 512, CacheSize = -1 });
        CreateDatabase(pager, 10, 0);
        pager.BeginRead();
        for (uint n = 1; n <= 10; n++)
            pager.Release(pager.GetPage(n));
        Assert.Equal(2, pager.CachedPageCount);
        pager.CacheSize = 5;
        for (uint n = 1; n <= 10; n++)
            pager.Release(pager.GetPage(n));
        Assert.Equal(5, pager.CachedPageCount);
        pager.CacheSize = 0;
        Assert.Equal(0, pager.CachedPageCount);
    }

    [Fact]
    public void Releasing_more_often_than_getting_is_misuse()
    {
        using var pager = Pager.Open(_vfs, "c.db");
        CreateDatabase(pager, 1, 0);
        pager.BeginRead();
        var page = pager.GetPage(1);
        pager.Release(page);
        Assert.Equal(ResultCode.Misuse, Assert.Throws<MiniSqlException>(() => pager.Release(page)).ResultCode);
    }
}
