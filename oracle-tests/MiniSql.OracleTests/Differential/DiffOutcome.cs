using System.Globalization;
using MiniSql.Engine.Records;
using MiniSql.OracleTests.Infrastructure;

namespace MiniSql.OracleTests.Differential;

/// <summary>What one engine did with one statement: a result (possibly with a step error) or a prepare error.</summary>
internal sealed record DiffOutcome(QueryResult? Result, SqlEngineException? Error)
{
    /// <summary>Extended code used when an engine throws something other than <see cref="SqlEngineException"/>.</summary>
    public const int CrashCode = -1;

    /// <summary>The error raised at prepare or step time, if any.</summary>
    public SqlEngineException? AnyError => Error ?? Result?.StepError;

    /// <summary>Runs <paramref name="sql"/> through <see cref="ISqlEngine.Query"/>, capturing every failure.</summary>
    public static DiffOutcome Capture(ISqlEngine engine, string sql)
    {
        try
        {
            return new DiffOutcome(engine.Query(sql), null);
        }
        catch (SqlEngineException e)
        {
            return new DiffOutcome(null, e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new DiffOutcome(null, new SqlEngineException(CrashCode, CrashCode, $"crash: {e.GetType().Name}: {e.Message}", e));
        }
    }

    /// <summary>A short description for reports: the error, or the column count and the first rows.</summary>
    public string Describe(int maxRows = 6)
    {
        if (Error is not null) return "prepare error " + Error.Describe();
        var r = Result!;
        var rows = r.Rows.Take(maxRows).Select(row => "(" + string.Join(", ", row.Select(Show)) + ")");
        string names = r.ColumnNames is null ? "" : " (" + string.Join(", ", r.ColumnNames) + ")";
        string text = $"{r.ColumnCount} columns{names}, {r.Rows.Count} rows: {string.Join(" ", rows)}{(r.Rows.Count > maxRows ? " ..." : "")}";
        return r.StepError is null ? text : $"{text}; step error {r.StepError.Describe()}";
    }

    /// <summary>A value with its storage class made visible (REAL always shows its exact digits).</summary>
    public static string Show(SqlValue v) => v.Type switch
    {
        StorageClass.Real => "real " + v.AsReal.ToString("R", CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };
}
