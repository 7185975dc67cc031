using System.Globalization;
using System.Text;
using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;

namespace MiniSql.OracleTests.Functions;

/// <summary>
/// Differential tests of CAST, arithmetic, bitwise, concatenation, truth values and REAL-to-TEXT rendering:
/// every operator is evaluated on every pair of edge inputs in MiniSql and in real SQLite, and the storage
/// class and value must match exactly.
/// </summary>
public sealed class ConversionOracleTests : IDisposable
{
    private readonly SqliteOracle _oracle = new();

    public void Dispose() => _oracle.Dispose();

    private void CheckUnary(string sql, Func<SqlValue, SqlValue> mine)
    {
        var failures = new List<string>();
        foreach (var v in OracleInputs.Values)
        {
            var expected = _oracle.Evaluate(sql, [v], out var error);
            Assert.Null(error);
            var actual = mine(v);
            if (!SqliteOracle.Same(expected, actual))
                failures.Add($"{sql} with {SqliteOracle.Describe(v)}: SQLite {SqliteOracle.Describe(expected)}, MiniSql {SqliteOracle.Describe(actual)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)) + $"\n({failures.Count} failures)");
    }

    private void CheckBinary(string sql, Func<SqlValue, SqlValue, SqlValue> mine)
    {
        var failures = new List<string>();
        int n = 0;
        foreach (var a in OracleInputs.Values)
        foreach (var b in OracleInputs.Medium)
        {
            n++;
            var expected = _oracle.Evaluate(sql, [a, b], out var error);
            Assert.Null(error);
            var actual = mine(a, b);
            if (!SqliteOracle.Same(expected, actual))
                failures.Add($"{sql} with {SqliteOracle.Describe(a)}, {SqliteOracle.Describe(b)}: SQLite {SqliteOracle.Describe(expected)}, MiniSql {SqliteOracle.Describe(actual)}");
        }
        Assert.True(n > 5000);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)) + $"\n({failures.Count} failures)");
    }

    [Fact] public void CastAsInteger() => CheckUnary("SELECT CAST(?1 AS INTEGER)", v => SqlConvert.Cast(v, Affinity.Integer));
    [Fact] public void CastAsReal() => CheckUnary("SELECT CAST(?1 AS REAL)", v => SqlConvert.Cast(v, Affinity.Real));
    [Fact] public void CastAsText() => CheckUnary("SELECT CAST(?1 AS TEXT)", v => SqlConvert.Cast(v, Affinity.Text));
    [Fact] public void CastAsBlob() => CheckUnary("SELECT CAST(?1 AS BLOB)", v => SqlConvert.Cast(v, Affinity.Blob));
    [Fact] public void CastAsNumeric() => CheckUnary("SELECT CAST(?1 AS NUMERIC)", v => SqlConvert.Cast(v, Affinity.Numeric));
    [Fact] public void UnaryMinus() => CheckUnary("SELECT -?1", SqlArithmetic.Negate);
    [Fact] public void BitNot() => CheckUnary("SELECT ~?1", SqlArithmetic.BitNot);
    [Fact] public void Not() => CheckUnary("SELECT NOT ?1", SqlArithmetic.Not);
    [Fact] public void Truth() => CheckUnary("SELECT CASE WHEN ?1 THEN 1 WHEN NOT ?1 THEN 0 ELSE NULL END",
        v => SqlConvert.IsTrue(v) is bool b ? SqlValue.Integer(b ? 1 : 0) : SqlValue.Null);

    [Fact] public void Add() => CheckBinary("SELECT ?1 + ?2", SqlArithmetic.Add);
    [Fact] public void Subtract() => CheckBinary("SELECT ?1 - ?2", SqlArithmetic.Subtract);
    [Fact] public void Multiply() => CheckBinary("SELECT ?1 * ?2", SqlArithmetic.Multiply);
    [Fact] public void Divide() => CheckBinary("SELECT ?1 / ?2", SqlArithmetic.Divide);
    [Fact] public void Remainder() => CheckBinary("SELECT ?1 % ?2", SqlArithmetic.Remainder);
    [Fact] public void BitAnd() => CheckBinary("SELECT ?1 & ?2", SqlArithmetic.BitAnd);
    [Fact] public void BitOr() => CheckBinary("SELECT ?1 | ?2", SqlArithmetic.BitOr);
    [Fact] public void ShiftLeft() => CheckBinary("SELECT ?1 << ?2", SqlArithmetic.ShiftLeft);
    [Fact] public void ShiftRight() => CheckBinary("SELECT ?1 >> ?2", SqlArithmetic.ShiftRight);
    [Fact] public void Concat() => CheckBinary("SELECT ?1 || ?2", SqlArithmetic.Concat);
    [Fact] public void And() => CheckBinary("SELECT ?1 AND ?2", SqlArithmetic.And);
    [Fact] public void Or() => CheckBinary("SELECT ?1 OR ?2", SqlArithmetic.Or);

    [Fact]
    public void CompareWithoutAffinity()
    {
        CheckBinary("SELECT CASE WHEN ?1 < ?2 THEN -1 WHEN ?1 > ?2 THEN 1 WHEN ?1 = ?2 THEN 0 END",
            (a, b) => SqlComparer.CompareForOperator(a, b, Affinity.None, null) is int c ? SqlValue.Integer(Math.Sign(c)) : SqlValue.Null);
    }

    [Fact]
    public void SortOrderMatchesOrderBy()
    {
        _oracle.Execute("CREATE TABLE sortv(v)");
        using (var tx = _oracle.Connection.BeginTransaction())
        {
            foreach (var v in OracleInputs.Values) _oracle.Execute("INSERT INTO sortv VALUES(" + SqliteOracle.Literal(v) + ")");
            tx.Commit();
        }
        foreach (var coll in new[] { "BINARY", "NOCASE", "RTRIM" })
        {
            var expected = _oracle.Column($"SELECT v FROM sortv ORDER BY v COLLATE {coll}, rowid");
            var mine = OracleInputs.Values.Select((v, i) => (v, i)).ToList();
            var collation = coll switch { "NOCASE" => CollatingSequence.NoCase, "RTRIM" => CollatingSequence.RTrim, _ => CollatingSequence.Binary };
            mine.Sort((x, y) => { int c = SqlComparer.Compare(x.v, y.v, collation); return c != 0 ? c : x.i.CompareTo(y.i); });
            Assert.Equal(expected.Count, mine.Count);
            for (int i = 0; i < expected.Count; i++)
                Assert.True(SqliteOracle.Same(expected[i], mine[i].v), $"{coll} position {i}: SQLite {SqliteOracle.Describe(expected[i])}, MiniSql {SqliteOracle.Describe(mine[i].v)}");
        }
    }

    [Fact]
    public void RandomRealsRenderAsSqliteRendersThem()
    {
        int seed = 20261202;
        var rng = new Random(seed);
        var failures = new List<string>();
        for (int i = 0; i < 4000; i++)
        {
            double d = (i % 4) switch
            {
                0 => BitConverter.Int64BitsToDouble(rng.NextInt64()),
                1 => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-30, 30)),
                2 => Math.Round(rng.NextDouble() * 1000, rng.Next(0, 6)),
                _ => rng.Next(-100000, 100000) / 8.0,
            };
            if (double.IsNaN(d)) continue;
            var v = SqlValue.Real(d);
            var expected = _oracle.Evaluate("SELECT CAST(?1 AS TEXT)", [v], out _);
            var actual = SqlConvert.ToText(v);
            if (!SqliteOracle.Same(expected, actual)) failures.Add($"{d:R}: SQLite {SqliteOracle.Describe(expected)}, MiniSql {SqliteOracle.Describe(actual)}");
            // And back: text to REAL through the numeric prefix parser.
            var text = SqlValue.Text(d.ToString(i % 2 == 0 ? "R" : "E10", CultureInfo.InvariantCulture));
            var expectedBack = _oracle.Evaluate("SELECT CAST(?1 AS REAL)", [text], out _);
            var actualBack = SqlConvert.Cast(text, Affinity.Real);
            if (!SqliteOracle.Same(expectedBack, actualBack)) failures.Add($"'{Encoding.UTF8.GetString(text.Bytes)}' AS REAL: SQLite {SqliteOracle.Describe(expectedBack)}, MiniSql {SqliteOracle.Describe(actualBack)}");
        }
        Assert.True(failures.Count == 0, $"seed {seed}\n" + string.Join("\n", failures.Take(40)) + $"\n({failures.Count} failures)");
    }
}
