namespace MiniSql.OracleTests.Differential;

/// <summary>One disagreement between oracle and subject, with what is needed to reproduce it.</summary>
/// <param name="Seed">Generator seed.</param>
/// <param name="CaseIndex">Case index (-1 for setup statements); <see cref="DifferentialRunner.Script"/> replays up to it.</param>
/// <param name="Sql">The statement compared.</param>
/// <param name="Reason">What differed.</param>
/// <param name="Oracle">The oracle's outcome.</param>
/// <param name="Subject">The subject's outcome.</param>
/// <param name="OnlyTieBreaksDiffer">True if the rows agree once values that compare equal are treated alike (1 and
/// 1.0; ASCII case; trailing spaces): a storage-class or collation bug, or a plan-dependent choice between rows that
/// compare equal (see the generator's notes); judge from the SQL.</param>
internal sealed record DiffMismatch(int Seed, int CaseIndex, string Sql, string Reason, string Oracle, string Subject, bool OnlyTieBreaksDiffer)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"seed {Seed} case {CaseIndex}: {Reason}{(OnlyTieBreaksDiffer ? " (only values that compare equal differ: 1/1.0, case, trailing spaces)" : "")}\n" +
        $"  sql:     {Sql}\n  oracle:  {Oracle}\n  subject: {Subject}\n" +
        $"  replay:  DifferentialRunner.Script({Seed}, {CaseIndex})";
}
