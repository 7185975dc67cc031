using MiniSql.Engine.Records;

namespace MiniSql.Sql.Functions;

/// <summary>
/// A simple <see cref="IFunctionContext"/> with settable counters, a fixed or system clock and a seedable random
/// source. Useful for tests and for evaluating constant expressions. Not thread-safe.
/// </summary>
public sealed class FunctionContext : IFunctionContext
{
    private readonly Random _random;
    private readonly DateTimeOffset? _fixedTime;

    /// <summary>Creates a context; a null <paramref name="seed"/> gives an unpredictable random source, a null time the system clock.</summary>
    public FunctionContext(int? seed = null, DateTimeOffset? fixedTime = null)
    {
        _random = seed is int s ? new Random(s) : new Random();
        _fixedTime = fixedTime;
    }

    /// <inheritdoc />
    public long LastInsertRowId { get; set; }

    /// <inheritdoc />
    public long Changes { get; set; }

    /// <inheritdoc />
    public long TotalChanges { get; set; }

    private DateTimeOffset? _stepTime;

    /// <inheritdoc />
    /// <remarks>The system clock is read at the first use after <see cref="BeginStep"/> and then kept, so all uses
    /// within one step of a statement agree, as with SQLite's sqlite3StmtCurrentTime.</remarks>
    public DateTimeOffset CurrentTime => _fixedTime ?? (_stepTime ??= DateTimeOffset.UtcNow);

    /// <summary>Starts a statement step: the next <see cref="CurrentTime"/> reads the clock again.</summary>
    public void BeginStep() => _stepTime = null;

    /// <inheritdoc />
    public CollatingSequence Collation { get; set; } = CollatingSequence.Binary;

    /// <inheritdoc />
    public void Randomness(Span<byte> destination) => _random.NextBytes(destination);
}
