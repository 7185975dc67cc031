namespace MiniSql.Data;

/// <summary>How a connection opens its database (connection string keyword <c>Mode</c>).</summary>
public enum MiniSqlOpenMode
{
    /// <summary>Open for reading and writing, creating the file if needed (the default).</summary>
    ReadWriteCreate,

    /// <summary>Open for reading and writing; the file must exist.</summary>
    ReadWrite,

    /// <summary>Open read-only; the file must exist.</summary>
    ReadOnly,

    /// <summary>An in-memory database; <c>Data Source</c> names it (shared between connections with <c>Cache=Shared</c>).</summary>
    Memory,
}
