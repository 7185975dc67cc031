namespace MiniSql.Sql.Execution;

/// <summary>
/// RAISE(IGNORE): ends the running trigger program and skips the rest of the work on the row that fired it. Caught
/// by <see cref="TriggerProgram.Fire"/>; never escapes a statement.
/// </summary>
internal sealed class TriggerIgnoreException : Exception
{
    /// <summary>Creates the signal.</summary>
    public TriggerIgnoreException() : base("RAISE(IGNORE)")
    {
    }
}
