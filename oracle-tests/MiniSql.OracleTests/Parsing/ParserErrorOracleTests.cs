using Microsoft.Data.Sqlite;
using MiniSql.Sql.Parsing;

namespace MiniSql.OracleTests.Parsing;

/// <summary>
/// Runs malformed SQL through real SQLite (Microsoft.Data.Sqlite) and through MiniSql's parser and requires the same
/// error message text, so syntax errors read exactly like SQLite's.
/// </summary>
public class ParserErrorOracleTests
{
    public static TheoryData<string> BadSql()
    {
        var data = new TheoryData<string>
        {
            "select 1 2",
            "select (1",
            "select (1;",
            "selec 1",
            "select",
            "select 'abc",
            "select \"abc",
            "select [abc",
            "select x'abc'",
            "select x'ab",
            "select x'zz'",
            "select 0x1FFFFFFFFFFFFFFFF",
            "select ?0",
            "select ?32767",
            "select 1 from t where",
            "create table u(a) junk",
            "select * from t order by",
            "select 1e",
            "select 123abc",
            "select 1__0",
            "select 1_",
            "values (1),(1,2)",
            "select from t",
            "insert into t values",
            "create table (a)",
            "select * from t where a = = 1",
            "update t set where a=1",
            "select @",
            "select !",
            "select {",
            "select 1 as",
            "select case when 1 then 2",
            "drop table",
            "select * from t1 join",
            "select a from t group",
            "select 1 order by 1 asc desc",
            "create index on t(a)",
            "select * from t limit 1,2,3",
            "select 1 +",
            "select * from t where a in (1,",
            "select * from t where a between 1",
            "select a b c from t",
            "delete t where 1",
            "insert t values(1)",
            "create table u(a, primary key)",
            "create trigger tr after insert on t begin select 1; end",
            "create trigger tr after insert on t begin select 1",
            "begin foo",
            "rollback to",
            "pragma",
            "alter table t",
            "with x as select 1 select * from x",
            "select * from (select 1",
            "select 1 union",
            "select 1 where not",
            "select 1 is",
            "select 1 not 2",
            "explain",
            "select 1; select 2 3",
            "select 'a' || ",
            "select -",
            "select (1,2",
            "select 1 collate",
            "create view v as",
            "select * from t natural",
            "create table u(a int check)",
            "select 1 from t window w as",
            "select a.* b from t a",
            "insert into t default values returning",
            "select * from t where a not",
            "select 1 from t t2 t3",
            "select * from t join t1 on",
            "create table u(a int, )",
            "insert into t (a,) values (1)",
            "select a, from t",
            "select * from t where a like",
            "select 1 between 2",
            "select * from t where a in (select 1",
            "with recursive",
            "select 1 limit",
            "create index i on t",
            "select cast(1 as int",
            "select x'1'",
            "select 1 = ",
            "select count(*) over (",
            "savepoint",
            "select * from t indexed",
            "select 1 is not distinct 2",
            "select case end",
            "select exists 1",
            "create table u as",
            "select 1 from t where a = 1 b",
            "update t set a = 1 where",
            "delete from",
            "select * from t order by a desc nulls",
            "select ((1)",
            "drop view if",
            "create view v(a,) as select 1",
            "select * from t, ",
            "select 1 union all",
            "select 1 except select",
            "values",
            "values ()",
            "select * from t limit 1 offset",
        };
        data.Add("SELECT 1" + string.Concat(Enumerable.Repeat(" UNION SELECT 1", 500)));
        data.Add("SELECT 1" + string.Concat(Enumerable.Repeat("+1", 1000)));
        data.Add("SELECT " + string.Concat(Enumerable.Repeat("- ", 1000)) + "1");
        data.Add("SELECT " + string.Concat(Enumerable.Repeat("NOT ", 1001)) + "1");
        return data;
    }

    [Theory]
    [MemberData(nameof(BadSql))]
    public void SameMessageAsSqlite(string sql)
    {
        string expected = SqliteError(sql);
        string actual = MiniSqlError(sql);
        Assert.True(expected == actual, $"SQLite: [{expected}] MiniSql: [{actual}]");
    }

    private static string SqliteError(string sql)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "CREATE TABLE t(a, b); CREATE TABLE t1(a, b);";
            setup.ExecuteNonQuery();
        }
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.NextResult()) { }
            return "(no error)";
        }
        catch (SqliteException e)
        {
            // Microsoft.Data.Sqlite formats "SQLite Error N: 'message'."
            string message = e.Message;
            int open = message.IndexOf('\'');
            return open >= 0 && message.EndsWith("'.", StringComparison.Ordinal) ? message[(open + 1)..^2] : message;
        }
    }

    private static string MiniSqlError(string sql)
    {
        try
        {
            SqlParser.ParseScript(sql);
            return "(no error)";
        }
        catch (MiniSqlException e)
        {
            Assert.NotNull(e.ErrorOffset);
            return e.Message;
        }
    }
}
