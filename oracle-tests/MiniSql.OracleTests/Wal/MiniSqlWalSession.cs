using System.Globalization;
using System.Text;
using MiniSql.Engine.Records;
using MiniSql.Sql;

namespace MiniSql.OracleTests.Wal;

/// <summary>MiniSql's <see cref="Database"/> on a file, rendered like <see cref="SqliteWalSession"/>.</summary>
internal sealed class MiniSqlWalSession : IWalSession
{
    /// <summary>Opens <paramref name="path"/> with the given busy timeout in milliseconds.</summary>
    public MiniSqlWalSession(string path, int busyTimeout = 0, DatabaseOptions? options = null)
    {
        Database = Database.Open(path, (options ?? new DatabaseOptions()) with { BusyTimeout = busyTimeout });
    }

    /// <summary>The connection.</summary>
    public Database Database { get; }

    /// <inheritdoc />
    public string Name => "minisql";

    /// <inheritdoc />
    public string Run(string sql)
    {
        var output = new StringBuilder();
        int position = 0;
        try
        {
            while (position < sql.Length)
            {
                using var statement = Database.Prepare(sql, position, out int tail);
                if (statement is null) break;
                while (statement.Step())
                {
                    for (int i = 0; i < statement.ColumnCount; i++)
                    {
                        if (i > 0) output.Append('|');
                        var v = statement.Column(i);
                        output.Append(v.Type switch
                        {
                            StorageClass.Null => "NULL",
                            StorageClass.Integer => v.AsInteger.ToString(CultureInfo.InvariantCulture),
                            StorageClass.Real => v.AsReal.ToString("R", CultureInfo.InvariantCulture),
                            _ => v.AsString,
                        });
                    }
                    output.Append('\n');
                }
                position = tail;
            }
        }
        catch (MiniSqlException e)
        {
            return $"error {e.SqliteErrorCode}: {e.Message}\n";
        }
        return output.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => Database.Dispose();
}
