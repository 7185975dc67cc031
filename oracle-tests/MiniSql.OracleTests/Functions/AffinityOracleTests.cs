using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;

namespace MiniSql.OracleTests.Functions;

/// <summary>
/// Differential tests of column affinity: every edge value is inserted into columns of each affinity in real
/// SQLite and read back, and MiniSql's <see cref="AffinityRules.Apply"/> must give the same storage class and
/// value; comparisons between typed columns and untyped expressions must agree too.
/// </summary>
public sealed class AffinityOracleTests : IDisposable
{
    private static readonly (string Column, string Type)[] Columns =
    [
        ("ci", "INTEGER"), ("ct", "TEXT"), ("cb", "BLOB"), ("cr", "REAL"), ("cn", "NUMERIC"), ("cx", ""),
    ];

    private readonly SqliteOracle _oracle = new();

    public AffinityOracleTests()
    {
        _oracle.Execute("CREATE TABLE t(id INTEGER PRIMARY KEY, " + string.Join(", ", Columns.Select(c => c.Column + " " + c.Type)) + ")");
        using var tx = _oracle.Connection.BeginTransaction();
        for (int i = 0; i < OracleInputs.Values.Length; i++)
        {
            string lit = SqliteOracle.Literal(OracleInputs.Values[i]);
            _oracle.Execute($"INSERT INTO t VALUES({i}, {lit}, {lit}, {lit}, {lit}, {lit}, {lit})");
        }
        tx.Commit();
    }

    public void Dispose() => _oracle.Dispose();

    [Theory]
    [InlineData("INT", Affinity.Integer)]
    [InlineData("integer", Affinity.Integer)]
    [InlineData("TINYINT", Affinity.Integer)]
    [InlineData("POINT", Affinity.Integer)]
    [InlineData("VARCHAR(10)", Affinity.Text)]
    [InlineData("CLOB", Affinity.Text)]
    [InlineData("CHARINT", Affinity.Integer)]
    [InlineData("BLOB", Affinity.Blob)]
    [InlineData("", Affinity.Blob)]
    [InlineData(null, Affinity.Blob)]
    [InlineData("DOUBLE PRECISION", Affinity.Real)]
    [InlineData("FLOATING POINT", Affinity.Integer)]
    [InlineData("REAL", Affinity.Real)]
    [InlineData("DECIMAL(10,5)", Affinity.Numeric)]
    [InlineData("STRING", Affinity.Numeric)]
    [InlineData("BOOLEAN", Affinity.Numeric)]
    public void TypeNameAffinity(string? typeName, Affinity expected) => Assert.Equal(expected, AffinityRules.FromTypeName(typeName));

    [Fact]
    public void StoredValuesMatch()
    {
        var failures = new List<string>();
        foreach (var (column, type) in Columns)
        {
            var affinity = AffinityRules.FromTypeName(type);
            var stored = _oracle.Column($"SELECT {column} FROM t ORDER BY id");
            for (int i = 0; i < OracleInputs.Values.Length; i++)
            {
                var actual = AffinityRules.Apply(OracleInputs.Values[i], affinity);
                if (!SqliteOracle.Same(stored[i], actual))
                    failures.Add($"{type} column, {SqliteOracle.Describe(OracleInputs.Values[i])}: SQLite {SqliteOracle.Describe(stored[i])}, MiniSql {SqliteOracle.Describe(actual)}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)) + $"\n({failures.Count} failures)");
    }

    [Fact]
    public void ComparisonsWithColumnAffinityMatch()
    {
        var failures = new List<string>();
        int checks = 0;
        foreach (var (column, type) in Columns)
        {
            var colAffinity = AffinityRules.FromTypeName(type);
            var stored = _oracle.Column($"SELECT {column} FROM t ORDER BY id");
            foreach (var (other, otherType) in Columns.Take(3))
            {
                // Column against column: both have affinity.
                var expected = _oracle.Column($"SELECT CASE WHEN a.{column} < b.{other} THEN -1 WHEN a.{column} > b.{other} THEN 1 WHEN a.{column} = b.{other} THEN 0 END FROM t a, t b WHERE a.id % 7 = 1 ORDER BY a.id, b.id");
                var otherStored = _oracle.Column($"SELECT {other} FROM t ORDER BY id");
                var aff = SqlComparer.ComparisonAffinity(colAffinity, AffinityRules.FromTypeName(otherType));
                int k = 0;
                for (int i = 0; i < stored.Count; i++)
                {
                    if (i % 7 != 1) continue;
                    for (int j = 0; j < otherStored.Count; j++, k++)
                    {
                        var c = SqlComparer.CompareForOperator(stored[i], otherStored[j], aff, null);
                        var actual = c is int x ? SqlValue.Integer(Math.Sign(x)) : SqlValue.Null;
                        checks++;
                        if (!SqliteOracle.Same(expected[k], actual))
                            failures.Add($"{type} {SqliteOracle.Describe(stored[i])} vs {otherType} {SqliteOracle.Describe(otherStored[j])}: SQLite {SqliteOracle.Describe(expected[k])}, MiniSql {SqliteOracle.Describe(actual)}");
                    }
                }
            }
            // Column against an untyped expression (a bound parameter has no affinity).
            foreach (var v in OracleInputs.Values)
            {
                var expected = _oracle.Column($"SELECT CASE WHEN {column} < ?1 THEN -1 WHEN {column} > ?1 THEN 1 WHEN {column} = ?1 THEN 0 END FROM t ORDER BY id".Replace("?1", SqliteOracle.Literal(v)));
                var aff = SqlComparer.ComparisonAffinity(colAffinity, Affinity.None);
                for (int i = 0; i < stored.Count; i++)
                {
                    var c = SqlComparer.CompareForOperator(stored[i], v, aff, null);
                    var actual = c is int x ? SqlValue.Integer(Math.Sign(x)) : SqlValue.Null;
                    checks++;
                    if (!SqliteOracle.Same(expected[i], actual))
                        failures.Add($"{type} {SqliteOracle.Describe(stored[i])} vs {SqliteOracle.Describe(v)}: SQLite {SqliteOracle.Describe(expected[i])}, MiniSql {SqliteOracle.Describe(actual)}");
                }
            }
        }
        Assert.True(checks > 50000);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)) + $"\n({failures.Count} failures)");
    }
}
