using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Tests.Functions;

/// <summary>Unit tests of conversions, affinity, comparison and arithmetic against values taken from SQLite 3.49.1.</summary>
public sealed class SemanticsTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(1e20, "1.0e+20")]
    [InlineData(1e15, "1.0e+15")]
    [InlineData(1e14, "100000000000000.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.30000000000000004, "0.3")]
    [InlineData(1.0 / 3, "0.333333333333333")]
    [InlineData(-0.0, "0.0")]
    [InlineData(1e-5, "1.0e-05")]
    [InlineData(123456789012345678.0, "1.23456789012346e+17")]
    [InlineData(double.PositiveInfinity, "Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void RealToText(double value, string expected) => Assert.Equal(expected, SqlConvert.RealToString(value));

    [Theory]
    [InlineData("12abc", StorageClass.Integer, 12.0)]
    [InlineData("3.5x", StorageClass.Real, 3.5)]
    [InlineData("1e2", StorageClass.Real, 100.0)]
    [InlineData(" 12 ", StorageClass.Integer, 12.0)]
    [InlineData("0x10", StorageClass.Integer, 0.0)]
    [InlineData("1e", StorageClass.Integer, 1.0)]
    [InlineData("9223372036854775808", StorageClass.Real, 9223372036854775808.0)]
    public void ArithmeticOperandOfText(string text, StorageClass type, double value)
    {
        var v = SqlConvert.ToArithmeticOperand(SqlValue.Text(text));
        Assert.Equal(type, v.Type);
        Assert.Equal(value, type == StorageClass.Integer ? v.AsInteger : v.AsReal);
    }

    [Fact]
    public void CastRules()
    {
        Assert.Equal(SqlValue.Integer(1), SqlConvert.Cast(SqlValue.Text("1e3"), Affinity.Integer));
        Assert.Equal(SqlValue.Integer(long.MaxValue), SqlConvert.Cast(SqlValue.Real(1e20), Affinity.Integer));
        Assert.Equal(SqlValue.Integer(1000), SqlConvert.Cast(SqlValue.Text("1e3"), Affinity.Numeric));
        Assert.Equal(SqlValue.Real(3.0), SqlConvert.Cast(SqlValue.Real(3.0), Affinity.Numeric));
        Assert.Equal(SqlValue.Real(350.0), SqlConvert.Cast(SqlValue.Text(" 3.5e2x"), Affinity.Real));
        Assert.Equal(SqlValue.Blob("12"u8), SqlConvert.Cast(SqlValue.Integer(12), Affinity.Blob));
        Assert.True(SqlConvert.Cast(SqlValue.Null, Affinity.Text).IsNull);
    }

    [Fact]
    public void ColumnAffinity()
    {
        Assert.Equal(Affinity.Integer, AffinityRules.FromTypeName("FLOATING POINT"));
        Assert.Equal(Affinity.Numeric, AffinityRules.FromTypeName("STRING"));
        Assert.Equal(SqlValue.Integer(3), AffinityRules.Apply(SqlValue.Text("3.0"), Affinity.Numeric));
        Assert.Equal(SqlValue.Text("0x10"), AffinityRules.Apply(SqlValue.Text("0x10"), Affinity.Integer));
        Assert.Equal(SqlValue.Integer(12), AffinityRules.Apply(SqlValue.Text(" 12 "), Affinity.Integer));
        Assert.Equal(SqlValue.Real(12.0), AffinityRules.Apply(SqlValue.Integer(12), Affinity.Real));
        Assert.Equal(SqlValue.Text("1.5"), AffinityRules.Apply(SqlValue.Real(1.5), Affinity.Text));
        Assert.Equal(SqlValue.Real(9.3e18), AffinityRules.Apply(SqlValue.Real(9.3e18), Affinity.Numeric));
    }

    [Fact]
    public void ComparisonOrderAndAffinity()
    {
        Assert.True(SqlComparer.Compare(SqlValue.Null, SqlValue.Integer(0)) < 0);
        Assert.True(SqlComparer.Compare(SqlValue.Real(1e300), SqlValue.Text("")) < 0);
        Assert.True(SqlComparer.Compare(SqlValue.Text("z"), SqlValue.Blob([0])) < 0);
        Assert.True(SqlComparer.Compare(SqlValue.Integer(9007199254740993), SqlValue.Real(9007199254740992.0)) > 0);
        Assert.Equal(0, SqlComparer.Compare(SqlValue.Text("ABC"), SqlValue.Text("abc"), CollatingSequence.NoCase));
        Assert.Equal(Affinity.Numeric, SqlComparer.ComparisonAffinity(Affinity.Integer, Affinity.Text));
        Assert.Equal(Affinity.Text, SqlComparer.ComparisonAffinity(Affinity.None, Affinity.Text));
        Assert.Equal(Affinity.None, SqlComparer.ComparisonAffinity(Affinity.Blob, Affinity.Text));
        Assert.Equal(0, SqlComparer.CompareForOperator(SqlValue.Text("12"), SqlValue.Integer(12), Affinity.Numeric, null));
        Assert.Null(SqlComparer.CompareForOperator(SqlValue.Null, SqlValue.Integer(12), Affinity.None, null));
    }

    [Fact]
    public void Arithmetic()
    {
        Assert.Equal(SqlValue.Real(9223372036854775808.0), SqlArithmetic.Add(SqlValue.Integer(long.MaxValue), SqlValue.Integer(1)));
        Assert.Equal(SqlValue.Integer(-2), SqlArithmetic.Divide(SqlValue.Integer(-7), SqlValue.Integer(3)));
        Assert.True(SqlArithmetic.Divide(SqlValue.Integer(1), SqlValue.Integer(0)).IsNull);
        Assert.True(SqlArithmetic.Remainder(SqlValue.Real(1.5), SqlValue.Real(0.5)).IsNull);
        Assert.Equal(SqlValue.Real(1.0), SqlArithmetic.Remainder(SqlValue.Real(5.5), SqlValue.Integer(2)));
        Assert.Equal(SqlValue.Real(9223372036854775808.0), SqlArithmetic.Negate(SqlValue.Integer(long.MinValue)));
        Assert.Equal(SqlValue.Integer(-1), SqlArithmetic.ShiftRight(SqlValue.Integer(-8), SqlValue.Integer(100)));
        Assert.Equal(SqlValue.Integer(4), SqlArithmetic.ShiftLeft(SqlValue.Integer(8), SqlValue.Integer(-1)));
        Assert.Equal(SqlValue.Text("a1.0"), SqlArithmetic.Concat(SqlValue.Text("a"), SqlValue.Real(1.0)));
        Assert.True(SqlConvert.IsTrue(SqlValue.Text("0.5x")));
        Assert.False(SqlConvert.IsTrue(SqlValue.Text("abc")));
        Assert.Equal(SqlValue.Integer(0), SqlArithmetic.And(SqlValue.Null, SqlValue.Integer(0)));
        Assert.True(SqlArithmetic.Or(SqlValue.Null, SqlValue.Integer(0)).IsNull);
    }
}
