using MiniSql.Engine.Records;

namespace MiniSql.Sql.Functions;

/// <summary>
/// An aggregate SQL function: a name, the argument counts it accepts and a factory for its per-group
/// accumulator (given the collation of its argument, which min and max use). Immutable; thread-safe.
/// </summary>
public sealed class AggregateFunction
{
    /// <summary>Creates an aggregate accepting <paramref name="minArgs"/> to <paramref name="maxArgs"/> arguments.</summary>
    public AggregateFunction(string name, int minArgs, int maxArgs, Func<CollatingSequence, IAggregate> create)
    {
        Name = name;
        MinArgs = minArgs;
        MaxArgs = maxArgs;
        Create = create;
    }

    /// <summary>The function name in lower case.</summary>
    public string Name { get; }

    /// <summary>The fewest arguments accepted.</summary>
    public int MinArgs { get; }

    /// <summary>The most arguments accepted, or -1 for no limit.</summary>
    public int MaxArgs { get; }

    /// <summary>Creates a fresh accumulator for one group.</summary>
    public Func<CollatingSequence, IAggregate> Create { get; }

    /// <summary>True when <paramref name="argCount"/> arguments are accepted.</summary>
    public bool Accepts(int argCount) => argCount >= MinArgs && (MaxArgs < 0 || argCount <= MaxArgs);

    /// <summary>A new accumulator using <paramref name="collation"/> (BINARY when null).</summary>
    public IAggregate NewAccumulator(CollatingSequence? collation = null) => Create(collation ?? CollatingSequence.Binary);

    /// <inheritdoc />
    public override string ToString() => Name + "()";
}
