using MiniSql.Engine.Records;
using MiniSql.Sql.Functions;

namespace MiniSql.Sql.Tests.Functions;

/// <summary>Unit tests of the function registry, scalar functions, printf, LIKE/GLOB, aggregates and dates (values from SQLite 3.49.1).</summary>
public sealed class FunctionTests
{
    private static readonly FunctionContext Context = new(seed: 1, fixedTime: new DateTimeOffset(2024, 2, 29, 13, 5, 9, TimeSpan.Zero));

    private static SqlValue Call(string name, params SqlValue[] args) => FunctionRegistry.BuiltIn.Call(name, args, Context);

    private static SqlValue T(string s) => SqlValue.Text(s);

    private static SqlValue I(long v) => SqlValue.Integer(v);

    [Fact]
    public void RegistryErrors()
    {
        var e = Assert.Throws<MiniSqlException>(() => FunctionRegistry.BuiltIn.Resolve("abs", 2));
        Assert.Equal("wrong number of arguments to function abs()", e.Message);
        e = Assert.Throws<MiniSqlException>(() => FunctionRegistry.BuiltIn.Resolve("foo", 1));
        Assert.Equal("no such function: foo", e.Message);
        Assert.NotNull(FunctionRegistry.BuiltIn.Resolve("MAX", 1).Aggregate);
        Assert.NotNull(FunctionRegistry.BuiltIn.Resolve("max", 2).Scalar);
        Assert.Equal("integer overflow", Assert.Throws<MiniSqlException>(() => Call("abs", I(long.MinValue))).Message);
    }

    [Fact]
    public void ScalarFunctions()
    {
        Assert.Equal(SqlValue.Real(3.0), Call("abs", T("-3")));
        Assert.Equal(T("él"), Call("substr", T("héllo"), I(2), I(2)));
        Assert.Equal(T("he"), Call("substr", T("hello"), I(3), I(-10)));
        Assert.Equal(SqlValue.Blob([2, 3]), Call("substr", SqlValue.Blob([1, 2, 3]), I(2)));
        Assert.Equal(I(3), Call("instr", T("héllo"), T("l")));
        Assert.Equal(T("3.333333333333333148e-01"), Call("quote", SqlValue.Real(1.0 / 3)));
        Assert.Equal(T("X'00FF'"), Call("quote", SqlValue.Blob([0, 255])));
        Assert.Equal(SqlValue.Real(1.0), Call("round", SqlValue.Real(1.005), I(2)));
        Assert.Equal(SqlValue.Real(3.0), Call("round", SqlValue.Real(2.5)));
        Assert.Equal(I(1), Call("length", T("a\0b")));
        Assert.Equal(T("A😀\uFFFD"), Call("char", I(65), I(0x1F600), I(-1)));
        Assert.Equal(SqlValue.Blob([0x41, 0x42]), Call("unhex", T("41-42"), T("-")));
        Assert.True(Call("unhex", T("414")).IsNull);
        Assert.Equal(T("a"), Call("trim", T("ééaéé"), T("é")));
        Assert.Equal(T("HéLLO"), Call("upper", T("héllo")));
        Assert.Equal(T("1-a"), Call("concat_ws", T("-"), I(1), SqlValue.Null, T("a")));
        Assert.Equal(SqlValue.Blob([0, 0, 0]), Call("zeroblob", I(3)));
        Assert.Equal(I(65533), Call("unicode", SqlValue.Blob([0xFF])));
        Assert.Equal(T("integer"), Call("typeof", Call("sign", T("2"))));
        Assert.Equal(I(3), Call("max", I(3), SqlValue.Real(3.0), I(1)));
        Assert.Equal(SqlValue.Real(3.0), Call("min", I(3), SqlValue.Real(3.0), I(4)));
        Assert.Equal(T("3.49.1"), Call("sqlite_version"));
        Assert.Equal(8, Call("randomblob", I(8)).Bytes.Length);
    }

    [Theory]
    [InlineData("%d|%5s|%-5s|", "42|  abc|abc  |")]
    [InlineData("%,d", "1,234,567")]
    [InlineData("%.2f", "3.14")]
    [InlineData("%e", "3.141590e+00")]
    [InlineData("%g", "3.14159")]
    [InlineData("%!.20e", "3.141589999999999883e+00")]
    [InlineData("%q %Q %w", "it''s 'it''s' it's")]
    [InlineData("%x %X %#o", "ff FF 010")]
    [InlineData("%c%%", "h%")]
    public void Printf(string format, string expected)
    {
        SqlValue[] args = format switch
        {
            "%d|%5s|%-5s|" => [T(format), I(42), T("abc"), T("abc")],
            "%,d" => [T(format), I(1234567)],
            "%q %Q %w" => [T(format), T("it's"), T("it's"), T("it's")],
            "%x %X %#o" => [T(format), I(255), I(255), I(8)],
            "%c%%" => [T(format), T("hello")],
            _ => [T(format), SqlValue.Real(3.14159)],
        };
        Assert.Equal(T(expected), Call("printf", args));
    }

    [Fact]
    public void PrintfEdgeCases()
    {
        Assert.True(Call("printf", T("")).IsNull);
        Assert.True(Call("printf", T("%y")).IsNull);
        Assert.Equal(T("a"), Call("printf", T("a%y")));
        Assert.Equal(T("%"), Call("printf", T("%")));
        Assert.Equal(T("2.001"), Call("printf", T("%.3f"), SqlValue.Real(2.0005)));
    }

    [Theory]
    [InlineData("a%", "ABC", true)]
    [InlineData("a_c", "aXc", true)]
    [InlineData("%b%", "abc", true)]
    [InlineData("a\\%", "a%", true)]
    [InlineData("a\\%", "ab", false)]
    [InlineData("_", "é", true)]
    [InlineData("É", "é", false)]
    public void Like(string pattern, string text, bool expected) =>
        Assert.Equal(expected, PatternMatcher.Like(System.Text.Encoding.UTF8.GetBytes(pattern), System.Text.Encoding.UTF8.GetBytes(text), '\\'));

    [Theory]
    [InlineData("a*", "abc", true)]
    [InlineData("A*", "abc", false)]
    [InlineData("[a-c]?", "bz", true)]
    [InlineData("[^a]*", "abc", false)]
    [InlineData("[]]*", "]x", true)]
    [InlineData("h?llo", "héllo", true)]
    public void Glob(string pattern, string text, bool expected) =>
        Assert.Equal(expected, PatternMatcher.Glob(System.Text.Encoding.UTF8.GetBytes(pattern), System.Text.Encoding.UTF8.GetBytes(text)));

    private static SqlValue Aggregate(string name, params SqlValue[][] rows)
    {
        var acc = FunctionRegistry.BuiltIn.FindAggregate(name, rows.Length == 0 ? 1 : rows[0].Length)!.NewAccumulator();
        foreach (var r in rows) acc.Step(r);
        return acc.Finish();
    }

    [Fact]
    public void Aggregates()
    {
        Assert.True(Aggregate("sum").IsNull);
        Assert.Equal(SqlValue.Real(0.0), Aggregate("total"));
        Assert.Equal(I(15), Aggregate("sum", [I(5)], [T("10")], [SqlValue.Null]));
        Assert.Equal("integer overflow", Assert.Throws<MiniSqlException>(() => Aggregate("sum", [I(long.MaxValue)], [I(1)])).Message);
        Assert.Equal(SqlValue.Real(9223372036854775808.0 + 1.5), Aggregate("sum", [I(long.MaxValue)], [I(1)], [SqlValue.Real(1.5)]));
        Assert.Equal(SqlValue.Real(0.6), Aggregate("sum", [SqlValue.Real(0.1)], [SqlValue.Real(0.2)], [SqlValue.Real(0.3)]));
        Assert.Equal(SqlValue.Real(2.0), Aggregate("avg", [I(1)], [I(3)]));
        Assert.Equal(T("a"), Aggregate("min", [T("b")], [T("a")], [SqlValue.Null]));
        Assert.Equal(T("a,b"), Aggregate("group_concat", [T("a")], [SqlValue.Null], [T("b")]));
        Assert.Equal(T("a;b"), Aggregate("string_agg", [T("a"), T("-")], [T("b"), T(";")]));
        Assert.Equal(I(2), Aggregate("count", [I(1)], [SqlValue.Null], [I(2)]));
    }

    [Fact]
    public void DatesAndTimes()
    {
        Assert.Equal(T("2023-03-03"), Call("date", T("2023-02-31")));
        Assert.Equal(T("2024-03-31 00:00:00"), Call("datetime", T("2024-02-29"), T("+1 month"), T("start of month"), T("+30 days")));
        Assert.Equal(T("2013-10-07 12:23:19"), Call("datetime", T("2013-10-07 08:23:19-04:00")));
        Assert.Equal(SqlValue.Real(2451545.0), Call("julianday", T("2000-01-01 12:00")));
        Assert.Equal(I(1700000000), Call("unixepoch", Call("datetime", I(1700000000), T("unixepoch"))));
        Assert.Equal(T("2024-03-04"), Call("date", T("2024-02-29"), T("weekday 1")));
        Assert.Equal(T("2024-02-29 13:05:09"), Call("datetime", T("now")));
        Assert.Equal(T("064 10 1"), Call("strftime", T("%j %V %u"), T("2024-02-29"), T("+1 day"), T("weekday 1")));
        Assert.True(Call("date", T("garbage")).IsNull);
        Assert.True(Call("strftime", T("%Q"), T("2024-01-01")).IsNull);
    }
}
