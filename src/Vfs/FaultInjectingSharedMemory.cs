namespace MiniSql.Vfs;

/// <summary>Shared memory of a <see cref="FaultInjectingVfs"/> file: delegates to the inner VFS, dies with a simulated crash.</summary>
internal sealed class FaultInjectingSharedMemory(FaultInjectingVfs vfs, IVfsSharedMemory inner) : IVfsSharedMemory
{
    private bool _dead;

    public IntPtr MapRegion(int region, int regionSize, bool extend)
    {
        vfs.CheckAlive(_dead);
        return inner.MapRegion(region, regionSize, extend);
    }

    public bool Lock(int offset, int count, ShmLockFlags flags)
    {
        if ((flags & ShmLockFlags.Unlock) == 0)
            vfs.CheckAlive(_dead);
        return _dead || inner.Lock(offset, count, flags);
    }

    public void Barrier() => inner.Barrier();

    public void Unmap(bool delete)
    {
        if (_dead)
            return;
        _dead = true;
        vfs.Forget(this);
        // A dead process deletes nothing.
        inner.Unmap(delete && !vfs.HasCrashed);
    }

    public void Dispose() => Unmap(delete: false);

    /// <summary>Drops the mapping as the death of the process would (power loss).</summary>
    internal void Kill()
    {
        if (_dead)
            return;
        _dead = true;
        inner.Unmap(delete: false);
    }
}
