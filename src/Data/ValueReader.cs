using System.Globalization;
using System.Text;
using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;

namespace MiniSql.Data;

/// <summary>
/// Converts SQL values to .NET values with Microsoft.Data.Sqlite's rules; shared by the data reader and user-defined
/// function arguments (as its SqliteValueReader). Stateless; thread-safe.
/// </summary>
internal static class ValueReader
{
    /// <summary>The CLR type of a storage class (INTEGER → long, REAL → double, TEXT → string, BLOB → byte[]).</summary>
    public static Type FieldType(StorageClass storageClass) => storageClass switch
    {
        StorageClass.Integer => typeof(long),
        StorageClass.Real => typeof(double),
        StorageClass.Text => typeof(string),
        _ => typeof(byte[]),
    };

    /// <summary>The storage class a declared column type has affinity with (datatype3: 3.1), or null for none.</summary>
    public static StorageClass AffinityStorageClass(string? declaredType)
    {
        if (declaredType is null) return StorageClass.Blob;
        string t = declaredType.ToUpperInvariant();
        if (t.Contains("INT", StringComparison.Ordinal)) return StorageClass.Integer;
        if (t.Contains("CHAR", StringComparison.Ordinal) || t.Contains("CLOB", StringComparison.Ordinal) || t.Contains("TEXT", StringComparison.Ordinal)) return StorageClass.Text;
        if (t.Contains("BLOB", StringComparison.Ordinal) || t.Length == 0) return StorageClass.Blob;
        if (t.Contains("REAL", StringComparison.Ordinal) || t.Contains("FLOA", StringComparison.Ordinal) || t.Contains("DOUB", StringComparison.Ordinal)) return StorageClass.Real;
        return StorageClass.Text;
    }

    /// <summary>The storage class named by typeof() ("integer", "real", "text", "blob"; anything else is BLOB).</summary>
    public static StorageClass StorageClassFromName(string name) => name switch
    {
        "integer" => StorageClass.Integer,
        "real" => StorageClass.Real,
        "text" => StorageClass.Text,
        _ => StorageClass.Blob,
    };

    /// <summary>The name of a storage class as GetDataTypeName reports it.</summary>
    public static string StorageClassName(StorageClass storageClass) => storageClass switch
    {
        StorageClass.Integer => "INTEGER",
        StorageClass.Real => "REAL",
        StorageClass.Text => "TEXT",
        _ => "BLOB",
    };

    /// <summary>The value as its natural CLR type (long, double, string, byte[] or DBNull).</summary>
    public static object GetValue(in SqlValue v) => v.Type switch
    {
        StorageClass.Integer => v.AsInteger,
        StorageClass.Real => v.AsReal,
        StorageClass.Text => v.AsString,
        StorageClass.Blob => v.Bytes.ToArray(),
        _ => DBNull.Value,
    };

    /// <summary>sqlite3_column_int64 conversion.</summary>
    public static long GetInt64(in SqlValue v) => v.Type == StorageClass.Integer ? v.AsInteger : SqlConvert.ToInteger(v);

    /// <summary>sqlite3_column_double conversion.</summary>
    public static double GetDouble(in SqlValue v) => v.Type switch
    {
        StorageClass.Real => v.AsReal,
        StorageClass.Integer => v.AsInteger,
        _ => SqlConvert.ToReal(v),
    };

    /// <summary>sqlite3_column_text conversion.</summary>
    public static string GetString(in SqlValue v) => v.Type switch
    {
        StorageClass.Text => v.AsString,
        StorageClass.Integer => v.AsInteger.ToString(CultureInfo.InvariantCulture),
        StorageClass.Real => SqlConvert.RealToString(v.AsReal),
        StorageClass.Blob => Encoding.UTF8.GetString(v.Bytes),
        _ => string.Empty,
    };

    /// <summary>sqlite3_column_blob conversion.</summary>
    public static byte[] GetBlob(in SqlValue v) => v.Type switch
    {
        StorageClass.Blob or StorageClass.Text => v.Bytes.ToArray(),
        StorageClass.Null => [],
        _ => Encoding.UTF8.GetBytes(GetString(v)),
    };

    /// <summary>GetBoolean: nonzero integer.</summary>
    public static bool GetBoolean(in SqlValue v) => GetInt64(v) != 0;

    /// <summary>GetChar: an INTEGER is a code point, TEXT its first character.</summary>
    public static char GetChar(in SqlValue v)
    {
        if (v.Type == StorageClass.Text)
        {
            string s = GetString(v);
            if (s.Length == 1) return s[0];
        }
        return checked((char)GetInt64(v));
    }

    /// <summary>GetDateTime: TEXT parsed invariantly, numbers as Julian days.</summary>
    public static DateTime GetDateTime(in SqlValue v) => v.Type switch
    {
        StorageClass.Integer or StorageClass.Real => ValueBinder.FromJulianDay(GetDouble(v)),
        _ => DateTime.Parse(GetString(v), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
    };

    /// <summary>GetDateTimeOffset: TEXT parsed invariantly, numbers as Julian days (UTC).</summary>
    public static DateTimeOffset GetDateTimeOffset(in SqlValue v) => v.Type switch
    {
        StorageClass.Integer or StorageClass.Real => new DateTimeOffset(ValueBinder.FromJulianDay(GetDouble(v))),
        _ => DateTimeOffset.Parse(GetString(v), CultureInfo.InvariantCulture),
    };

    /// <summary>GetDateOnly: TEXT parsed invariantly, numbers as Julian days.</summary>
    public static DateOnly GetDateOnly(in SqlValue v) => v.Type switch
    {
        StorageClass.Integer or StorageClass.Real => DateOnly.FromDateTime(ValueBinder.FromJulianDay(GetDouble(v))),
        _ => DateOnly.Parse(GetString(v), CultureInfo.InvariantCulture),
    };

    /// <summary>GetTimeOnly: TEXT parsed invariantly, numbers as a fraction of a day.</summary>
    public static TimeOnly GetTimeOnly(in SqlValue v) => TimeOnly.Parse(GetString(v), CultureInfo.InvariantCulture);

    /// <summary>GetTimeSpan: TEXT in "c" format, numbers as days.</summary>
    public static TimeSpan GetTimeSpan(in SqlValue v) => v.Type switch
    {
        StorageClass.Integer or StorageClass.Real => TimeSpan.FromDays(GetDouble(v)),
        _ => TimeSpan.Parse(GetString(v), CultureInfo.InvariantCulture),
    };

    /// <summary>GetDecimal: TEXT parsed invariantly (exponent allowed), numbers converted.</summary>
    public static decimal GetDecimal(in SqlValue v) =>
        decimal.Parse(GetString(v), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    /// <summary>GetGuid: a 16-byte BLOB as bytes, otherwise parsed from text.</summary>
    public static Guid GetGuid(in SqlValue v) => new(GetString(v));

    /// <summary>Converts a non-NULL value to <typeparamref name="T"/> (GetFieldValue).</summary>
    public static T Get<T>(in SqlValue v)
    {
        if (typeof(T) == typeof(object)) return (T)GetValue(v);
        if (typeof(T) == typeof(long)) return (T)(object)GetInt64(v);
        if (typeof(T) == typeof(int)) return (T)(object)checked((int)GetInt64(v));
        if (typeof(T) == typeof(short)) return (T)(object)checked((short)GetInt64(v));
        if (typeof(T) == typeof(byte)) return (T)(object)checked((byte)GetInt64(v));
        if (typeof(T) == typeof(sbyte)) return (T)(object)checked((sbyte)GetInt64(v));
        if (typeof(T) == typeof(ushort)) return (T)(object)checked((ushort)GetInt64(v));
        if (typeof(T) == typeof(uint)) return (T)(object)checked((uint)GetInt64(v));
        if (typeof(T) == typeof(ulong)) return (T)(object)unchecked((ulong)GetInt64(v));
        if (typeof(T) == typeof(bool)) return (T)(object)GetBoolean(v);
        if (typeof(T) == typeof(double)) return (T)(object)GetDouble(v);
        if (typeof(T) == typeof(float)) return (T)(object)(float)GetDouble(v);
        if (typeof(T) == typeof(decimal)) return (T)(object)GetDecimal(v);
        if (typeof(T) == typeof(string)) return (T)(object)GetString(v);
        if (typeof(T) == typeof(byte[])) return (T)(object)GetBlob(v);
        if (typeof(T) == typeof(char)) return (T)(object)GetChar(v);
        if (typeof(T) == typeof(DateTime)) return (T)(object)GetDateTime(v);
        if (typeof(T) == typeof(DateTimeOffset)) return (T)(object)GetDateTimeOffset(v);
        if (typeof(T) == typeof(DateOnly)) return (T)(object)GetDateOnly(v);
        if (typeof(T) == typeof(TimeOnly)) return (T)(object)GetTimeOnly(v);
        if (typeof(T) == typeof(TimeSpan)) return (T)(object)GetTimeSpan(v);
        if (typeof(T) == typeof(Guid)) return (T)(object)GetGuid(v);
        return (T)GetObject(v, typeof(T));
    }

    /// <summary>Converts a value to <paramref name="type"/> (nullable and enum types included); DBNull for NULL.</summary>
    public static object GetObject(in SqlValue v, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (v.IsNull)
        {
            if (type == typeof(DBNull) || type == typeof(object)) return DBNull.Value;
            return null!;
        }
        type = underlying ?? type;
        if (type.IsEnum) return Enum.ToObject(type, GetInt64(v));
        if (type == typeof(object)) return GetValue(v);
        if (type == typeof(long)) return GetInt64(v);
        if (type == typeof(int)) return checked((int)GetInt64(v));
        if (type == typeof(short)) return checked((short)GetInt64(v));
        if (type == typeof(byte)) return checked((byte)GetInt64(v));
        if (type == typeof(sbyte)) return checked((sbyte)GetInt64(v));
        if (type == typeof(ushort)) return checked((ushort)GetInt64(v));
        if (type == typeof(uint)) return checked((uint)GetInt64(v));
        if (type == typeof(ulong)) return unchecked((ulong)GetInt64(v));
        if (type == typeof(bool)) return GetBoolean(v);
        if (type == typeof(double)) return GetDouble(v);
        if (type == typeof(float)) return (float)GetDouble(v);
        if (type == typeof(decimal)) return GetDecimal(v);
        if (type == typeof(string)) return GetString(v);
        if (type == typeof(byte[])) return GetBlob(v);
        if (type == typeof(char)) return GetChar(v);
        if (type == typeof(DateTime)) return GetDateTime(v);
        if (type == typeof(DateTimeOffset)) return GetDateTimeOffset(v);
        if (type == typeof(DateOnly)) return GetDateOnly(v);
        if (type == typeof(TimeOnly)) return GetTimeOnly(v);
        if (type == typeof(TimeSpan)) return GetTimeSpan(v);
        if (type == typeof(Guid)) return GetGuid(v);
        if (type == typeof(Stream)) return new MemoryStream(GetBlob(v), writable: false);
        if (type == typeof(TextReader)) return new StringReader(GetString(v));
        return Convert.ChangeType(GetValue(v), type, CultureInfo.InvariantCulture);
    }
}
