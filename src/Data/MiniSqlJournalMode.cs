namespace MiniSql.Data;

/// <summary>The rollback journal mode set at open (MiniSql keyword <c>Journal Mode</c>, as PRAGMA journal_mode).</summary>
public enum MiniSqlJournalMode
{
    /// <summary>Delete the journal at commit (SQLite's default).</summary>
    Delete,

    /// <summary>Truncate the journal to zero bytes at commit.</summary>
    Truncate,

    /// <summary>Keep the journal and zero its header at commit.</summary>
    Persist,

    /// <summary>Keep the journal in memory.</summary>
    Memory,

    /// <summary>Write-ahead log.</summary>
    Wal,

    /// <summary>No journal (no atomic commit).</summary>
    Off,
}
