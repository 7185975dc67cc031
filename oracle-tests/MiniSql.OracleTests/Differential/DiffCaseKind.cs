namespace MiniSql.OracleTests.Differential;

/// <summary>What a generated case does.</summary>
internal enum DiffCaseKind
{
    /// <summary>A SELECT (or VALUES / WITH) whose rows are compared.</summary>
    Query,

    /// <summary>An INSERT/UPDATE/DELETE; compared by outcome, then changes() and the table's contents.</summary>
    Mutation,

    /// <summary>BEGIN / COMMIT / ROLLBACK / SAVEPOINT / RELEASE / ROLLBACK TO; compared by outcome, then every
    /// table's contents.</summary>
    Transaction,
}
