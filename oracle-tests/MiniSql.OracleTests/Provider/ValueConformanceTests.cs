using System.Data.Common;

namespace MiniSql.OracleTests.Provider;

/// <summary>
/// Parameter values of every supported .NET type written through both providers: the stored storage class and text,
/// and reading them back with GetValue, GetFieldValue of the same type and the typed getters.
/// </summary>
public sealed class ValueConformanceTests
{
    private enum Color
    {
        Red = 1,
        Blue = 5,
    }

    private static readonly Dictionary<string, Func<object>> Values = new()
    {
        ["int"] = () => 42,
        ["int min"] = () => int.MinValue,
        ["long max"] = () => long.MaxValue,
        ["short"] = () => (short)-7,
        ["byte"] = () => (byte)200,
        ["sbyte"] = () => (sbyte)-100,
        ["ushort"] = () => (ushort)65000,
        ["uint"] = () => 4000000000u,
        ["ulong"] = () => 18000000000000000000ul,
        ["bool true"] = () => true,
        ["bool false"] = () => false,
        ["double"] = () => 3.25,
        ["double tiny"] = () => 1e-300,
        ["double inf"] = () => double.PositiveInfinity,
        ["float"] = () => 1.5f,
        ["decimal"] = () => 12.345m,
        ["decimal whole"] = () => 100m,
        ["decimal negative"] = () => -0.001m,
        ["string"] = () => "hello",
        ["string empty"] = () => string.Empty,
        ["string unicode"] = () => "Zürich ✓",
        ["char"] = () => 'x',
        ["bytes"] = () => new byte[] { 1, 2, 255 },
        ["bytes empty"] = () => Array.Empty<byte>(),
        ["guid"] = () => new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
        ["datetime"] = () => new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Unspecified),
        ["datetime fraction"] = () => new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc).AddTicks(4567),
        ["datetime local kind"] = () => new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Local),
        ["datetimeoffset"] = () => new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)),
        ["datetimeoffset utc"] = () => new DateTimeOffset(2024, 5, 6, 7, 8, 9, 500, TimeSpan.Zero),
        ["dateonly"] = () => new DateOnly(1999, 12, 31),
        ["timeonly"] = () => new TimeOnly(13, 14, 15),
        ["timeonly fraction"] = () => new TimeOnly(13, 14, 15, 250),
        ["timespan"] = () => new TimeSpan(1, 2, 3, 4, 5),
        ["timespan negative"] = () => TimeSpan.FromMinutes(-90),
        ["enum"] = () => Color.Blue,
        ["dbnull"] = () => DBNull.Value,
    };

    /// <summary>Value names, each paired with a column declared type.</summary>
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Values.Keys) data.Add(name, "");
        foreach (var name in new[] { "int", "double", "string", "bytes", "guid", "datetime", "decimal", "bool true", "dateonly", "timespan" })
        {
            data.Add(name, "TEXT");
            data.Add(name, "INTEGER");
        }
        return data;
    }

    /// <summary>Writes a value as a parameter, then reads it back every way.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void RoundTrip(string valueName, string declaredType)
    {
        ConformanceRunner.Compare((target, t, path) =>
        {
            object value = Values[valueName]();
            using var connection = target.Open("Data Source=" + path);
            using (var create = connection.CreateCommand())
            {
                create.CommandText = "CREATE TABLE t(v " + declaredType + ")";
                create.ExecuteNonQuery();
            }
            using (var insert = connection.CreateCommand())
            {
                insert.CommandText = "INSERT INTO t VALUES (@v)";
                var p = insert.CreateParameter();
                p.ParameterName = "@v";
                p.Value = value;
                insert.Parameters.Add(p);
                t.Add("DbType", p.DbType);
                t.Add("StorageClass", target.StorageClassOf(p));
                t.Try("insert", () => insert.ExecuteNonQuery());
            }
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT v, typeof(v), quote(v) FROM t";
            using var reader = select.ExecuteReader();
            t.Add("read", reader.Read());
            t.Add("value", reader.GetValue(0));
            t.Add("typeof", reader.GetValue(1));
            t.Add("quote", reader.GetValue(2));
            t.Add("FieldType", reader.GetFieldType(0));
            t.Add("DataTypeName", reader.GetDataTypeName(0));
            t.Add("IsDBNull", reader.IsDBNull(0));
            var type = value.GetType();
            t.Try("GetFieldValue<" + type.Name + ">", () => GetFieldValue(reader, type));
            t.Try("GetFieldValue<object>", () => reader.GetFieldValue<object>(0));
            ReadAll(target, t, reader, 0);
        });
    }

    /// <summary>A SQL literal read with every getter of both readers.</summary>
    public static TheoryData<string> Literals() => new()
    {
        "1", "0", "-1", "300", "70000", "3000000000", "2.5", "-2.5", "1e300", "'42'", "' 42 '", "'4.5'", "'abc'", "''", "'1'", "'true'",
        "'2024-05-06 07:08:09'", "'2024-05-06T07:08:09.123+02:00'", "'2024-05-06'", "'13:14:15'", "'1.02:03:04.005'",
        "'0F8FAD5B-D9CB-469F-A165-70867728950E'", "x'5BAD8F0FCBD99F46A16570867728950E'", "x'0102'", "x''", "NULL", "2460436.5", "'x'",
    };

    /// <summary>Reads one literal with every typed getter, recording values or exceptions.</summary>
    [Theory]
    [MemberData(nameof(Literals))]
    public void Getters(string literal)
    {
        ConformanceRunner.Compare((target, t, path) =>
        {
            using var connection = target.Open("Data Source=:memory:");
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT " + literal;
            using var reader = command.ExecuteReader();
            t.Add("read", reader.Read());
            t.Add("value", reader.GetValue(0));
            t.Add("FieldType", reader.GetFieldType(0));
            t.Add("DataTypeName", reader.GetDataTypeName(0));
            ReadAll(target, t, reader, 0);
        });
    }

    private static object? GetFieldValue(DbDataReader reader, Type type) =>
        typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue))!.MakeGenericMethod(type).Invoke(reader, [0]) switch
        {
            Stream s => "stream",
            var v => v,
        };

    private static void ReadAll(ProviderTarget target, Transcript t, DbDataReader r, int i)
    {
        t.Try("GetBoolean", () => r.GetBoolean(i));
        t.Try("GetByte", () => r.GetByte(i));
        t.Try("GetInt16", () => r.GetInt16(i));
        t.Try("GetInt32", () => r.GetInt32(i));
        t.Try("GetInt64", () => r.GetInt64(i));
        t.Try("GetDouble", () => r.GetDouble(i));
        t.Try("GetFloat", () => r.GetFloat(i));
        t.Try("GetDecimal", () => r.GetDecimal(i));
        t.Try("GetString", () => r.GetString(i));
        t.Try("GetChar", () => r.GetChar(i));
        t.Try("GetDateTime", () => r.GetDateTime(i));
        t.Try("GetDateTimeOffset", () => target.GetDateTimeOffset(r, i));
        t.Try("GetTimeSpan", () => target.GetTimeSpan(r, i));
        t.Try("GetGuid", () => r.GetGuid(i));
        t.Try("GetBytes(null)", () => r.GetBytes(i, 0, null, 0, 0));
        t.Try("GetFieldValue<DateOnly>", () => r.GetFieldValue<DateOnly>(i));
        t.Try("GetFieldValue<TimeOnly>", () => r.GetFieldValue<TimeOnly>(i));
        t.Try("GetFieldValue<int?>", () => r.GetFieldValue<int?>(i));
        t.Try("GetFieldValue<string>", () => r.GetFieldValue<string>(i));
        t.Try("GetFieldValue<byte[]>", () => r.GetFieldValue<byte[]>(i));
        t.Try("GetFieldValue<DBNull>", () => r.GetFieldValue<DBNull>(i));
        t.Try("GetFieldValue<long>", () => r.GetFieldValue<long>(i));
        t.Try("GetStream", () =>
        {
            using var s = r.GetStream(i);
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
        t.Try("GetTextReader", () =>
        {
            using var tr = r.GetTextReader(i);
            return tr.ReadToEnd();
        });
    }
}
