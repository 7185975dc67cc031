namespace MiniSql.Vfs;

/// <summary>The VFS calls <see cref="FaultInjectingVfs"/> counts and can fail or crash on.</summary>
public enum FaultKind
{
    Read,
    Write,
    Sync,
    Truncate,
    Open,
    Delete,
}
