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

    /// <inheritdoc />
    public DateTimeOffset CurrentTime => _fixedTime ?? DateTimeOffset.UtcNow;

    /// <inheritdoc />
    public CollatingSequence Collation { get; set; } = CollatingSequence.Binary;

    /// <inheritdoc />
    public void Randomness(Span<byte> destination) => _random.NextBytes(destination);
}
