using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Functions;

/// <summary>
/// The min(X) and max(X) aggregates: the least or greatest non-NULL value under the argument's collation
/// (the first one seen wins ties); NULL when every value is NULL.
/// </summary>
internal sealed class MinMaxAggregate : IAggregate
{
    private readonly bool _max;
    private readonly CollatingSequence _collation;
    private SqlValue _best;

    public MinMaxAggregate(bool max, CollatingSequence collation)
    {
        _max = max;
        _collation = collation;
    }

    public void Step(ReadOnlySpan<SqlValue> args)
    {
        var v = args[0];
        if (v.IsNull) return;
        if (_best.IsNull)
        {
            _best = v;
            return;
        }
        int c = SqlComparer.Compare(_best, v, _collation);
        if (_max ? c < 0 : c > 0) _best = v;
    }

    public SqlValue Finish() => _best;
}
