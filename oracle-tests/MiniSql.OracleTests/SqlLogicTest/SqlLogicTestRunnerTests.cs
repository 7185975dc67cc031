using MiniSql.OracleTests.Infrastructure;

namespace MiniSql.OracleTests.SqlLogicTest;

public sealed class SqlLogicTestRunnerTests
{
    private const string Setup =
        "statement ok\nCREATE TABLE t1(a INTEGER, b TEXT, c REAL)\n\n" +
        "statement ok\nINSERT INTO t1 VALUES(3,'x',1.5),(1,'',-0.0004),(2,NULL,2.0)\n\n";

    private static SltFileResult Run(string script) =>
        SqlLogicTestRunner.RunScript(Setup + script, "inline.test", () => new SqliteEngine(), new SltRunOptions());

    [Fact]
    public void MatchingResultsPassWithEachSortMode()
    {
        var r = Run(
            "hash-threshold 9\n\nquery ITR nosort\nSELECT a, b, c FROM t1 ORDER BY a\n----\n1\n(empty)\n-0.000\n2\nNULL\n2.000\n3\nx\n1.500\n\n" +
            "query II rowsort\nSELECT a, a*10 FROM t1\n----\n1\n10\n2\n20\n3\n30\n\n" +
            "query I valuesort\nSELECT a FROM t1 UNION ALL SELECT 10\n----\n1\n10\n2\n3\n");
        Assert.Equal((2, 0, 3, 0), (r.StatementsPassed, r.StatementsFailed, r.QueriesPassed, r.QueriesFailed));
    }

    [Fact]
    public void WrongValuesWrongRowCountAndWrongColumnCountFailWithDetails()
    {
        var r = Run(
            "query I nosort\nSELECT a FROM t1 ORDER BY a\n----\n1\n2\n4\n\n" +
            "query I nosort\nSELECT a FROM t1 ORDER BY a\n----\n1\n2\n\n" +
            "query II nosort\nSELECT a FROM t1 ORDER BY a\n----\n1\n2\n3\n");
        Assert.Equal(3, r.QueriesFailed);
        Assert.Equal(0, r.QueriesPassed);
        var first = r.Failures[0];
        Assert.Equal("SELECT a FROM t1 ORDER BY a", first.Sql);
        Assert.Equal("1 | 2 | 4", first.Expected);
        Assert.Equal("1 | 2 | 3", first.Actual);
        Assert.Equal(7, first.Line);
        Assert.Contains("columns", r.Failures[2].Actual);
    }

    [Fact]
    public void HashThresholdDefaultsToEightAndZeroTurnsItOff()
    {
        // Nine values: above the default threshold, so the result is one hash line.
        string[] values = Enumerable.Range(1, 9).Select(i => i.ToString()).ToArray();
        string hash = SqlLogicTestRunner.HashLine(values);
        string listed = string.Join('\n', values);
        const string sql = "WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v+1 FROM s WHERE v<9) SELECT v FROM s";
        var r = Run(
            $"query I nosort\n{sql}\n----\n{hash}\n\n" +
            $"query I nosort\n{sql}\n----\n{listed}\n\n" +
            $"hash-threshold 0\n\nquery I nosort\n{sql}\n----\n{listed}\n\n" +
            $"query I nosort\n{sql}\n----\n{hash}\n");
        Assert.Equal(2, r.QueriesPassed);
        Assert.Equal(2, r.QueriesFailed);
        Assert.Equal(1, r.QueriesHashed);
        Assert.StartsWith("9 values hashing to ", hash);
    }

    [Fact]
    public void HashIsMd5OfValuesEachFollowedByNewline()
    {
        // md5("1\n2\n") computed independently.
        Assert.Equal("2 values hashing to " + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("1\n2\n"u8)),
            SqlLogicTestRunner.HashLine(["1", "2"]));
    }

    [Fact]
    public void LabelsMustAgreeAcrossQueriesIncludingSkippedOnes()
    {
        var r = Run(
            "skipif sqlite\nquery I rowsort lbl\nSELECT 99\n----\n1\n2\n3\n\n" +
            "query I rowsort lbl\nSELECT a FROM t1\n----\n1\n2\n3\n\n" +
            "query I rowsort lbl\nSELECT a+1 FROM t1\n----\n2\n3\n4\n");
        Assert.Equal(1, r.Skipped);
        Assert.Equal(1, r.QueriesPassed);
        Assert.Equal(1, r.QueriesFailed);
        Assert.Contains("label lbl", r.Failures[0].Actual);
    }

    [Fact]
    public void SkipifOnlyifAndHaltFollowTheDialect()
    {
        var r = Run(
            "onlyif mysql\nstatement ok\nTHIS IS NOT SQL\n\n" +
            "onlyif sqlite\nquery I\nSELECT 1\n----\n1\n\n" +
            "onlyif mssql\nhalt\n\n" +
            "query I\nSELECT 2\n----\n2\n\n" +
            "halt\n\n" +
            "query I\nSELECT 3\n----\n999\n");
        Assert.Equal(1, r.Skipped);
        Assert.Equal(2, r.QueriesPassed);
        Assert.Equal(0, r.Failed);
        Assert.True(r.Halted);
    }

    [Fact]
    public void StatementOutcomesMustMatch()
    {
        var r = Run(
            "statement error\nSELECT * FROM missing\n\n" +
            "statement ok\nSELECT * FROM missing\n\n" +
            "statement error\nSELECT 1\n\n" +
            "statement ok\nINSERT INTO t1 VALUES(4,'y',0); DELETE FROM t1 WHERE a=4;\n");
        Assert.Equal(2 + 2, r.StatementsPassed);
        Assert.Equal(2, r.StatementsFailed);
        Assert.Contains("no such table: missing", r.Failures[0].Actual);
    }

    [Fact]
    public void StepTimeErrorYieldsRowsProducedSoFar()
    {
        var r = Run(
            "statement ok\nCREATE TABLE big(x INTEGER)\n\n" +
            "statement ok\nINSERT INTO big VALUES(9223372036854775807),(1)\n\n" +
            "query I nosort\nSELECT sum(x) FROM big\n----\n\n" +
            "query I nosort\nSELECT nosuchcolumn FROM big\n----\n");
        Assert.Equal(1, r.QueriesPassed);
        Assert.Equal(1, r.StepErrors);
        Assert.Equal(1, r.QueriesFailed);
        Assert.StartsWith("error 1/1: no such column", r.Failures[0].Actual);
    }

    [Fact]
    public void ValuesRenderLikeTheReferenceRunner()
    {
        var r = Run(
            "query IIIII nosort\nSELECT 3.99, -3.99, '12abc', 4294967297, 1e300\n----\n3\n-3\n12\n1\n-1\n\n" +
            "query RRR nosort\nSELECT 7, ' 2.5x', -9223372036854775808\n----\n7.000\n2.500\n-9223372036854776000.000\n\n" +
            "query TTTT nosort\nSELECT '', 'a' || char(9) || 'é', 1.0, x'41004142'\n----\n(empty)\na@@@\n1.0\nA\n");
        Assert.Equal(0, r.Failed);
        Assert.Equal(3, r.QueriesPassed);
    }

    [Fact]
    public void SpentTimeBudgetCountsRemainingRecordsAsNotRun()
    {
        var options = new SltRunOptions { FileTimeBudget = TimeSpan.Zero };
        var r = SqlLogicTestRunner.RunScript(Setup + "query I\nSELECT 1\n----\n1\n\nskipif sqlite\nquery I\nSELECT 1\n----\n1\n",
            "inline.test", () => new SqliteEngine(), options);
        Assert.Equal(3, r.NotRun);
        Assert.Equal(3, r.Failed);
        Assert.Contains("time budget", r.Failures[0].Actual);
    }
}
