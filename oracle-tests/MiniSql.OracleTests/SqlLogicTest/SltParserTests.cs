namespace MiniSql.OracleTests.SqlLogicTest;

public sealed class SltParserTests
{
    [Fact]
    public void ParsesStatementsQueriesAndControlRecords()
    {
        const string script =
            "# leading comment\n" +
            "hash-threshold 0\n" +
            "\n\n" +
            "statement ok\n" +
            "CREATE TABLE t1(a INTEGER, b TEXT);\n" +
            "# comment inside a record does not end it\n" +
            "INSERT INTO t1 VALUES(1,'x')\n" +
            "\n" +
            "statement error\n" +
            "SELECT nope FROM t1\n" +
            "\n" +
            "query IT rowsort label-7\n" +
            "SELECT a, b\n" +
            "  FROM t1\n" +
            "----\n" +
            "1\n" +
            "x\n" +
            "\n" +
            "halt\n";
        var records = SltParser.Parse(script);

        Assert.Equal(5, records.Count);
        Assert.Equal(SltRecordKind.HashThreshold, records[0].Kind);
        Assert.Equal(0, records[0].Threshold);
        Assert.Equal(SltRecordKind.Statement, records[1].Kind);
        Assert.False(records[1].ExpectError);
        Assert.Equal("CREATE TABLE t1(a INTEGER, b TEXT);\nINSERT INTO t1 VALUES(1,'x')", records[1].Sql);
        Assert.Equal(5, records[1].Line);
        Assert.True(records[2].ExpectError);
        var q = records[3];
        Assert.Equal(SltRecordKind.Query, q.Kind);
        Assert.Equal("IT", q.ColumnTypes);
        Assert.Equal(SltSortMode.RowSort, q.SortMode);
        Assert.Equal("label-7", q.Label);
        Assert.Equal("SELECT a, b\n  FROM t1", q.Sql);
        Assert.True(q.HasExpected);
        Assert.Equal(["1", "x"], q.Expected);
        Assert.Equal(SltRecordKind.Halt, records[4].Kind);
    }

    [Fact]
    public void HandlesCrlfWhitespaceOnlySeparatorsAndMissingFinalNewline()
    {
        const string script = "statement ok\r\nSELECT 1\r\n  \t\r\nquery I nosort\r\nSELECT 1\r\n----\r\n1";
        var records = SltParser.Parse(script);

        Assert.Equal(2, records.Count);
        Assert.Equal("SELECT 1", records[0].Sql);
        Assert.Equal(SltSortMode.NoSort, records[1].SortMode);
        Assert.Null(records[1].Label);
        Assert.Equal(["1"], records[1].Expected);
    }

    [Fact]
    public void EmptyResultAfterSeparatorMeansZeroRows()
    {
        var records = SltParser.Parse("query I valuesort\nSELECT 1 WHERE 0\n----\n\nquery T\nSELECT 'a'\n----");
        Assert.Equal(2, records.Count);
        Assert.True(records[0].HasExpected);
        Assert.Empty(records[0].Expected);
        Assert.Equal(SltSortMode.ValueSort, records[0].SortMode);
        Assert.True(records[1].HasExpected);
        Assert.Empty(records[1].Expected);
    }

    [Fact]
    public void ConditionsAreCollectedAndMatchedCaseInsensitivelyIgnoringTrailingText()
    {
        var records = SltParser.Parse(
            "skipif postgresql\nonlyif SQLite # only here\nstatement ok\nSELECT 1\n\n" +
            "onlyif mysql # DIV for integer division:\nquery I\nSELECT 1 DIV 1\n----\n1\n\n" +
            "skipif sqlite\nhalt\n");

        Assert.Equal([new SltCondition(true, "postgresql"), new SltCondition(false, "SQLite")], records[0].Conditions);
        Assert.True(records[0].RunsOn("sqlite"));
        Assert.False(records[1].RunsOn("sqlite"));
        Assert.True(records[1].RunsOn("MySQL"));
        Assert.Equal(SltRecordKind.Halt, records[2].Kind);
        Assert.False(records[2].RunsOn("sqlite"));
    }

    [Fact]
    public void UnknownCommandsAndBadSortModesAreUnknownRecords()
    {
        var records = SltParser.Parse("frobnicate now\n\nquery I sideways\nSELECT 1\n----\n1\n");
        Assert.All(records, r => Assert.Equal(SltRecordKind.Unknown, r.Kind));
        Assert.Equal("frobnicate now", records[0].Command);
    }
}
