using MiniSql.Engine.Storage;
using MiniSql.Vfs;
using static MiniSql.Engine.Tests.Storage.StorageTestFiles;

namespace MiniSql.Engine.Tests.Storage;

public class PagerSavepointTests
{
    private const int PageSize = 512;

    private static void Set(Pager pager, uint pageNumber, byte value)
    {
        var page = pager.GetPage(pageNumber);
        pager.MarkWritable(page);
        page.Data[200] = value;
        pager.Release(page);
    }

    private static byte Get(Pager pager, uint pageNumber)
    {
        var page = pager.GetPage(pageNumber);
        byte value = page.Data[200];
        pager.Release(page);
        return value;
    }

    [Theory]
    [InlineData(JournalMode.Delete)]
    [InlineData(JournalMode.Memory)]
    [InlineData(JournalMode.Off)]
    public void Nested_savepoints_restore_pages_and_page_count(JournalMode mode)
    {
        var vfs = new MemoryVfs(5);
        using var pager = Pager.Open(vfs, "s.db", new PagerOptions { PageSize = PageSize, JournalMode = mode });
        CreateDatabase(pager, 4, 0);
        pager.BeginWrite();
        Set(pager, 2, 1);
        int sp1 = pager.OpenSavepoint();
        Set(pager, 2, 2);
        Set(pager, 3, 2);
        pager.Release(pager.AllocatePage());
        int sp2 = pager.OpenSavepoint();
        Assert.Equal((1, 2), (sp1, sp2));
        Set(pager, 2, 3);
        Set(pager, 5, 3);
        pager.Release(pager.AllocatePage());
        Assert.Equal(6u, pager.PageCount);

        pager.RollbackToSavepoint(sp2);
        Assert.Equal(5u, pager.PageCount);
        Assert.Equal((2, 2, 0), (Get(pager, 2), Get(pager, 3), Get(pager, 5)));
        Assert.Equal(2, pager.SavepointCount);

        Set(pager, 4, 4);
        pager.RollbackToSavepoint(sp1);
        Assert.Equal(1, pager.SavepointCount);
        Assert.Equal(4u, pager.PageCount);
        Assert.Equal((1, (byte)123), (Get(pager, 2), Get(pager, 3))); // 123 = original fill (200 * 7 + 3) mod 256

        Set(pager, 3, 9);
        pager.ReleaseSavepoint(sp1);
        Assert.Equal(0, pager.SavepointCount);
        pager.Commit();
        byte[] file = ReadAll(vfs, "s.db");
        Assert.Equal(4 * PageSize, file.Length);
        Assert.Equal(1, file[PageSize + 200]);
        Assert.Equal(9, file[2 * PageSize + 200]);
    }

    [Fact]
    public void Savepoint_rollback_undoes_a_truncation()
    {
        var vfs = new MemoryVfs(5);
        using var pager = Pager.Open(vfs, "s.db", new PagerOptions { PageSize = PageSize });
        CreateDatabase(pager, 8, 0);
        pager.BeginWrite();
        Set(pager, 7, 70);
        int sp1 = pager.OpenSavepoint();
        pager.TruncatePageCount(5);
        int sp2 = pager.OpenSavepoint();
        var reused = pager.AllocatePage();
        Assert.Equal(6u, reused.Number);
        reused.Data[200] = 66;
        pager.Release(reused);
        pager.RollbackToSavepoint(sp2);
        Assert.Equal(5u, pager.PageCount);
        pager.RollbackToSavepoint(sp1);
        Assert.Equal(8u, pager.PageCount);
        Assert.Equal(70, Get(pager, 7));
        Assert.NotEqual(66, Get(pager, 6));
        pager.Commit();
        byte[] file = ReadAll(vfs, "s.db");
        Assert.Equal(8 * PageSize, file.Length);
        Assert.Equal(70, file[6 * PageSize + 200]);
    }

    [Fact]
    public void Savepoint_depth_must_be_open()
    {
        var vfs = new MemoryVfs(5);
        using var pager = Pager.Open(vfs, "s.db");
        pager.BeginWrite();
        Assert.Equal(ResultCode.Misuse, Assert.Throws<MiniSqlException>(() => pager.RollbackToSavepoint(1)).ResultCode);
        pager.OpenSavepoint();
        Assert.Equal(ResultCode.Misuse, Assert.Throws<MiniSqlException>(() => pager.ReleaseSavepoint(2)).ResultCode);
        pager.Commit();
        Assert.Equal(0, pager.SavepointCount);
    }

    /// <summary>Random page changes, allocations, truncations and savepoint operations against a list model.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_savepoint_workload_matches_a_model(int seed)
    {
        var random = new Random(seed);
        var vfs = new MemoryVfs(seed);
        using var pager = Pager.Open(vfs, "m.db", new PagerOptions { PageSize = PageSize, CacheSize = 3 });
        CreateDatabase(pager, 6, 0);
        var model = new List<byte>();          // page n -> value at offset 200 (index n - 1)
        pager.BeginRead();
        for (uint n = 1; n <= pager.PageCount; n++)
            model.Add(Get(pager, n));
        pager.EndRead();
        var snapshots = new List<List<byte>>();

        pager.BeginWrite();
        for (int step = 0; step < 300; step++)
        {
            int op = random.Next(10);
            string context = $"seed {seed}, step {step}, op {op}";
            if (op < 4)
            {
                uint n = (uint)random.Next(2, model.Count + 1);
                byte value = (byte)random.Next(256);
                Set(pager, n, value);
                model[(int)n - 1] = value;
            }
            else if (op == 4)
            {
                var page = pager.AllocatePage();
                page.Data[200] = (byte)random.Next(256);
                model.Add(page.Data[200]);
                pager.Release(page);
            }
            else if (op == 5 && model.Count > 2)
            {
                int count = random.Next(2, model.Count);
                pager.TruncatePageCount((uint)count);
                model.RemoveRange(count, model.Count - count);
            }
            else if (op == 6)
            {
                snapshots.Add(new List<byte>(model));
                Assert.Equal(snapshots.Count, pager.OpenSavepoint());
            }
            else if (op is 7 or 8 && snapshots.Count > 0)
            {
                int depth = random.Next(1, snapshots.Count + 1);
                pager.RollbackToSavepoint(depth);
                model = new List<byte>(snapshots[depth - 1]);
                snapshots.RemoveRange(depth, snapshots.Count - depth);
            }
            else if (op == 9 && snapshots.Count > 0)
            {
                int depth = random.Next(1, snapshots.Count + 1);
                pager.ReleaseSavepoint(depth);
                snapshots.RemoveRange(depth - 1, snapshots.Count - depth + 1);
            }
            Assert.True(model.Count == (int)pager.PageCount, context);
            for (uint n = 2; n <= pager.PageCount; n++)
                Assert.True(model[(int)n - 1] == Get(pager, n), $"{context}, page {n}");
        }
        pager.Commit();
        byte[] file = ReadAll(vfs, "m.db");
        Assert.Equal(model.Count * PageSize, file.Length);
        for (int n = 2; n <= model.Count; n++)
            Assert.True(model[n - 1] == file[(n - 1) * PageSize + 200], $"seed {seed}: page {n} after commit");
    }
}
