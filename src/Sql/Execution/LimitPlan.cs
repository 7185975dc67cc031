using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

/// <summary>LIMIT / OFFSET over an input (a negative limit means no limit).</summary>
internal sealed class LimitPlan : QueryPlan
{
    private readonly QueryPlan _input;
    private readonly CompiledExpr _limit;
    private readonly CompiledExpr? _offset;
    private long _remaining;
    private long _skip;

    /// <summary>Creates a limit.</summary>
    public LimitPlan(QueryPlan input, CompiledExpr limit, CompiledExpr? offset)
    {
        _input = input;
        _limit = limit;
        _offset = offset;
        Columns = input.Columns;
    }

    private static long ToCount(SqlValue v)
    {
        var n = AffinityRules.Apply(v, Affinity.Numeric);
        if (n.Type != StorageClass.Integer) ThrowHelper.Throw(ResultCode.Mismatch, "datatype mismatch");
        return n.AsInteger;
    }

    /// <inheritdoc />
    public override void Open()
    {
        _remaining = ToCount(_limit.Eval());
        // LIMIT 0 jumps past the whole query before the offset or any row is computed (computeLimitRegisters).
        if (_remaining == 0) return;
        if (_remaining < 0) _remaining = long.MaxValue;
        _skip = _offset is null ? 0 : ToCount(_offset.Eval());
        if (_skip < 0) _skip = 0;
        _input.Open();
    }

    /// <inheritdoc />
    public override bool Next()
    {
        if (_remaining <= 0) return false;
        while (_skip > 0)
        {
            if (!_input.Next()) return false;
            _skip--;
        }
        if (!_input.Next()) return false;
        _remaining--;
        Row = _input.Row;
        return true;
    }

    /// <inheritdoc />
    public override void Close() => _input.Close();

    /// <inheritdoc />
    public override void Explain(ExplainBuilder builder, int parent) => _input.Explain(builder, parent);
}
