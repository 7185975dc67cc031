namespace MiniSql.Vfs.Tests;

/// <summary>Behaviour specific to <see cref="MemoryVfs"/>.</summary>
public sealed class MemoryVfsTests
{
    [Fact]
    public void SeededRandomnessIsDeterministic()
    {
        var a = new byte[32];
        var b = new byte[32];
        new MemoryVfs(seed: 5).Randomness(a);
        new MemoryVfs(seed: 5).Randomness(b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void ClockIsSettable()
    {
        var vfs = new MemoryVfs(1);
        var t = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        vfs.UtcNow = t;
        Assert.Equal(t, vfs.UtcNow);
    }

    [Fact]
    public void SyncsAreCounted()
    {
        var vfs = new MemoryVfs(1);
        using var f = vfs.Open("x", VfsFileKind.MainJournal, VfsOpenFlags.ReadWrite | VfsOpenFlags.Create);
        f.Sync(VfsSyncFlags.Normal);
        f.Sync(VfsSyncFlags.Full);
        vfs.SyncDirectory("x");
        Assert.Equal(2, vfs.GetSyncCount("x"));
        Assert.Equal(1, vfs.DirectorySyncCount);
        Assert.Equal(["x"], vfs.FileNames);
    }

    [Fact]
    public void OpenHandleKeepsWorkingAfterDelete()
    {
        var vfs = new MemoryVfs(1);
        using var f = vfs.Open("x", VfsFileKind.MainJournal, VfsOpenFlags.ReadWrite | VfsOpenFlags.Create);
        f.Write([1, 2, 3], 0);
        vfs.Delete("x", syncDirectory: false);
        Assert.False(vfs.Exists("x"));
        var buf = new byte[3];
        Assert.Equal(3, f.Read(buf, 0));
        using var g = vfs.Open("x", VfsFileKind.MainJournal, VfsOpenFlags.ReadWrite | VfsOpenFlags.Create);
        Assert.Equal(0, g.Size); // a new file under the old name
    }

    [Fact]
    public void WholeFileHelpersRoundTripThroughHandles()
    {
        var vfs = new MemoryVfs(1);
        vfs.WriteAllBytes("h", [1, 2, 3, 4, 5]);
        using (var f = vfs.Open("h", VfsFileKind.MainDb, VfsOpenFlags.ReadWrite))
        {
            Assert.Equal(5, f.Size);
            f.Write([9], 1);
        }
        Assert.Equal(new byte[] { 1, 9, 3, 4, 5 }, vfs.ReadAllBytes("h"));
        vfs.WriteAllBytes("h", [7]);
        Assert.Equal(new byte[] { 7 }, vfs.ReadAllBytes("h"));
        Assert.Equal(ResultCode.CantOpen, Assert.Throws<MiniSqlException>(() => vfs.ReadAllBytes("nope")).ResultCode);
    }

    [Fact]
    public void ReadOnlyHandleRejectsWrites()
    {
        var vfs = new MemoryVfs(1);
        vfs.Open("x", VfsFileKind.MainDb, VfsOpenFlags.ReadWrite | VfsOpenFlags.Create).Dispose();
        using var f = vfs.Open("x", VfsFileKind.MainDb, VfsOpenFlags.ReadOnly);
        var e = Assert.Throws<MiniSqlException>(() => f.Write([1], 0));
        Assert.Equal(ResultCode.ReadOnly, e.ResultCode);
    }

    [Fact]
    public void ConcurrentWritersOnDistinctRangesAllLand()
    {
        var vfs = new MemoryVfs(1);
        var handles = new IVfsFile[4];
        for (int i = 0; i < handles.Length; i++)
            handles[i] = vfs.Open("c", VfsFileKind.MainDb, VfsOpenFlags.ReadWrite | VfsOpenFlags.Create);
        Parallel.For(0, handles.Length, i =>
        {
            var page = new byte[4096];
            for (int p = 0; p < 64; p++)
            {
                page.AsSpan().Fill((byte)(i + 1));
                handles[i].Write(page, ((long)p * handles.Length + i) * 4096);
            }
        });
        var buf = new byte[4096];
        for (int p = 0; p < 64 * handles.Length; p++)
        {
            handles[0].Read(buf, (long)p * 4096);
            Assert.True(buf.AsSpan().IndexOfAnyExcept((byte)(p % handles.Length + 1)) < 0, $"page {p}");
        }
        foreach (var h in handles)
            h.Dispose();
    }
}
