using System.Globalization;
using MiniSql.Engine.Records;
using Microsoft.Data.Sqlite;

namespace MiniSql.OracleTests.Infrastructure;

/// <summary>Checks the emulated conversions and printf against real SQLite on many values.</summary>
public sealed class SqliteValueConversionsTests
{
    private const int Seed = 20261202;

    /// <summary>Doubles that stress rounding: random bit patterns, short decimals, halves, integers, extremes.</summary>
    private static List<double> Doubles()
    {
        var random = new Random(Seed);
        var values = new List<double>
        {
            0.0, -0.0, 0.5, 0.0005, -0.0005, 0.0625, 1.0005, 2.5, 1e15, 1e14, 123456789012345.6, 1e16, 1e17, 1e-5, 1e-4,
            9.999999999999999e22, 1e99, -1e99, 1e-99, double.PositiveInfinity, double.NegativeInfinity, -9223372036854775808.0,
            9223372036854775807.0, 1000000000000005.0, 0.1 + 0.2, 100.0, 1.0 / 3, -2.0 / 3, 4503599627370497.5,
        };
        for (int i = 0; i < 4000; i++)
        {
            values.Add(BitConverter.Int64BitsToDouble(random.NextInt64()));
            values.Add(Math.Round(random.NextDouble() * 2000 - 1000, random.Next(0, 6)));
            values.Add(random.Next(-100000, 100000) / 16.0 / Math.Pow(10, random.Next(0, 4)));
            values.Add((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 25)));
            values.Add(random.NextInt64(long.MinValue, long.MaxValue) / Math.Pow(10, random.Next(0, 19)));
        }
        // Beyond 1e+-100 SQLite scales by powers of ten in extended precision and its 16th digit can differ
        // from the exact decimal expansion used here; those magnitudes are left out (documented limitation).
        return values.Where(v => !double.IsNaN(v) && (v == 0 || double.IsInfinity(v) || (Math.Abs(v) > 1e-100 && Math.Abs(v) < 1e100))).ToList();
    }

    [Fact]
    public void PrintfFixedAndRealToTextMatchSqlite()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT printf('%.3f', $v), CAST($v AS TEXT), printf('%.1f', $v)";
        var parameter = command.Parameters.Add("$v", SqliteType.Real);
        var mismatches = new List<string>();
        foreach (double v in Doubles())
        {
            parameter.Value = v;
            using var reader = command.ExecuteReader();
            reader.Read();
            string fixed3 = SqlitePrintf.FormatFixed(v, 3);
            string text = SqlitePrintf.FormatReal(v);
            string fixed1 = SqlitePrintf.FormatFixed(v, 1);
            if (fixed3 != reader.GetString(0) || text != reader.GetString(1) || fixed1 != reader.GetString(2))
            {
                mismatches.Add($"{v:R}: ours {fixed3} {text} {fixed1}, sqlite {reader.GetString(0)} {reader.GetString(1)} {reader.GetString(2)}");
            }
        }
        Assert.True(mismatches.Count == 0, $"seed {Seed}: {mismatches.Count} mismatches\n" + string.Join('\n', mismatches.Take(20)));
    }

    [Fact]
    public void ColumnIntAndDoubleConversionsMatchSqlite()
    {
        var random = new Random(Seed);
        var texts = new List<string>
        {
            "", " ", "12", " 12", "\t-7xyz", "+5", "1e3", "1.9", "-1.9", ".5", "5.", "-.5e2", "1e", "1e+", "abc", "0x10",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "99999999999999999999999", "00000000000000000000012", "1.5e99", "1e400", "-1e400", "  3.25  ", "4294967297",
        };
        for (int i = 0; i < 500; i++)
        {
            texts.Add(random.NextInt64(long.MinValue, long.MaxValue).ToString(CultureInfo.InvariantCulture) + (i % 3 == 0 ? "z" : ""));
            texts.Add(((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30))).ToString("R", CultureInfo.InvariantCulture));
        }
        var values = texts.Select(SqlValue.Text).ToList();
        values.AddRange(Doubles().Select(SqlValue.Real));
        values.AddRange(Enumerable.Range(0, 300).Select(_ => SqlValue.Integer(random.NextInt64(long.MinValue, long.MaxValue))));
        values.AddRange(texts.Take(30).Select(t => SqlValue.Blob(System.Text.Encoding.UTF8.GetBytes(t))));

        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT $v";
        var parameter = command.Parameters.Add("$v", SqliteType.Text);
        var mismatches = new List<string>();
        foreach (var v in values)
        {
            parameter.SqliteType = v.Type switch
            {
                StorageClass.Integer => SqliteType.Integer,
                StorageClass.Real => SqliteType.Real,
                StorageClass.Blob => SqliteType.Blob,
                _ => SqliteType.Text,
            };
            parameter.Value = v.Type switch
            {
                StorageClass.Integer => v.AsInteger,
                StorageClass.Real => v.AsReal,
                StorageClass.Blob => v.Bytes.ToArray(),
                _ => v.AsString,
            };
            using var reader = command.ExecuteReader();
            reader.Read();
            // Microsoft.Data.Sqlite's GetInt64/GetDouble call sqlite3_column_int64/_double.
            long int64 = reader.GetInt64(0);
            double real = reader.GetDouble(0);
            if (int64 != SqliteValueConversions.ToInt64(v) ||
                BitConverter.DoubleToInt64Bits(real) != BitConverter.DoubleToInt64Bits(SqliteValueConversions.ToDouble(v)))
            {
                mismatches.Add($"{v}: ours {SqliteValueConversions.ToInt64(v)} {SqliteValueConversions.ToDouble(v):R}, sqlite {int64} {real:R}");
            }
        }
        Assert.True(mismatches.Count == 0, $"seed {Seed}: {mismatches.Count} mismatches\n" + string.Join('\n', mismatches.Take(20)));
    }
}
