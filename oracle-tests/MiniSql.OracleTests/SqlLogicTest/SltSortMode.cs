namespace MiniSql.OracleTests.SqlLogicTest;

/// <summary>How a query's rendered values are sorted before comparing or hashing.</summary>
internal enum SltSortMode
{
    /// <summary>Results are compared in the order produced.</summary>
    NoSort,

    /// <summary>Whole rows are sorted, comparing rendered columns left to right with strcmp.</summary>
    RowSort,

    /// <summary>Every value is sorted on its own.</summary>
    ValueSort,
}
