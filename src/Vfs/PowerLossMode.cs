namespace MiniSql.Vfs;

/// <summary>What survives of unsynced writes in <see cref="FaultInjectingVfs.SimulatePowerLoss"/>.</summary>
public enum PowerLossMode
{
    /// <summary>Only data made durable by a Sync of its file survives.</summary>
    DropUnsynced,

    /// <summary>Each unsynced write or truncate is independently kept or dropped (probability 1/2).</summary>
    KeepRandomSubset,

    /// <summary>
    /// Like <see cref="KeepRandomSubset"/>, but a kept write longer than one sector may be torn: each 512-byte
    /// sector it covers is independently new or old (or garbage, when asked for).
    /// </summary>
    TornWrites,

    /// <summary>Every write survives: the process died but the operating system did not (a plain crash).</summary>
    KeepAll,
}
