using System.Globalization;
using MiniSql.Engine.Records;

namespace MiniSql.Data;

/// <summary>
/// Converts .NET values to SQL values with Microsoft.Data.Sqlite's storage formats: bool as 0/1, DateTime as
/// "yyyy-MM-dd HH:mm:ss.FFFFFFF" text, DateTimeOffset with its offset, Guid as a 16-byte blob, decimal as text,
/// TimeSpan as "c" text, DateOnly "yyyy-MM-dd", char as text, enums as integers. Stateless; thread-safe.
/// </summary>
internal static class ValueBinder
{
    /// <summary>Converts <paramref name="value"/> (never null) to a SQL value, honouring an explicit storage class and size.</summary>
    public static SqlValue ToSqlValue(object value, MiniSqlType? type = null, int size = 0)
    {
        switch (value)
        {
            case DBNull:
                return SqlValue.Null;
            case string s:
                if (size > 0 && s.Length > size) s = s[..size];
                return type switch
                {
                    MiniSqlType.Integer => SqlValue.Integer(long.Parse(s, CultureInfo.InvariantCulture)),
                    MiniSqlType.Real => SqlValue.Real(double.Parse(s, CultureInfo.InvariantCulture)),
                    MiniSqlType.Blob => SqlValue.Blob(System.Text.Encoding.UTF8.GetBytes(s)),
                    _ => SqlValue.Text(s),
                };
            case byte[] b:
                if (size > 0 && b.Length > size) b = b.AsSpan(0, size).ToArray();
                return SqlValue.Blob(b.AsSpan());
            case ReadOnlyMemory<byte> rom:
                return SqlValue.Blob(size > 0 && rom.Length > size ? rom.Span[..size] : rom.Span);
            case Memory<byte> mem:
                return SqlValue.Blob(size > 0 && mem.Length > size ? mem.Span[..size] : mem.Span);
            case bool v:
                return Integer(v ? 1 : 0, type);
            case byte v:
                return Integer(v, type);
            case sbyte v:
                return Integer(v, type);
            case short v:
                return Integer(v, type);
            case ushort v:
                return Integer(v, type);
            case int v:
                return Integer(v, type);
            case uint v:
                return Integer(v, type);
            case long v:
                return Integer(v, type);
            case ulong v:
                return Integer(unchecked((long)v), type);
            case char c:
                return type == MiniSqlType.Integer ? SqlValue.Integer(c) : SqlValue.Text(c.ToString());
            case double d:
                return Real(d, type);
            case float f:
                return Real(f, type);
            case decimal m:
                return type switch
                {
                    MiniSqlType.Integer => SqlValue.Integer((long)m),
                    MiniSqlType.Real => SqlValue.Real((double)m),
                    _ => SqlValue.Text(m.ToString("0.0###########################", CultureInfo.InvariantCulture)),
                };
            case DateTime dt:
                return type == MiniSqlType.Real
                    ? SqlValue.Real(ToJulianDay(dt))
                    : SqlValue.Text(dt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
            case DateTimeOffset dto:
                return type == MiniSqlType.Real
                    ? SqlValue.Real(ToJulianDay(dto.UtcDateTime))
                    : SqlValue.Text(dto.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
            case DateOnly d:
                return type == MiniSqlType.Real
                    ? SqlValue.Real(ToJulianDay(d.ToDateTime(TimeOnly.MinValue)))
                    : SqlValue.Text(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case TimeOnly t:
                return type == MiniSqlType.Real
                    ? SqlValue.Real(t.ToTimeSpan().TotalDays)
                    : SqlValue.Text(t.ToString(t.Ticks % TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.fffffff", CultureInfo.InvariantCulture));
            case TimeSpan ts:
                return type == MiniSqlType.Real ? SqlValue.Real(ts.TotalDays) : SqlValue.Text(ts.ToString("c", CultureInfo.InvariantCulture));
            case Guid g:
                return type == MiniSqlType.Text ? SqlValue.Text(g.ToString().ToUpperInvariant()) : SqlValue.Blob(g.ToByteArray());
            case Enum e:
                return ToSqlValue(Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture), type, size);
            default:
                throw new InvalidOperationException(
                    $"No mapping exists from object type {value.GetType().FullName} to a known managed provider native type.");
        }
    }

    private static SqlValue Integer(long v, MiniSqlType? type) => type switch
    {
        MiniSqlType.Real => SqlValue.Real(v),
        MiniSqlType.Text => SqlValue.Text(v.ToString(CultureInfo.InvariantCulture)),
        _ => SqlValue.Integer(v),
    };

    private static SqlValue Real(double d, MiniSqlType? type)
    {
        if (double.IsNaN(d)) throw new InvalidOperationException("Cannot store 'NaN' values.");
        return type switch
        {
            MiniSqlType.Integer => SqlValue.Integer((long)d),
            MiniSqlType.Text => SqlValue.Text(d.ToString("R", CultureInfo.InvariantCulture)),
            _ => SqlValue.Real(d),
        };
    }

    /// <summary>The Julian day number of a date (SQLite's julianday()).</summary>
    public static double ToJulianDay(DateTime date)
    {
        long ticks = date.Ticks;
        return ticks / (double)TimeSpan.TicksPerDay + 1721425.5;
    }

    /// <summary>The date of a Julian day number (inverse of <see cref="ToJulianDay"/>).</summary>
    public static DateTime FromJulianDay(double julianDay)
    {
        long ticks = (long)Math.Round((julianDay - 1721425.5) * TimeSpan.TicksPerDay / TimeSpan.TicksPerMillisecond) * TimeSpan.TicksPerMillisecond;
        return new DateTime(ticks);
    }

    /// <summary>The storage class Microsoft.Data.Sqlite infers for a value's CLR type.</summary>
    public static MiniSqlType InferType(object? value) => value switch
    {
        null or DBNull => MiniSqlType.Text,
        bool or byte or sbyte or short or ushort or int or uint or long or ulong or Enum => MiniSqlType.Integer,
        double or float => MiniSqlType.Real,
        byte[] or Guid or ReadOnlyMemory<byte> or Memory<byte> => MiniSqlType.Blob,
        _ => MiniSqlType.Text,
    };
}
