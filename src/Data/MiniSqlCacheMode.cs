namespace MiniSql.Data;

/// <summary>Cache sharing between connections (connection string keyword <c>Cache</c>).</summary>
public enum MiniSqlCacheMode
{
    /// <summary>The default: private for files; for <c>Mode=Memory</c> each connection gets its own database.</summary>
    Default,

    /// <summary>Each connection has its own cache.</summary>
    Private,

    /// <summary>Connections share one cache; named in-memory databases are shared between connections.</summary>
    Shared,
}
