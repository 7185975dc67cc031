using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace MiniSql;

/// <summary>
/// The one exception type MiniSql throws for SQL and storage errors. Carries SQLite's primary result code
/// (<see cref="SqliteErrorCode"/>) and extended result code (<see cref="SqliteExtendedErrorCode"/>) with the
/// message SQLite would give where one exists.
/// </summary>
public class MiniSqlException : DbException
{
    /// <summary>Creates an exception from an extended or primary result code and a message.</summary>
    public MiniSqlException(ResultCode code, string message, Exception? inner = null)
        : base(message, inner)
    {
        ExtendedResultCode = code;
        HResult = (int)code;
    }

    /// <summary>For SQL syntax errors: the character offset in the SQL text where parsing failed.</summary>
    public int? ErrorOffset { get; init; }

    /// <summary>The extended result code (equal to the primary code when there is no extended code).</summary>
    public ResultCode ExtendedResultCode { get; }

    /// <summary>The primary result code (the low 8 bits of the extended code).</summary>
    public ResultCode ResultCode => (ResultCode)((int)ExtendedResultCode & 0xFF);

    /// <summary>The primary result code as an integer, as <c>SqliteException.SqliteErrorCode</c>.</summary>
    public int SqliteErrorCode => (int)ResultCode;

    /// <summary>The extended result code as an integer, as <c>SqliteException.SqliteExtendedErrorCode</c>.</summary>
    public int SqliteExtendedErrorCode => (int)ExtendedResultCode;

    /// <inheritdoc />
    public override int ErrorCode => SqliteErrorCode;

    /// <summary>True for BUSY and LOCKED: the operation may succeed if retried later.</summary>
    public override bool IsTransient => ResultCode is ResultCode.Busy or ResultCode.Locked;

    /// <summary>SQLite's English text for a primary result code (sqlite3_errstr).</summary>
    public static string DefaultMessage(ResultCode code) => ((ResultCode)((int)code & 0xFF)) switch
    {
        ResultCode.Ok => "not an error",
        ResultCode.Error => "SQL logic error",
        ResultCode.Internal => "internal error",
        ResultCode.Perm => "access permission denied",
        ResultCode.Abort => "query aborted",
        ResultCode.Busy => "database is locked",
        ResultCode.Locked => "database table is locked",
        ResultCode.NoMem => "out of memory",
        ResultCode.ReadOnly => "attempt to write a readonly database",
        ResultCode.Interrupt => "interrupted",
        ResultCode.IoErr => "disk I/O error",
        ResultCode.Corrupt => "database disk image is malformed",
        ResultCode.NotFound => "unknown operation",
        ResultCode.Full => "database or disk is full",
        ResultCode.CantOpen => "unable to open database file",
        ResultCode.Protocol => "locking protocol",
        ResultCode.Schema => "database schema has changed",
        ResultCode.TooBig => "string or blob too big",
        ResultCode.Constraint => "constraint failed",
        ResultCode.Mismatch => "datatype mismatch",
        ResultCode.Misuse => "bad parameter or other API misuse",
        ResultCode.NoLfs => "large file support is disabled",
        ResultCode.Auth => "authorization denied",
        ResultCode.Range => "column index out of range",
        ResultCode.NotADb => "file is not a database",
        _ => "unknown error",
    };
}

/// <summary>Throw helpers so that hot methods stay small (STYLE: Errors).</summary>
public static class ThrowHelper
{
    /// <summary>Throws <see cref="MiniSqlException"/> with the given code and message.</summary>
    [DoesNotReturn]
    public static void Throw(ResultCode code, string message) => throw Create(code, message);

    /// <summary>Throws SQLITE_CORRUPT ("database disk image is malformed") naming what was wrong.</summary>
    [DoesNotReturn]
    public static void Corrupt(string detail) => throw Create(ResultCode.Corrupt, "database disk image is malformed (" + detail + ")");

    /// <summary>Throws SQLITE_CORRUPT naming the page where corruption was found.</summary>
    [DoesNotReturn]
    public static void CorruptPage(uint pageNumber, string detail) =>
        throw Create(ResultCode.Corrupt, $"database disk image is malformed (page {pageNumber}: {detail})");

    /// <summary>Throws SQLITE_BUSY ("database is locked").</summary>
    [DoesNotReturn]
    public static void Busy(ResultCode code = ResultCode.Busy) => throw Create(code, "database is locked");

    /// <summary>Throws an I/O error with SQLite's wording.</summary>
    [DoesNotReturn]
    public static void IoErr(ResultCode code, string? detail = null, Exception? inner = null) =>
        throw new MiniSqlException(code, detail is null ? "disk I/O error" : "disk I/O error (" + detail + ")", inner);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static MiniSqlException Create(ResultCode code, string message) => new(code, message);
}
