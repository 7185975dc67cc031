using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Functions;

/// <summary>
/// sum(), total() and avg() ("Built-in Aggregate Functions"). Integers are summed exactly until an overflow
/// or a non-integer input; from then on the sum is REAL, kept with Kahan-Babuska-Neumaier compensation.
/// sum() of only integers that overflowed raises "integer overflow"; sum() and avg() of no non-NULL rows are
/// NULL; total() is always REAL (0.0 for no rows). TEXT inputs count by their numeric value.
/// </summary>
internal sealed class SumAggregate : IAggregate
{
    /// <summary>Which of the three functions this is.</summary>
    internal enum Kind { Sum, Total, Average }

    private const long ExactDoubleLimit = 4503599627370496L; // 2^52

    private readonly Kind _kind;
    private long _count;
    private long _integerSum;
    private bool _approximate;
    private bool _overflow;
    private double _sum;
    private double _error;

    public SumAggregate(Kind kind) => _kind = kind;

    public void Step(ReadOnlySpan<SqlValue> args)
    {
        var v = args[0];
        if (v.Type == StorageClass.Text) v = AffinityRules.ApplyNumericForComparison(v);
        if (v.IsNull) return;
        _count++;
        bool isInteger = v.Type == StorageClass.Integer;
        if (!_approximate)
        {
            if (!isInteger)
            {
                StartApproximate(_integerSum);
                AddReal(SqlConvert.ToReal(v));
            }
            else
            {
                long x = _integerSum, y = v.AsInteger, r = unchecked(x + y);
                if (((x ^ r) & (y ^ r)) >= 0) _integerSum = r;
                else
                {
                    _overflow = true;
                    StartApproximate(_integerSum);
                    AddInteger(y);
                }
            }
        }
        else if (isInteger) AddInteger(v.AsInteger);
        else
        {
            _overflow = false;
            AddReal(SqlConvert.ToReal(v));
        }
    }

    private void StartApproximate(long value)
    {
        _approximate = true;
        if (value <= -ExactDoubleLimit || value >= ExactDoubleLimit)
        {
            long small = value % 16384;
            _sum = value - small;
            _error = small;
        }
        else
        {
            _sum = value;
            _error = 0.0;
        }
    }

    private void AddInteger(long value)
    {
        if (value <= -ExactDoubleLimit || value >= ExactDoubleLimit)
        {
            long small = value % 16384;
            AddReal(value - small);
            AddReal(small);
        }
        else AddReal(value);
    }

    private void AddReal(double r)
    {
        double s = _sum;
        double t = s + r;
        if (Math.Abs(s) > Math.Abs(r)) _error += (s - t) + r;
        else _error += (r - t) + s;
        _sum = t;
    }

    private double RealResult() =>
        _approximate ? (double.IsFinite(_error) ? _sum + _error : _sum) : _integerSum;

    public SqlValue Finish()
    {
        switch (_kind)
        {
            case Kind.Total:
                return SqlValue.Real(RealResult());
            case Kind.Average:
                return _count == 0 ? SqlValue.Null : SqlValue.Real(RealResult() / _count);
            default:
                if (_count == 0) return SqlValue.Null;
                if (!_approximate) return SqlValue.Integer(_integerSum);
                if (_overflow) ThrowHelper.Throw(ResultCode.Error, "integer overflow");
                return SqlValue.Real(RealResult());
        }
    }
}
