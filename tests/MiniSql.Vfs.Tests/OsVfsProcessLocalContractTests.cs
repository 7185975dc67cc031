namespace MiniSql.Vfs.Tests;

/// <summary>The VFS contract for <see cref="OsVfs"/> with the process-wide lock table (its path on non-Linux systems).</summary>
public sealed class OsVfsProcessLocalContractTests : VfsContractTests
{
    private readonly TempDirectory _dir = new();

    protected override IVfs Vfs { get; } = new OsVfs(processLocalLocks: true);

    protected override string PathFor(string name) => _dir.File(name);

    [Fact]
    public void UsesTheProcessWideTable() => Assert.False(((OsVfs)Vfs).UsesOfdLocks);

    public override void Dispose()
    {
        base.Dispose();
        _dir.Dispose();
    }
}
