namespace MiniSql.Engine.Storage;

// Savepoints: statement rollback and SAVEPOINT / ROLLBACK TO / RELEASE. Each savepoint keeps, in memory, the image
// of every page first changed after it was opened (every open savepoint gets its own entry, sharing one copy when
// captured at the same moment), plus the page count. They work in every journal mode, OFF and MEMORY included,
// because they never need the journal file.
public sealed partial class Pager
{
    private readonly List<Savepoint> _savepoints = new();

    /// <summary>Number of open savepoints.</summary>
    public int SavepointCount => _savepoints.Count;

    /// <summary>Opens a savepoint inside the write transaction and returns its depth (1 for the outermost).</summary>
    /// <exception cref="MiniSqlException">SQLITE_MISUSE without a write transaction.</exception>
    public int OpenSavepoint()
    {
        ThrowIfError();
        RequireWriter();
        _savepoints.Add(new Savepoint(_pageCount));
        return _savepoints.Count;
    }

    /// <summary>
    /// Restores every page changed since savepoint <paramref name="depth"/> was opened, and the page count.
    /// The savepoint stays open (empty again); savepoints opened after it are released.
    /// </summary>
    /// <exception cref="MiniSqlException">SQLITE_MISUSE for a depth that is not open.</exception>
    public void RollbackToSavepoint(int depth)
    {
        ThrowIfError();
        RequireWriter();
        ValidateDepth(depth);
        var savepoint = _savepoints[depth - 1];
        try
        {
            foreach (var (pageNumber, image) in savepoint.Images)
            {
                // Dirty pages are never evicted (P6), so the page is normally cached; if not, load it to restore.
                var page = _cache.Find(pageNumber) ?? LoadPage(pageNumber);
                image.CopyTo(page.Data, 0);
                _cache.MakeDirty(page);
            }
        }
        catch (Exception ex) when (IsIoFailure(ex))
        {
            EnterErrorState(ex);
            throw;
        }
        // Pages beyond the restored count stay cached: GetPage refuses them, Commit skips them, AllocatePage zeroes
        // them, and an outer savepoint may need their content back.
        _pageCount = savepoint.PageCount;
        savepoint.Images.Clear();
        _savepoints.RemoveRange(depth, _savepoints.Count - depth);
    }

    /// <summary>Releases savepoint <paramref name="depth"/> and every savepoint opened after it, keeping the changes.</summary>
    /// <exception cref="MiniSqlException">SQLITE_MISUSE for a depth that is not open.</exception>
    public void ReleaseSavepoint(int depth)
    {
        ThrowIfError();
        ValidateDepth(depth);
        _savepoints.RemoveRange(depth - 1, _savepoints.Count - depth + 1);
    }

    /// <summary>Captures the page's current image into every open savepoint that covers it and lacks it.</summary>
    private void CaptureForSavepoints(Page page)
    {
        byte[]? copy = null;
        foreach (var savepoint in _savepoints)
        {
            if (page.Number <= savepoint.PageCount && !savepoint.Images.ContainsKey(page.Number))
            {
                copy ??= (byte[])page.Data.Clone();
                savepoint.Images.Add(page.Number, copy);
            }
        }
    }

    private void ValidateDepth(int depth)
    {
        if (depth < 1 || depth > _savepoints.Count)
            ThrowHelper.Throw(ResultCode.Misuse, $"no savepoint at depth {depth} (open: {_savepoints.Count})");
    }
}
