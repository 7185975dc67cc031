using MiniSql.Sql;

namespace MiniSql.Data;

/// <summary>
/// Idle engine connections kept per connection string so that reopening a file is cheap (connection string keyword
/// <c>Pooling</c>). [ThreadSafe] — all members lock the pool.
/// </summary>
internal static class MiniSqlConnectionPool
{
    private const int MaxIdlePerKey = 100;

    private static readonly object Gate = new();
    private static readonly Dictionary<string, Stack<Database>> Idle = new();
    private static readonly Dictionary<string, int> Generations = new();
    private static int _allGeneration;   // bumped by ClearAll, so connections in use under any key are retired too

    /// <summary>The current generation of a key; connections opened earlier are closed instead of returned.</summary>
    public static long Generation(string key)
    {
        lock (Gate) return Current(key);
    }

    private static long Current(string key) => ((long)_allGeneration << 32) | (uint)(Generations.TryGetValue(key, out int g) ? g : 0);

    /// <summary>Takes an idle connection for <paramref name="key"/>, or null.</summary>
    public static Database? Rent(string key)
    {
        lock (Gate)
        {
            return Idle.TryGetValue(key, out var stack) && stack.Count > 0 ? stack.Pop() : null;
        }
    }

    /// <summary>Returns a connection to the pool, or closes it if its generation is stale or the pool is full.</summary>
    public static void Return(string key, long generation, Database database)
    {
        lock (Gate)
        {
            if (generation == Current(key))
            {
                if (!Idle.TryGetValue(key, out var stack)) Idle[key] = stack = new Stack<Database>();
                if (stack.Count < MaxIdlePerKey)
                {
                    stack.Push(database);
                    return;
                }
            }
        }
        database.Dispose();
    }

    /// <summary>Closes idle connections for one key and retires the ones in use.</summary>
    public static void Clear(string key)
    {
        Stack<Database>? stack;
        lock (Gate)
        {
            Generations[key] = (Generations.TryGetValue(key, out int g) ? g : 0) + 1;
            Idle.Remove(key, out stack);
        }
        while (stack is { Count: > 0 }) stack.Pop().Dispose();
    }

    /// <summary>Closes every idle connection and retires the ones in use.</summary>
    public static void ClearAll()
    {
        List<string> keys;
        lock (Gate)
        {
            _allGeneration++;
            keys = new List<string>(Idle.Keys);
            keys.AddRange(Generations.Keys);
        }
        foreach (var key in keys) Clear(key);
    }
}
