namespace MiniSql.Vfs;

/// <summary>
/// What <see cref="FaultInjectingVfs"/> knows about one file: its durable image as of the last Sync and the
/// writes and truncates made since, in order. Guarded by the VFS's lock.
/// </summary>
internal sealed class TrackedFile(FileImage durable)
{
    /// <summary>The content that survives any power loss.</summary>
    public FileImage Durable { get; set; } = durable;

    /// <summary>Unsynced operations in the order they were made.</summary>
    public List<PendingOperation> Pending { get; } = [];

    /// <summary>Makes every pending operation durable (a successful Sync).</summary>
    public void ApplyPending()
    {
        foreach (var op in Pending)
            op.ApplyTo(Durable);
        Pending.Clear();
    }
}

/// <summary>An unsynced write (<see cref="Data"/> at <see cref="Offset"/>) or truncate (<see cref="Data"/> null, new size in <see cref="Offset"/>).</summary>
internal readonly record struct PendingOperation(long Offset, byte[]? Data)
{
    /// <summary>Applies the whole operation to <paramref name="image"/>.</summary>
    public void ApplyTo(FileImage image)
    {
        if (Data is null)
            image.SetSize(Offset);
        else
            image.Write(Data, Offset);
    }
}
