namespace MiniSql.Engine.BTree;

/// <summary>Where a seek left the cursor relative to the key (the pRes of sqlite3BtreeTableMoveto/IndexMoveto).</summary>
public enum SeekResult
{
    /// <summary>The tree is empty; the cursor has no entry.</summary>
    Empty,

    /// <summary>The cursor is on an entry smaller than the key, and no entry lies between them.</summary>
    EntryLess,

    /// <summary>The cursor is on an entry equal to the key.</summary>
    Exact,

    /// <summary>The cursor is on an entry greater than the key, and no entry lies between them.</summary>
    EntryGreater,
}
