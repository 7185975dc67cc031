using MiniSql.Engine.Records;

namespace MiniSql.OracleTests.Infrastructure;

/// <summary>The outcome of <see cref="ISqlEngine.Query"/>: column count, rows, and a step-time failure if any.</summary>
internal sealed class QueryResult
{
    /// <summary>Creates a result.</summary>
    public QueryResult(int columnCount, IReadOnlyList<SqlValue[]> rows, SqlEngineException? stepError = null,
        IReadOnlyList<string>? columnNames = null)
    {
        ColumnCount = columnCount;
        Rows = rows;
        StepError = stepError;
        ColumnNames = columnNames;
    }

    /// <summary>Number of result columns (sqlite3_column_count).</summary>
    public int ColumnCount { get; }

    /// <summary>Result column names (sqlite3_column_name), or null if the engine does not report them.</summary>
    public IReadOnlyList<string>? ColumnNames { get; }

    /// <summary>The rows produced, each with <see cref="ColumnCount"/> values.</summary>
    public IReadOnlyList<SqlValue[]> Rows { get; }

    /// <summary>The error raised while stepping, after <see cref="Rows"/> were produced; null on success.</summary>
    public SqlEngineException? StepError { get; }
}
