namespace MiniSql.Vfs;

/// <summary>
/// Thrown by <see cref="FaultInjectingVfs"/> when a planned crash point is reached, and by every later I/O call
/// until the next <see cref="FaultInjectingVfs.SimulatePowerLoss"/>. It models the process dying, so it is
/// deliberately not a <see cref="MiniSqlException"/>: no layer should handle it.
/// </summary>
public sealed class SimulatedCrashException : Exception
{
    /// <summary>Creates the exception with a description of the crash point.</summary>
    public SimulatedCrashException(string message)
        : base(message)
    {
    }
}
