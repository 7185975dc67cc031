namespace MiniSql.Vfs.Tests;

/// <summary>The VFS contract for <see cref="OsVfs"/> on real files in a temp folder.</summary>
public sealed class OsVfsContractTests : VfsContractTests
{
    private readonly TempDirectory _dir = new();

    protected override IVfs Vfs => OsVfs.Instance;

    protected override string PathFor(string name) => _dir.File(name);

    public override void Dispose()
    {
        base.Dispose();
        _dir.Dispose();
    }
}
