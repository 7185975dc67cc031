namespace MiniSql.Shell;

/// <summary>A failed SQL statement as the shell reports it: SQLite's result code, bare message and error offset.</summary>
internal sealed class ShellSqlException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ShellSqlException(int resultCode, string message, int? offset, Exception? inner = null)
        : base(message, inner)
    {
        ResultCode = resultCode;
        Offset = offset;
    }

    /// <summary>SQLite's primary result code (1 = SQLITE_ERROR, 19 = SQLITE_CONSTRAINT, ...).</summary>
    public int ResultCode { get; }

    /// <summary>Character offset of the error inside the executed SQL text, when the engine knows it.</summary>
    public int? Offset { get; }
}
