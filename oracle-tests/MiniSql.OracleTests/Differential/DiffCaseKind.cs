namespace MiniSql.OracleTests.Differential;

/// <summary>What a generated case does.</summary>
public enum DiffCaseKind
{
    /// <summary>A SELECT (or VALUES / WITH) whose rows are compared.</summary>
    Query,

    /// <summary>An INSERT/UPDATE/DELETE; compared by outcome, then changes() and the table's contents.</summary>
    Mutation,
}
