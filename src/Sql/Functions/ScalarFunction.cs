using MiniSql.Engine.Records;

namespace MiniSql.Sql.Functions;

/// <summary>The body of a scalar SQL function.</summary>
public delegate SqlValue ScalarFunctionBody(ReadOnlySpan<SqlValue> args, IFunctionContext context);

/// <summary>
/// A scalar SQL function: a name, the range of argument counts it accepts and its body.
/// Immutable; thread-safe.
/// </summary>
public sealed class ScalarFunction
{
    /// <summary>Creates a function accepting <paramref name="minArgs"/> to <paramref name="maxArgs"/> arguments (-1: unbounded).</summary>
    public ScalarFunction(string name, int minArgs, int maxArgs, ScalarFunctionBody body, bool isDeterministic = true)
    {
        Name = name;
        MinArgs = minArgs;
        MaxArgs = maxArgs;
        Body = body;
        IsDeterministic = isDeterministic;
    }

    /// <summary>The function name in lower case.</summary>
    public string Name { get; }

    /// <summary>The fewest arguments accepted.</summary>
    public int MinArgs { get; }

    /// <summary>The most arguments accepted, or -1 for no limit.</summary>
    public int MaxArgs { get; }

    /// <summary>False for functions whose result may differ between calls with equal arguments (random, changes, 'now').</summary>
    public bool IsDeterministic { get; }

    /// <summary>The implementation.</summary>
    public ScalarFunctionBody Body { get; }

    /// <summary>True when <paramref name="argCount"/> arguments are accepted.</summary>
    public bool Accepts(int argCount) => argCount >= MinArgs && (MaxArgs < 0 || argCount <= MaxArgs);

    /// <summary>Calls the function.</summary>
    /// <exception cref="MiniSqlException">SQLITE_ERROR or SQLITE_TOOBIG raised by the function.</exception>
    public SqlValue Invoke(ReadOnlySpan<SqlValue> args, IFunctionContext context) => Body(args, context);

    /// <inheritdoc />
    public override string ToString() => Name + "()";
}
