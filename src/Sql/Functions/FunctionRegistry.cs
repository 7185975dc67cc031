using MiniSql.Engine.Records;

namespace MiniSql.Sql.Functions;

/// <summary>
/// The SQL functions known to a connection, looked up by case-insensitive name and argument count.
/// <see cref="BuiltIn"/> holds SQLite's core scalar, aggregate and date/time functions. A registry is
/// immutable once shared; <see cref="Register(ScalarFunction)"/> is for building one (not thread-safe).
/// </summary>
public sealed class FunctionRegistry
{
    /// <summary>The SQLite version MiniSql reports from sqlite_version() (the oracle's version).</summary>
    public const string SqliteVersion = "3.49.1";

    private readonly Dictionary<string, List<ScalarFunction>> _scalars = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<AggregateFunction>> _aggregates = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The built-in functions (shared, do not register into it).</summary>
    public static FunctionRegistry BuiltIn { get; } = CreateBuiltIn();

    /// <summary>A new registry holding the built-in functions, to which more can be added.</summary>
    public static FunctionRegistry CreateBuiltIn()
    {
        var registry = new FunctionRegistry();
        BuiltInFunctions.RegisterAll(registry);
        BuiltInFunctions.RegisterMath(registry);
        DateTimeFunctions.RegisterAll(registry);
        registry.Register(new AggregateFunction("count", 0, 1, _ => new CountAggregate()));
        registry.Register(new AggregateFunction("sum", 1, 1, _ => new SumAggregate(SumAggregate.Kind.Sum)));
        registry.Register(new AggregateFunction("total", 1, 1, _ => new SumAggregate(SumAggregate.Kind.Total)));
        registry.Register(new AggregateFunction("avg", 1, 1, _ => new SumAggregate(SumAggregate.Kind.Average)));
        registry.Register(new AggregateFunction("min", 1, 1, c => new MinMaxAggregate(false, c)));
        registry.Register(new AggregateFunction("max", 1, 1, c => new MinMaxAggregate(true, c)));
        registry.Register(new AggregateFunction("group_concat", 1, 2, _ => new GroupConcatAggregate()));
        registry.Register(new AggregateFunction("string_agg", 2, 2, _ => new GroupConcatAggregate()));
        return registry;
    }

    /// <summary>Adds (or overloads by argument count) a scalar function.</summary>
    public void Register(ScalarFunction function)
    {
        if (!_scalars.TryGetValue(function.Name, out var list)) _scalars[function.Name] = list = new List<ScalarFunction>();
        list.Insert(0, function);
    }

    /// <summary>Adds (or overloads by argument count) an aggregate function.</summary>
    public void Register(AggregateFunction function)
    {
        if (!_aggregates.TryGetValue(function.Name, out var list)) _aggregates[function.Name] = list = new List<AggregateFunction>();
        list.Insert(0, function);
    }

    /// <summary>The scalar function <paramref name="name"/> taking <paramref name="argCount"/> arguments, or null.</summary>
    public ScalarFunction? FindScalar(string name, int argCount)
    {
        if (!_scalars.TryGetValue(name, out var list)) return null;
        foreach (var f in list)
        {
            if (f.Accepts(argCount)) return f;
        }
        return null;
    }

    /// <summary>The aggregate function <paramref name="name"/> taking <paramref name="argCount"/> arguments, or null.</summary>
    public AggregateFunction? FindAggregate(string name, int argCount)
    {
        if (!_aggregates.TryGetValue(name, out var list)) return null;
        foreach (var f in list)
        {
            if (f.Accepts(argCount)) return f;
        }
        return null;
    }

    /// <summary>True when any function (scalar or aggregate) has this name.</summary>
    public bool Exists(string name) => _scalars.ContainsKey(name) || _aggregates.ContainsKey(name);

    /// <summary>
    /// Resolves a call: the aggregate if one accepts <paramref name="argCount"/> arguments (min/max with one
    /// argument, count, sum, ...), otherwise the scalar function. Exactly one of the results is non-null.
    /// </summary>
    /// <exception cref="MiniSqlException">SQLITE_ERROR "no such function: NAME" or
    /// "wrong number of arguments to function NAME()".</exception>
    public (ScalarFunction? Scalar, AggregateFunction? Aggregate) Resolve(string name, int argCount)
    {
        var aggregate = FindAggregate(name, argCount);
        if (aggregate is not null) return (null, aggregate);
        var scalar = FindScalar(name, argCount);
        if (scalar is not null) return (scalar, null);
        if (Exists(name)) ThrowHelper.Throw(ResultCode.Error, $"wrong number of arguments to function {name}()");
        ThrowHelper.Throw(ResultCode.Error, $"no such function: {name}");
        return default;
    }

    /// <summary>Calls the scalar function <paramref name="name"/> (resolving it each time; for tests and constant folding).</summary>
    public Engine.Records.SqlValue Call(string name, ReadOnlySpan<Engine.Records.SqlValue> args, IFunctionContext? context = null)
    {
        var (scalar, aggregate) = Resolve(name, args.Length);
        context ??= new FunctionContext();
        if (scalar is not null) return scalar.Invoke(args, context);
        var acc = aggregate!.NewAccumulator(context.Collation);
        acc.Step(args);
        return acc.Finish();
    }
}
