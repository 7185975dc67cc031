using System.Data.Common;
using System.Text.RegularExpressions;

namespace MiniSql.Shell;

/// <summary>
/// <see cref="IShellDatabase"/> over any ADO.NET connection that speaks SQLite's dialect (MiniSqlConnection in the
/// shell). Each Execute runs one command over the whole text; the provider walks the statements. Not thread-safe
/// except <see cref="Cancel"/>.
/// </summary>
internal sealed partial class AdoShellDatabase : IShellDatabase
{
    private readonly DbConnection _connection;
    private volatile DbCommand? _running;

    /// <summary>Wraps an open connection; the shell disposes it.</summary>
    public AdoShellDatabase(DbConnection connection, string fileName)
    {
        _connection = connection;
        FileName = fileName;
    }

    /// <inheritdoc />
    public string FileName { get; }

    /// <inheritdoc />
    public void Execute(string sql, IResultSink sink)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        _running = command;
        try
        {
            using var reader = command.ExecuteReader();
            do
            {
                int count = reader.FieldCount;
                if (count == 0) continue;
                var names = new string[count];
                for (int i = 0; i < count; i++) names[i] = reader.GetName(i);
                sink.BeginResult(names);
                var values = new object?[count];
                while (reader.Read())
                {
                    for (int i = 0; i < count; i++)
                    {
                        object v = reader.GetValue(i);
                        values[i] = v is DBNull ? null : v;
                    }
                    sink.Row(values);
                }
                sink.EndResult();
            }
            while (reader.NextResult());
        }
        catch (DbException ex)
        {
            throw Translate(ex);
        }
        finally
        {
            _running = null;
        }
    }

    /// <inheritdoc />
    public void Cancel() => _running?.Cancel();

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    /// <summary>Maps a provider exception to the bare SQLite message, code and offset the shell prints.</summary>
    internal static ShellSqlException Translate(DbException ex)
    {
        // Providers modelled on Microsoft.Data.Sqlite expose the primary code as SqliteErrorCode.
        int code = ex.GetType().GetProperty("SqliteErrorCode")?.GetValue(ex) is int sqliteCode ? sqliteCode & 0xFF : 1;
        int? offset = null;
        string message = ex.Message;
        if (ex is MiniSqlException mini)
        {
            code = mini.SqliteErrorCode;
            offset = mini.ErrorOffset;
            if (mini.InnerException is MiniSqlException inner)
            {
                message = inner.Message;
                offset ??= inner.ErrorOffset;
            }
        }
        var match = ProviderMessage().Match(message);
        if (match.Success) message = match.Groups[1].Value;
        return new ShellSqlException(code, message, offset, ex);
    }

    [GeneratedRegex(@"^SQLite Error \d+: '(.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex ProviderMessage();
}
