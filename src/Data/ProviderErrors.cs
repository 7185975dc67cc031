namespace MiniSql.Data;

/// <summary>
/// Turns engine errors into the provider's error shape: the same <see cref="MiniSqlException"/> type and codes,
/// with Microsoft.Data.Sqlite's message format "SQLite Error {code}: '{message}'.". Stateless.
/// </summary>
internal static class ProviderErrors
{
    private const string Prefix = "SQLite Error ";

    /// <summary>Wraps an engine exception (once) in the provider's message format.</summary>
    public static MiniSqlException Wrap(MiniSqlException ex)
    {
        if (ex.Message.StartsWith(Prefix, StringComparison.Ordinal)) return ex;
        return new MiniSqlException(ex.ExtendedResultCode, Format(ex.ResultCode, ex.Message), ex) { ErrorOffset = ex.ErrorOffset };
    }

    /// <summary>A new provider exception for a result code and SQLite message.</summary>
    public static MiniSqlException Create(ResultCode code, string message) =>
        new(code, Format((ResultCode)((int)code & 0xFF), message));

    private static string Format(ResultCode primary, string message) => Prefix + (int)primary + ": '" + message + "'.";

    /// <summary>"{method} can only be called when the connection is open."</summary>
    public static InvalidOperationException RequiresOpenConnection(string method) =>
        new(method + " can only be called when the connection is open.");
}
