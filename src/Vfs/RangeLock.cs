namespace MiniSql.Vfs;

/// <summary>
/// In-process model of one fcntl byte-range lock: any number of read holders or one write holder, one lock per
/// owner, a new request by an owner replaces its current lock. Not thread-safe: callers serialize access.
/// </summary>
internal sealed class RangeLock
{
    private readonly List<(object Owner, bool Write)> _holders = new(2);

    /// <summary>Takes (or converts to) a read or write lock for <paramref name="owner"/>; false on conflict.</summary>
    public bool TryAcquire(object owner, bool write)
    {
        int mine = -1;
        for (int i = 0; i < _holders.Count; i++)
        {
            var (o, w) = _holders[i];
            if (ReferenceEquals(o, owner))
                mine = i;
            else if (write || w)
                return false;
        }
        if (mine >= 0)
            _holders[mine] = (owner, write);
        else
            _holders.Add((owner, write));
        return true;
    }

    /// <summary>Drops the lock of <paramref name="owner"/>, if any.</summary>
    public void Release(object owner)
    {
        for (int i = 0; i < _holders.Count; i++)
        {
            if (ReferenceEquals(_holders[i].Owner, owner))
            {
                _holders.RemoveAt(i);
                return;
            }
        }
    }

    /// <summary>True when an owner other than <paramref name="owner"/> holds any lock (a write request would conflict).</summary>
    public bool IsHeldByOther(object owner)
    {
        foreach (var (o, _) in _holders)
        {
            if (!ReferenceEquals(o, owner))
                return true;
        }
        return false;
    }

    /// <summary>True when nobody holds this lock.</summary>
    public bool IsFree => _holders.Count == 0;
}
