namespace MiniSql.Engine.Storage;

/// <summary>
/// The 4-byte fields of the database header (fileformat2: 1.3); each value is the field's byte offset on page 1.
/// Used with <see cref="Pager.GetHeaderField"/> and <see cref="Pager.SetHeaderField"/>.
/// </summary>
public enum HeaderField
{
    /// <summary>File change counter (24..27); the pager increments it on every commit.</summary>
    ChangeCounter = DatabaseHeader.ChangeCounterOffset,
    /// <summary>In-header database size in pages (28..31); the pager writes it on every commit.</summary>
    DatabaseSize = DatabaseHeader.DatabaseSizeOffset,
    /// <summary>First freelist trunk page (32..35).</summary>
    FreelistTrunk = DatabaseHeader.FreelistTrunkOffset,
    /// <summary>Total number of freelist pages (36..39).</summary>
    FreelistCount = DatabaseHeader.FreelistCountOffset,
    /// <summary>Schema cookie (40..43).</summary>
    SchemaCookie = DatabaseHeader.SchemaCookieOffset,
    /// <summary>Schema format number (44..47).</summary>
    SchemaFormat = DatabaseHeader.SchemaFormatOffset,
    /// <summary>Default page cache size (48..51).</summary>
    DefaultCacheSize = DatabaseHeader.DefaultCacheSizeOffset,
    /// <summary>Largest root b-tree page in auto-vacuum mode, else 0 (52..55).</summary>
    LargestRootPage = DatabaseHeader.LargestRootPageOffset,
    /// <summary>Text encoding: 1 UTF-8, 2 UTF-16le, 3 UTF-16be (56..59).</summary>
    TextEncoding = DatabaseHeader.TextEncodingOffset,
    /// <summary>PRAGMA user_version (60..63).</summary>
    UserVersion = DatabaseHeader.UserVersionOffset,
    /// <summary>Incremental-vacuum mode flag (64..67).</summary>
    IncrementalVacuum = DatabaseHeader.IncrementalVacuumOffset,
    /// <summary>PRAGMA application_id (68..71).</summary>
    ApplicationId = DatabaseHeader.ApplicationIdOffset,
    /// <summary>Version-valid-for number (92..95); the pager sets it to the change counter on every commit.</summary>
    VersionValidFor = DatabaseHeader.VersionValidForOffset,
    /// <summary>SQLITE_VERSION_NUMBER of the last writer (96..99).</summary>
    SqliteVersion = DatabaseHeader.SqliteVersionOffset,
}
