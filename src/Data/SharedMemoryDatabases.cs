using MiniSql.Vfs;

namespace MiniSql.Data;

/// <summary>
/// Named in-memory databases shared between connections (<c>Mode=Memory;Cache=Shared</c>): one
/// <see cref="MemoryVfs"/> per name, kept while at least one connection uses it, as SQLite keeps a shared-cache
/// in-memory database. [ThreadSafe].
/// </summary>
internal static class SharedMemoryDatabases
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, (MemoryVfs Vfs, int References)> Open = new(StringComparer.Ordinal);

    /// <summary>Adds a reference to the named database, creating it when needed.</summary>
    public static MemoryVfs Acquire(string name)
    {
        lock (Gate)
        {
            var entry = Open.TryGetValue(name, out var e) ? e : (new MemoryVfs(), 0);
            Open[name] = (entry.Item1, entry.Item2 + 1);
            return entry.Item1;
        }
    }

    /// <summary>Drops a reference; the database disappears with its last connection.</summary>
    public static void Release(string name)
    {
        lock (Gate)
        {
            if (!Open.TryGetValue(name, out var e)) return;
            if (e.References <= 1) Open.Remove(name);
            else Open[name] = (e.Vfs, e.References - 1);
        }
    }

    /// <summary>The file name used inside the shared VFS.</summary>
    public static string FileName(string name) => "shared-" + name + ".db";
}
