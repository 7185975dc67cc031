using Microsoft.Data.Sqlite;
using MiniSql.Sql;

namespace MiniSql.TestWorker;

/// <summary>
/// Runs date/time queries on MiniSql and on real SQLite in this process, whose time zone the test sets through TZ
/// ('localtime' and 'utc' depend on it), and prints "same &lt;sql&gt;" or "differ &lt;sql&gt; | sqlite | minisql" per
/// query read from stdin (one per line) until end of input.
/// </summary>
internal static class DateTimeCompare
{
    public static int Run()
    {
        using var sqlite = new SqliteConnection("Data Source=:memory:");
        sqlite.Open();
        using var mini = Database.Open(":memory:");
        Console.WriteLine("ready " + TimeZoneInfo.Local.Id);
        while (Console.ReadLine() is { } sql)
        {
            string expected = Sqlite(sqlite, sql), actual = Mini(mini, sql);
            Console.WriteLine(expected == actual ? $"same {sql} | {actual}" : $"differ {sql} | {expected} | {actual}");
        }
        return 0;
    }

    private static string Sqlite(SqliteConnection connection, string sql)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Format(command.ExecuteScalar());
        }
        catch (SqliteException e)
        {
            return "error " + e.SqliteErrorCode;
        }
    }

    private static string Mini(Database db, string sql)
    {
        try
        {
            using var statement = db.Prepare(sql)!;
            if (!statement.Step()) return "none";
            var v = statement.Column(0);
            return v.IsNull ? "NULL" : v.Type switch
            {
                Engine.Records.StorageClass.Integer => "i" + v.AsInteger.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Engine.Records.StorageClass.Real => "r" + v.AsReal.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                _ => "t" + v.AsString,
            };
        }
        catch (MiniSqlException e)
        {
            return "error " + e.SqliteErrorCode;
        }
    }

    private static string Format(object? value) => value switch
    {
        null or DBNull => value is null ? "none" : "NULL",
        long l => "i" + l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d => "r" + d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => "t" + value,
    };
}
