namespace MiniSql.OracleTests.Differential;

/// <summary>How two row lists are compared.</summary>
internal enum DiffCompareMode
{
    /// <summary>As multisets (no ORDER BY that fixes the order).</summary>
    Unordered,

    /// <summary>In order: the query ends with an ORDER BY over every output column, so only rows that compare
    /// equal in every column (e.g. 1 and 1.0) may be swapped.</summary>
    Ordered,
}
