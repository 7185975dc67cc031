using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Execution;

/// <summary>A constraint failure carrying the conflict resolution in force (FAIL keeps the statement's changes, ROLLBACK ends the transaction).</summary>
internal sealed class ConstraintException : MiniSqlException
{
    /// <summary>Creates the exception.</summary>
    public ConstraintException(ResultCode code, string message, ConflictResolution resolution) : base(code, message)
    {
        Resolution = resolution;
    }

    /// <summary>ABORT, FAIL or ROLLBACK.</summary>
    public ConflictResolution Resolution { get; }
}
