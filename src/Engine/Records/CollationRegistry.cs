using System.Diagnostics.CodeAnalysis;

namespace MiniSql.Engine.Records;

/// <summary>
/// Collations by name, case-insensitive (sqlite3_create_collation). Starts with BINARY, NOCASE and RTRIM;
/// registering an existing name replaces it. <see cref="Version"/> counts changes, so holders of resolved
/// collations (index key info) can tell when to look their names up again. Owned by one connection; not thread-safe.
/// </summary>
public sealed class CollationRegistry
{
    private readonly Dictionary<string, CollatingSequence> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a registry holding the built-in collations.</summary>
    public CollationRegistry()
    {
        Register(CollatingSequence.Binary);
        Register(CollatingSequence.NoCase);
        Register(CollatingSequence.RTrim);
    }

    /// <summary>Adds or replaces <paramref name="collation"/> under its name.</summary>
    public void Register(CollatingSequence collation)
    {
        _byName[collation.Name] = collation;
        Version++;
    }

    /// <summary>Incremented by every <see cref="Register(CollatingSequence)"/> and successful <see cref="Unregister"/>.</summary>
    public int Version { get; private set; }

    /// <summary>Adds or replaces a collation given as a comparison function.</summary>
    public void Register(string name, Func<ReadOnlySpan<byte>, ReadOnlySpan<byte>, int> compare) =>
        Register(CollatingSequence.Create(name, compare));

    /// <summary>Removes a collation; returns false when it was not registered.</summary>
    public bool Unregister(string name)
    {
        if (!_byName.Remove(name)) return false;
        Version++;
        return true;
    }

    /// <summary>The registered names.</summary>
    public IReadOnlyCollection<string> Names => _byName.Keys;

    /// <summary>Looks a collation up by name.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out CollatingSequence? collation) =>
        _byName.TryGetValue(name, out collation);

    /// <summary>Looks a collation up by name; SQLITE_ERROR_MISSING_COLLSEQ "no such collation sequence: X" when missing.</summary>
    public CollatingSequence Get(string name)
    {
        if (!_byName.TryGetValue(name, out CollatingSequence? c))
            ThrowHelper.Throw(ResultCode.ErrorMissingCollSeq, "no such collation sequence: " + name);
        return c;
    }
}
