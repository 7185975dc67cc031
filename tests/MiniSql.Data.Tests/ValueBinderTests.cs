using System.Globalization;
using MiniSql.Engine.Records;

namespace MiniSql.Data.Tests;

/// <summary>Storage formats of parameter values and the Julian day conversions.</summary>
public sealed class ValueBinderTests
{
    [Fact]
    public void DateTimeIsText() =>
        Assert.Equal("2024-05-06 07:08:09.5", ValueBinder.ToSqlValue(new DateTime(2024, 5, 6, 7, 8, 9, 500)).AsString);

    [Fact]
    public void DateTimeOffsetKeepsOffset() =>
        Assert.Equal("2024-05-06 07:08:09+02:00", ValueBinder.ToSqlValue(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2))).AsString);

    [Fact]
    public void BoolIsInteger() => Assert.Equal(SqlValue.Integer(1), ValueBinder.ToSqlValue(true));

    [Fact]
    public void GuidIsUpperTextOrBlob()
    {
        var g = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        Assert.Equal("0F8FAD5B-D9CB-469F-A165-70867728950E", ValueBinder.ToSqlValue(g).AsString);
        Assert.Equal(StorageClass.Blob, ValueBinder.ToSqlValue(g, MiniSqlType.Blob).Type);
    }

    [Fact]
    public void DecimalTimeSpanCharEnum()
    {
        Assert.Equal("12.5", ValueBinder.ToSqlValue(12.5m).AsString);
        Assert.Equal("1.02:03:04", ValueBinder.ToSqlValue(new TimeSpan(1, 2, 3, 4)).AsString);
        Assert.Equal("x", ValueBinder.ToSqlValue('x').AsString);
        Assert.Equal(SqlValue.Integer(3), ValueBinder.ToSqlValue(DayOfWeek.Wednesday));
    }

    [Fact]
    public void SizeTruncates()
    {
        Assert.Equal("ab", ValueBinder.ToSqlValue("abcdef", null, 2).AsString);
        Assert.Equal(2, ValueBinder.ToSqlValue(new byte[] { 1, 2, 3 }, null, 2).Bytes.Length);
    }

    [Fact]
    public void NaNAndUnknownTypesAreRejected()
    {
        Assert.Throws<InvalidOperationException>(() => ValueBinder.ToSqlValue(double.NaN));
        Assert.Throws<InvalidOperationException>(() => ValueBinder.ToSqlValue(new object()));
    }

    [Theory]
    [InlineData("2000-01-01 12:00:00", 2451545.0)]
    [InlineData("1970-01-01 00:00:00", 2440587.5)]
    public void JulianDays(string date, double julian)
    {
        var dt = DateTime.Parse(date, CultureInfo.InvariantCulture);
        Assert.Equal(julian, ValueBinder.ToJulianDay(dt), 9);
        Assert.Equal(dt, ValueBinder.FromJulianDay(julian));
    }
}
