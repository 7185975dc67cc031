using MiniSql.Engine.Records;

namespace MiniSql.Sql.Functions;

/// <summary>count(*) (no arguments: every row) and count(X) (rows where X is not NULL).</summary>
internal sealed class CountAggregate : IAggregate
{
    private long _count;

    public void Step(ReadOnlySpan<SqlValue> args)
    {
        if (args.Length == 0 || !args[0].IsNull) _count++;
    }

    public SqlValue Finish() => SqlValue.Integer(_count);
}
