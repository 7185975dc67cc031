using Microsoft.Data.Sqlite;
using MiniSql.Sql;

namespace MiniSql.OracleTests.Infrastructure;

/// <summary>One-value queries against either engine, for tests that check invariants after a crash or a load run.</summary>
internal static class Scalars
{
    /// <summary>The first column of the first row through Microsoft.Data.Sqlite (null when there is no row).</summary>
    public static object? Sqlite(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>The first column of the first row through MiniSql, as an integer; the query must return a row.</summary>
    public static long MiniSqlLong(Database db, string sql) => First(db, sql).AsInteger;

    /// <summary>The first column of the first row through MiniSql, as text; the query must return a row.</summary>
    public static string MiniSqlText(Database db, string sql) => First(db, sql).AsString;

    private static Engine.Records.SqlValue First(Database db, string sql)
    {
        using var st = db.Prepare(sql)!;
        Assert.True(st.Step(), sql);
        var v = st.Column(0);
        while (st.Step()) { }
        return v;
    }
}
