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
                return SqlValue.Text(s);
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
                return SqlValue.Text(m.ToString("0.0###########################", CultureInfo.InvariantCulture));
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
                return type == MiniSqlType.Blob ? SqlValue.Blob(g.ToByteArray()) : SqlValue.Text(g.ToString().ToUpperInvariant());
            case Enum e:
                return ToSqlValue(Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture), type, size);
            default:
                throw new InvalidOperationException(
                    $"No mapping exists from object type {value.GetType().FullName} to a known managed provider native type.");
        }
    }

    // Microsoft.Data.Sqlite binds numbers by their CLR type whatever SqliteType says.
    private static SqlValue Integer(long v, MiniSqlType? type) => SqlValue.Integer(v);

    private static SqlValue Real(double d, MiniSqlType? type)
    {
        if (double.IsNaN(d)) throw new InvalidOperationException("Cannot store 'NaN' values.");
        return SqlValue.Real(d);
    }

    /// <summary>The Julian day number of a date (lang_datefunc: the proleptic Gregorian calendar, days since noon 4714-11-24 BC).</summary>
    public static double ToJulianDay(DateTime date)
    {
        int year = date.Year, month = date.Month, day = date.Day;
        if (month <= 2)
        {
            year--;
            month += 12;
        }
        int a = year / 100;
        int b = 2 - a + (a / 4);
        int x1 = 36525 * (year + 4716) / 100;
        int x2 = 306001 * (month + 1) / 10000;
        long milliseconds = (long)((x1 + x2 + day + b - 1524.5) * 86400000);
        milliseconds += date.Hour * 3600000L + date.Minute * 60000L + (long)((date.Second + date.Millisecond / 1000.0) * 1000);
        return milliseconds / 86400000.0;
    }

    /// <summary>The date of a Julian day number (inverse of <see cref="ToJulianDay"/>, millisecond precision).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The day number is outside DateTime's range.</exception>
    public static DateTime FromJulianDay(double julianDay)
    {
        long milliseconds = (long)(julianDay * 86400000.0 + 0.5);
        int z = (int)((milliseconds + 43200000) / 86400000);
        int a = (int)((z - 1867216.25) / 36524.25);
        a = z + 1 + a - (a / 4);
        int b = a + 1524;
        int c = (int)((b - 122.1) / 365.25);
        int d = (36525 * (c & 32767)) / 100;
        int e = (int)((b - d) / 30.6001);
        int day = b - d - (int)(30.6001 * e);
        int month = e < 14 ? e - 1 : e - 13;
        int year = month > 2 ? c - 4716 : c - 4715;

        int s = (int)((milliseconds + 43200000) % 86400000);
        double fraction = s / 1000.0;
        s = (int)fraction;
        fraction -= s;
        int hour = s / 3600;
        s -= hour * 3600;
        int minute = s / 60;
        fraction += s - minute * 60;
        int second = (int)fraction;
        int millisecond = (int)Math.Round((fraction - second) * 1000.0);
        return new DateTime(year, month, day, hour, minute, second, millisecond);
    }

    /// <summary>The storage class Microsoft.Data.Sqlite infers for a value's CLR type.</summary>
    public static MiniSqlType InferType(object? value) => value switch
    {
        null or DBNull => MiniSqlType.Text,
        bool or byte or sbyte or short or ushort or int or uint or long or ulong or Enum => MiniSqlType.Integer,
        double or float => MiniSqlType.Real,
        byte[] or ReadOnlyMemory<byte> or Memory<byte> => MiniSqlType.Blob,
        _ => MiniSqlType.Text,
    };
}
