using MiniSql.Engine.Records;
using MiniSql.Sql.Functions;
using MiniSql.Sql.Semantics;

namespace MiniSql.OracleTests.Functions;

/// <summary>
/// Differential tests of the aggregate functions: groups of values are stored in a table in real SQLite and
/// aggregated there, and MiniSql's accumulators fed the same values in the same order must agree.
/// </summary>
public sealed class AggregateOracleTests : IDisposable
{
    private readonly SqliteOracle _oracle = new();

    public void Dispose() => _oracle.Dispose();

    private static readonly string[] Aggregates =
    [
        "count(*)", "count(v)", "sum(v)", "total(v)", "avg(v)", "min(v)", "max(v)", "group_concat(v)", "group_concat(v, '; ')",
        "string_agg(v, '')", "group_concat(v, s)", "min(v COLLATE NOCASE)", "max(v COLLATE NOCASE)", "max(v COLLATE RTRIM)",
    ];

    private static IAggregate Create(string expression)
    {
        string name = expression[..expression.IndexOf('(')];
        int argCount = expression.Contains("(*)") ? 0 : expression.Count(c => c == ',') + 1;
        var collation = expression.Contains("NOCASE") ? CollatingSequence.NoCase : expression.Contains("RTRIM") ? CollatingSequence.RTrim : CollatingSequence.Binary;
        return FunctionRegistry.BuiltIn.FindAggregate(name, argCount)!.NewAccumulator(collation);
    }

    private static SqlValue[] Arguments(string expression, SqlValue v, SqlValue s)
    {
        if (expression.Contains("(*)")) return [];
        if (expression.Contains("'; '")) return [v, SqlValue.Text("; ")];
        if (expression.Contains("''")) return [v, SqlValue.Text("")];
        if (expression.Contains(", s")) return [v, s];
        return [v];
    }

    [Fact]
    public void GroupsOfEdgeValues()
    {
        int seed = 99;
        var rng = new Random(seed);
        var groups = new List<List<SqlValue>>
        {
            new(),
            new() { SqlValue.Null },
            new() { SqlValue.Integer(long.MaxValue), SqlValue.Integer(1) },
            new() { SqlValue.Integer(long.MaxValue), SqlValue.Integer(1), SqlValue.Integer(-5) },
            new() { SqlValue.Integer(long.MaxValue), SqlValue.Integer(1), SqlValue.Real(1.5) },
            new() { SqlValue.Integer(long.MinValue), SqlValue.Integer(-1) },
            new() { SqlValue.Real(0.1), SqlValue.Real(0.2), SqlValue.Real(0.3) },
            new() { SqlValue.Real(1e308), SqlValue.Real(1e308), SqlValue.Real(-1e308) },
            new() { SqlValue.Text("12"), SqlValue.Text("3.0"), SqlValue.Text("abc"), SqlValue.Blob([0x31]) },
            new() { SqlValue.Text("a"), SqlValue.Text("A"), SqlValue.Text("b"), SqlValue.Text("B "), SqlValue.Text("b") },
            new() { SqlValue.Integer(3), SqlValue.Real(3.0), SqlValue.Text("3") },
            new() { SqlValue.Real(3.0), SqlValue.Integer(3) },
            new() { SqlValue.Integer(4503599627370497), SqlValue.Real(0.5), SqlValue.Integer(9007199254740993) },
        };
        for (int g = 0; g < 150; g++)
        {
            int n = rng.Next(0, 12);
            var group = new List<SqlValue>();
            for (int i = 0; i < n; i++) group.Add(OracleInputs.Values[rng.Next(OracleInputs.Values.Length)]);
            groups.Add(group);
        }
        var separators = new[] { SqlValue.Text(","), SqlValue.Null, SqlValue.Text("-"), SqlValue.Integer(7) };

        _oracle.Execute("CREATE TABLE g(grp INTEGER, seq INTEGER, v, s)");
        using (var tx = _oracle.Connection.BeginTransaction())
        {
            for (int g = 0; g < groups.Count; g++)
            {
                _oracle.Execute($"INSERT INTO g VALUES({g}, -1, NULL, NULL)"); // keeps empty groups present
                for (int i = 0; i < groups[g].Count; i++)
                    _oracle.Execute($"INSERT INTO g VALUES({g}, {i}, {SqliteOracle.Literal(groups[g][i])}, {SqliteOracle.Literal(separators[i % separators.Length])})");
            }
            tx.Commit();
        }

        var failures = new List<string>();
        foreach (var expression in Aggregates)
        {
            for (int g = 0; g < groups.Count; g++)
            {
                // Feed rows in seq order (a subquery with ORDER BY fixes the order SQLite aggregates in).
                string sql = $"SELECT {expression} FROM (SELECT * FROM g WHERE grp = {g} AND seq >= 0 ORDER BY seq)";
                var expected = _oracle.Evaluate(sql, [], out var error);
                var acc = Create(expression);
                SqlValue actual = SqlValue.Null;
                string? actualError = null;
                try
                {
                    for (int i = 0; i < groups[g].Count; i++) acc.Step(Arguments(expression, groups[g][i], separators[i % separators.Length]));
                    actual = acc.Finish();
                }
                catch (MiniSqlException e) { actualError = e.Message; }
                string? expectedError = FunctionOracleTests.SqliteMessage(error);
                if (expectedError != actualError || (expectedError is null && !SqliteOracle.Same(expected, actual)))
                    failures.Add($"{expression} over [{string.Join(", ", groups[g].Select(SqliteOracle.Describe))}]: SQLite {expectedError ?? SqliteOracle.Describe(expected)}, MiniSql {actualError ?? SqliteOracle.Describe(actual)}");
            }
        }
        Assert.True(failures.Count == 0, $"seed {seed}\n" + string.Join("\n", failures.Take(30)) + $"\n({failures.Count} failures)");
    }
}
