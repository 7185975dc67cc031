namespace MiniSql.OracleTests.Infrastructure;

/// <summary>An error reported by an <see cref="ISqlEngine"/>: SQLite's primary and extended result codes and the
/// bare error message (sqlite3_errmsg, without any provider decoration).</summary>
internal sealed class SqlEngineException : Exception
{
    /// <summary>Creates an engine error.</summary>
    public SqlEngineException(int resultCode, int extendedResultCode, string message, Exception? inner = null)
        : base(message, inner)
    {
        ResultCode = resultCode;
        ExtendedResultCode = extendedResultCode;
    }

    /// <summary>The primary result code (e.g. 1 = SQLITE_ERROR, 19 = SQLITE_CONSTRAINT).</summary>
    public int ResultCode { get; }

    /// <summary>The extended result code (e.g. 2067 = SQLITE_CONSTRAINT_UNIQUE); equal to the primary code when
    /// there is none.</summary>
    public int ExtendedResultCode { get; }

    /// <summary>"code/extended: message", the form used in reports and comparisons.</summary>
    public string Describe() => $"{ResultCode}/{ExtendedResultCode}: {Message}";
}
