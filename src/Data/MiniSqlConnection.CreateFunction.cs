using System.Data;
using MiniSql.Engine.Records;
using MiniSql.Sql.Functions;

namespace MiniSql.Data;

/// <summary>User-defined functions, aggregates and collations (Microsoft.Data.Sqlite's CreateFunction family).</summary>
public sealed partial class MiniSqlConnection
{
    private readonly Dictionary<(string Name, int Arity), Action<MiniSql.Sql.Database>> _functions = new();

    private void Register(string name, int arity, Action<MiniSql.Sql.Database> register)
    {
        ArgumentNullException.ThrowIfNull(name);
        _functions[(name.ToLowerInvariant(), arity)] = register;
        if (_database is not null) register(_database);
    }

    private void RegisterFunctionsOnOpen()
    {
        foreach (var register in _functions.Values) register(_database!);
    }

    private void RegisterScalar(string name, int arity, Func<SqlValue[], object?> body, bool isDeterministic) =>
        Register(name, arity, db => db.CreateFunction(name, arity, args => Invoke(body, args), isDeterministic));

    private static SqlValue Invoke(Func<SqlValue[], object?> body, SqlValue[] args)
    {
        object? result;
        try
        {
            result = body(args);
        }
        catch (MiniSqlException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new MiniSqlException(ResultCode.Error, ex.Message, ex);
        }
        return result is null ? SqlValue.Null : ValueBinder.ToSqlValue(result);
    }

    private static T Arg<T>(SqlValue[] args, int i)
    {
        var v = args[i];
        if (v.IsNull)
        {
            if (default(T) is null) return default!;
            if (typeof(T) == typeof(DBNull)) return (T)(object)DBNull.Value;
            throw new InvalidOperationException($"The data is NULL at ordinal {i}. This method can't be called on NULL values. Check using IsDBNull before calling.");
        }
        return ValueReader.Get<T>(v);
    }

    /// <summary>Creates or redefines a SQL function with no arguments.</summary>
    /// <param name="name">The function's SQL name.</param>
    /// <param name="function">The body; null removes nothing (MiniSql cannot unregister functions).</param>
    /// <param name="isDeterministic">True when the result depends only on the arguments.</param>
    public void CreateFunction<TResult>(string name, Func<TResult> function, bool isDeterministic = false) =>
        RegisterScalar(name, 0, _ => function(), isDeterministic);

    /// <summary>Creates or redefines a SQL function with one argument.</summary>
    public void CreateFunction<T1, TResult>(string name, Func<T1, TResult> function, bool isDeterministic = false) =>
        RegisterScalar(name, 1, a => function(Arg<T1>(a, 0)), isDeterministic);

    /// <summary>Creates or redefines a SQL function with two arguments.</summary>
    public void CreateFunction<T1, T2, TResult>(string name, Func<T1, T2, TResult> function, bool isDeterministic = false) =>
        RegisterScalar(name, 2, a => function(Arg<T1>(a, 0), Arg<T2>(a, 1)), isDeterministic);

    /// <summary>Creates or redefines a SQL function with three arguments.</summary>
    public void CreateFunction<T1, T2, T3, TResult>(string name, Func<T1, T2, T3, TResult> function, bool isDeterministic = false) =>
        RegisterScalar(name, 3, a => function(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2)), isDeterministic);

    /// <summary>Creates or redefines a SQL function with four arguments.</summary>
    public void CreateFunction<T1, T2, T3, T4, TResult>(string name, Func<T1, T2, T3, T4, TResult> function, bool isDeterministic = false) =>
        RegisterScalar(name, 4, a => function(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2), Arg<T4>(a, 3)), isDeterministic);

    /// <summary>Creates or redefines a SQL function taking any number of arguments (as long, double, string, byte[] or DBNull).</summary>
    public void CreateFunction<TResult>(string name, Func<object?[], TResult> function, bool isDeterministic = false) =>
        RegisterScalar(name, -1, a =>
        {
            var values = new object?[a.Length];
            for (int i = 0; i < a.Length; i++) values[i] = ValueReader.GetValue(a[i]);
            return function(values);
        }, isDeterministic);

    /// <summary>Creates or redefines a SQL function with state passed to every call and one argument.</summary>
    public void CreateFunction<TState, T1, TResult>(string name, TState state, Func<TState, T1, TResult> function, bool isDeterministic = false) =>
        RegisterScalar(name, 1, a => function(state, Arg<T1>(a, 0)), isDeterministic);

    /// <summary>Creates or redefines an aggregate of one argument: <paramref name="func"/> folds each row into the accumulator.</summary>
    public void CreateAggregate<T1, TAccumulate>(string name, TAccumulate seed, Func<TAccumulate, T1, TAccumulate> func) =>
        CreateAggregate<T1, TAccumulate, TAccumulate>(name, seed, func, a => a);

    /// <summary>Creates or redefines an aggregate of one argument with a final result selector.</summary>
    public void CreateAggregate<T1, TAccumulate, TResult>(string name, TAccumulate seed, Func<TAccumulate, T1, TAccumulate> func, Func<TAccumulate, TResult> resultSelector) =>
        RegisterAggregate(name, 1, seed, (acc, a) => func(acc, Arg<T1>(a, 0)), resultSelector);

    /// <summary>Creates or redefines an aggregate of two arguments.</summary>
    public void CreateAggregate<T1, T2, TAccumulate>(string name, TAccumulate seed, Func<TAccumulate, T1, T2, TAccumulate> func) =>
        RegisterAggregate(name, 2, seed, (acc, a) => func(acc, Arg<T1>(a, 0), Arg<T2>(a, 1)), acc => acc);

    /// <summary>Creates or redefines an aggregate with no arguments (counts rows, for example).</summary>
    public void CreateAggregate<TAccumulate>(string name, TAccumulate seed, Func<TAccumulate, TAccumulate> func) =>
        RegisterAggregate(name, 0, seed, (acc, _) => func(acc), acc => acc);

    private void RegisterAggregate<TAccumulate, TResult>(string name, int arity, TAccumulate seed,
        Func<TAccumulate, SqlValue[], TAccumulate> step, Func<TAccumulate, TResult> resultSelector) =>
        Register(name, arity, db => db.CreateAggregate(name, arity, () => new UserAggregate<TAccumulate, TResult>(seed, step, resultSelector)));

    /// <summary>Creates, redefines or (with a null <paramref name="comparison"/>) removes a collation.</summary>
    /// <param name="name">The collation name, matched case-insensitively.</param>
    /// <param name="comparison">Compares two TEXT values, given as .NET strings decoded from UTF-8; null removes the collation.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="MiniSqlException">SQLITE_BUSY when an existing collation would change while a statement is running.</exception>
    /// <remarks>
    /// An exception thrown by <paramref name="comparison"/> fails the statement that compared with a
    /// <see cref="MiniSqlException"/> (SQLITE_ERROR) whose inner exception is the original one.
    /// </remarks>
    public void CreateCollation(string name, Comparison<string>? comparison) =>
        CreateCollation(name, comparison, comparison is null ? null : static (c, x, y) => c!(x, y));

    /// <summary>Creates, redefines or (with a null <paramref name="comparison"/>) removes a collation with state passed to every call.</summary>
    /// <typeparam name="T">The type of the state object.</typeparam>
    /// <param name="name">The collation name, matched case-insensitively.</param>
    /// <param name="state">Passed as the first argument of every call of <paramref name="comparison"/>.</param>
    /// <param name="comparison">Compares two TEXT values given as .NET strings; null removes the collation.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="MiniSqlException">SQLITE_BUSY when an existing collation would change while a statement is running.</exception>
    public void CreateCollation<T>(string name, T state, Func<T, string, string, int>? comparison)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentNullException(nameof(name));
        Func<ReadOnlySpan<byte>, ReadOnlySpan<byte>, int>? compare = comparison is null ? null
            : (x, y) => comparison(state, System.Text.Encoding.UTF8.GetString(x), System.Text.Encoding.UTF8.GetString(y));
        void Apply(MiniSql.Sql.Database db)
        {
            try
            {
                db.CreateCollation(name, compare);
            }
            catch (MiniSqlException ex)
            {
                throw ProviderErrors.Wrap(ex);
            }
        }
        // Applied first, so a refused change (SQLITE_BUSY) is not replayed when the connection next opens.
        if (_database is not null) Apply(_database);
        _functions[("collation:" + name.ToLowerInvariant(), 0)] = Apply;
    }

    /// <summary>An <see cref="IAggregate"/> over user delegates. Owned by one statement.</summary>
    private sealed class UserAggregate<TAccumulate, TResult>(TAccumulate seed, Func<TAccumulate, SqlValue[], TAccumulate> step,
        Func<TAccumulate, TResult> resultSelector) : IAggregate
    {
        private TAccumulate _accumulate = seed;

        public void Step(ReadOnlySpan<SqlValue> args)
        {
            var copy = args.ToArray();
            try
            {
                _accumulate = step(_accumulate, copy);
            }
            catch (Exception ex) when (ex is not MiniSqlException)
            {
                throw new MiniSqlException(ResultCode.Error, ex.Message, ex);
            }
        }

        public SqlValue Finish()
        {
            object? result;
            try
            {
                result = resultSelector(_accumulate);
            }
            catch (Exception ex) when (ex is not MiniSqlException)
            {
                throw new MiniSqlException(ResultCode.Error, ex.Message, ex);
            }
            return result is null ? SqlValue.Null : ValueBinder.ToSqlValue(result);
        }
    }
}
