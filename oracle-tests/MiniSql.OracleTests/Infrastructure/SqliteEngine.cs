using System.Text.RegularExpressions;
using MiniSql.Engine.Records;
using Microsoft.Data.Sqlite;

namespace MiniSql.OracleTests.Infrastructure;

/// <summary>
/// Real SQLite (the oracle) through Microsoft.Data.Sqlite on a private in-memory database.
/// Owned by one thread; not thread-safe.
/// </summary>
internal sealed partial class SqliteEngine : ISqlEngine
{
    private readonly SqliteConnection _connection;

    /// <summary>Opens a fresh, unpooled in-memory database.</summary>
    public SqliteEngine(string name = "sqlite")
    {
        Name = name;
        _connection = new SqliteConnection("Data Source=:memory:;Pooling=False");
        _connection.Open();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The SQLite library version (sqlite_version()).</summary>
    public string Version => _connection.ServerVersion;

    /// <inheritdoc />
    public void Execute(string sql)
    {
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            do
            {
                while (reader.Read())
                {
                }
            }
            while (reader.NextResult());
        }
        catch (SqliteException e)
        {
            throw Wrap(e);
        }
    }

    /// <inheritdoc />
    public QueryResult Query(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            // Prepare separately so that a prepare failure (thrown) is told apart from a step failure (returned).
            command.Prepare();
        }
        catch (SqliteException e)
        {
            throw Wrap(e);
        }

        var rows = new List<SqlValue[]>();
        int columnCount = -1;
        string[]? names = null;
        SqlEngineException? stepError = null;
        try
        {
            using var reader = command.ExecuteReader();
            columnCount = reader.FieldCount;
            names = new string[columnCount];
            for (int i = 0; i < columnCount; i++) names[i] = reader.GetName(i);
            while (reader.Read())
            {
                var row = new SqlValue[columnCount];
                for (int i = 0; i < columnCount; i++) row[i] = ReadValue(reader, i);
                rows.Add(row);
            }
        }
        catch (SqliteException e)
        {
            stepError = Wrap(e);
        }

        if (columnCount < 0) names = ColumnNames(sql);
        return new QueryResult(names!.Length, rows, stepError, names);
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    /// <summary>Reads one value with its exact storage class (sqlite3_column_type); TEXT keeps its raw UTF-8 bytes.</summary>
    private static SqlValue ReadValue(SqliteDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal)) return SqlValue.Null;
        Type type = reader.GetFieldType(ordinal);
        if (type == typeof(long)) return SqlValue.Integer(reader.GetInt64(ordinal));
        if (type == typeof(double)) return SqlValue.Real(reader.GetDouble(ordinal));
        // sqlite3_column_blob on a TEXT value gives its UTF-8 bytes unchanged, even when they are not valid UTF-8.
        if (type == typeof(string)) return SqlValue.TextUtf8(reader.GetFieldValue<byte[]>(ordinal));
        if (type == typeof(byte[])) return SqlValue.Blob(reader.GetFieldValue<byte[]>(ordinal));
        throw new InvalidOperationException($"unexpected field type {type} at column {ordinal}");
    }

    /// <summary>Column names of a statement that failed on its first step (the reader never opened).</summary>
    private string[] ColumnNames(string sql)
    {
        int rc = SQLitePCL.raw.sqlite3_prepare_v2(_connection.Handle, sql, out SQLitePCL.sqlite3_stmt statement);
        try
        {
            if (rc != SQLitePCL.raw.SQLITE_OK) return [];
            var names = new string[SQLitePCL.raw.sqlite3_column_count(statement)];
            for (int i = 0; i < names.Length; i++) names[i] = SQLitePCL.raw.sqlite3_column_name(statement, i).utf8_to_string();
            return names;
        }
        finally
        {
            statement.Dispose();
        }
    }

    /// <summary>Strips Microsoft.Data.Sqlite's "SQLite Error N: '...'." decoration to get sqlite3_errmsg back.</summary>
    private static SqlEngineException Wrap(SqliteException e)
    {
        Match m = DecoratedMessage().Match(e.Message);
        string message = m.Success ? m.Groups[1].Value : e.Message;
        return new SqlEngineException(e.SqliteErrorCode, e.SqliteExtendedErrorCode, message, e);
    }

    [GeneratedRegex(@"^SQLite Error \d+: '(.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex DecoratedMessage();
}
