namespace MiniSql.Vfs.Tests;

/// <summary>The VFS contract for <see cref="FaultInjectingVfs"/> over <see cref="MemoryVfs"/> with no faults planned.</summary>
public sealed class FaultInjectingVfsContractTests : VfsContractTests
{
    protected override IVfs Vfs { get; } = new FaultInjectingVfs(new MemoryVfs(seed: 2));

    protected override string PathFor(string name) => "/f/" + name;
}
