namespace MiniSql.Vfs.Tests;

/// <summary>The VFS contract for <see cref="MemoryVfs"/>.</summary>
public sealed class MemoryVfsContractTests : VfsContractTests
{
    protected override IVfs Vfs { get; } = new MemoryVfs(seed: 1);

    protected override string PathFor(string name) => "/mem/" + name;
}
