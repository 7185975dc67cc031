namespace MiniSql.OracleTests.SqlLogicTest;

/// <summary>One failed record: where it is, its SQL, what was expected and what the engine gave.</summary>
internal sealed record SltFailure(string File, int Line, string Sql, string Expected, string Actual)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{File}:{Line}\n  sql: {Sql.Replace("\n", "\n       ")}\n  expected: {Expected}\n  actual:   {Actual}";
}
