using System.Text;
using Microsoft.Data.Sqlite;
using MiniSql.Engine.Records;

namespace MiniSql.OracleTests.Functions;

/// <summary>
/// Evaluates SQL expressions in real SQLite (Microsoft.Data.Sqlite, in memory) and returns the result as a
/// <see cref="SqlValue"/> with its storage class, so that MiniSql's functions can be compared exactly.
/// Owned by one test class; not thread-safe.
/// </summary>
public sealed class SqliteOracle : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new();

    public SqliteOracle()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
    }

    /// <summary>The underlying connection (for setup statements).</summary>
    public SqliteConnection Connection => _connection;

    /// <summary>Runs a statement that returns no rows.</summary>
    public void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// Evaluates <paramref name="sql"/> (one row, first column) with positional parameters ?1, ?2... bound to
    /// <paramref name="args"/>. Returns the value, or the error message as <paramref name="error"/>.
    /// </summary>
    public SqlValue Evaluate(string sql, ReadOnlySpan<SqlValue> args, out string? error)
    {
        if (!_commands.TryGetValue(sql, out var cmd))
        {
            cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            _commands[sql] = cmd;
        }
        cmd.Parameters.Clear();
        for (int i = 0; i < args.Length; i++) cmd.Parameters.Add(ToParameter("?" + (i + 1), args[i]));
        error = null;
        try
        {
            using var reader = cmd.ExecuteReader();
            if (!reader.Read()) return SqlValue.Null;
            return Read(reader, 0);
        }
        catch (SqliteException e)
        {
            error = e.Message;
            return SqlValue.Null;
        }
    }

    /// <summary>Evaluates <paramref name="sql"/> and returns every row's first column.</summary>
    public List<SqlValue> Column(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var list = new List<SqlValue>();
        while (reader.Read()) list.Add(Read(reader, 0));
        return list;
    }

    private static SqlValue Read(SqliteDataReader reader, int i)
    {
        if (reader.IsDBNull(i)) return SqlValue.Null;
        object v = reader.GetValue(i);
        return v switch
        {
            long l => SqlValue.Integer(l),
            double d => SqlValue.Real(d),
            string => SqlValue.Text(reader.GetFieldValue<byte[]>(i)),
            byte[] b => SqlValue.Blob(b),
            _ => throw new InvalidOperationException("unexpected value type " + v.GetType()),
        };
    }

    private static SqliteParameter ToParameter(string name, SqlValue v) => v.Type switch
    {
        StorageClass.Null => new SqliteParameter(name, DBNull.Value),
        StorageClass.Integer => new SqliteParameter(name, SqliteType.Integer) { Value = v.AsInteger },
        StorageClass.Real => new SqliteParameter(name, SqliteType.Real) { Value = v.AsReal },
        StorageClass.Text => new SqliteParameter(name, SqliteType.Text) { Value = Encoding.UTF8.GetString(v.Bytes) },
        _ => new SqliteParameter(name, SqliteType.Blob) { Value = v.BytesArray ?? [] },
    };

    /// <summary>A value as a SQL literal (exact for every storage class).</summary>
    public static string Literal(SqlValue v) => v.Type switch
    {
        StorageClass.Null => "NULL",
        StorageClass.Integer => v.AsInteger == long.MinValue ? "(-9223372036854775807-1)" : "(" + v.AsInteger + ")",
        StorageClass.Real => double.IsInfinity(v.AsReal) ? (v.AsReal > 0 ? "9e999" : "-9e999") : RealLiteral(v.AsReal),
        StorageClass.Text => "CAST(X'" + Convert.ToHexString(v.Bytes) + "' AS TEXT)",
        _ => "X'" + Convert.ToHexString(v.Bytes) + "'",
    };

    private static string RealLiteral(double d)
    {
        string s = d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (!s.Contains('.') && !s.Contains('E')) s += ".0";
        return "(" + s + ")";
    }

    /// <summary>Describes a value with its storage class, for assertion messages.</summary>
    public static string Describe(SqlValue v) => v.Type switch
    {
        StorageClass.Real => "REAL " + v.AsReal.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        StorageClass.Text => "TEXT '" + Encoding.UTF8.GetString(v.Bytes) + "'",
        _ => v.Type.ToString().ToUpperInvariant() + " " + v,
    };

    /// <summary>Exact equality: same storage class and same value (REAL bit for bit, except 0.0 == -0.0).</summary>
    public static bool Same(SqlValue a, SqlValue b)
    {
        if (a.Type != b.Type) return false;
        if (a.Type == StorageClass.Real) return a.AsReal == b.AsReal;
        return a.Equals(b);
    }

    public void Dispose()
    {
        foreach (var c in _commands.Values) c.Dispose();
        _connection.Dispose();
    }
}
