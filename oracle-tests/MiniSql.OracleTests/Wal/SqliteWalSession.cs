using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MiniSql.OracleTests.Wal;

/// <summary>
/// Real SQLite on a file through the raw sqlite3 API of Microsoft.Data.Sqlite's bundle, so that SQLITE_BUSY is returned
/// at once (the provider would retry it for CommandTimeout seconds).
/// </summary>
internal sealed class SqliteWalSession : IWalSession
{
    private readonly SqliteConnection _connection;

    /// <summary>Opens <paramref name="path"/> (unpooled) with the given busy timeout in milliseconds.</summary>
    public SqliteWalSession(string path, int busyTimeout = 0)
    {
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
        raw.sqlite3_busy_timeout(_connection.Handle, busyTimeout);
    }

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <inheritdoc />
    public string Run(string sql)
    {
        var db = _connection.Handle!;
        var output = new StringBuilder();
        var remaining = Encoding.UTF8.GetBytes(sql).AsSpan();
        while (remaining.Length > 0)
        {
            int rc = raw.sqlite3_prepare_v2(db, remaining, out sqlite3_stmt statement, out var tail);
            if (rc != raw.SQLITE_OK) return Error(db, rc);
            remaining = remaining[(remaining.Length - tail.Length)..];
            if (statement.IsInvalid)
            {
                statement.Dispose();
                if (tail.Length == 0 || tail.ToArray().All(b => b is (byte)' ' or (byte)'\n' or (byte)';')) break;
                continue;
            }
            using (statement)
            {
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                {
                    int n = raw.sqlite3_column_count(statement);
                    for (int i = 0; i < n; i++)
                    {
                        if (i > 0) output.Append('|');
                        output.Append(raw.sqlite3_column_type(statement, i) switch
                        {
                            raw.SQLITE_NULL => "NULL",
                            raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, i).ToString(CultureInfo.InvariantCulture),
                            raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, i).ToString("R", CultureInfo.InvariantCulture),
                            _ => raw.sqlite3_column_text(statement, i).utf8_to_string(),
                        });
                    }
                    output.Append('\n');
                }
                if (rc != raw.SQLITE_DONE) return Error(db, rc);
            }
        }
        return output.ToString();
    }

    private static string Error(sqlite3 db, int rc) => $"error {rc & 0xFF}: {raw.sqlite3_errmsg(db).utf8_to_string()}\n";

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}
