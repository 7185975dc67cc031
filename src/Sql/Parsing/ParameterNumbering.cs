using System.Collections.Immutable;

namespace MiniSql.Sql.Parsing;

/// <summary>
/// Assigns parameter indexes the way SQLite does (lang_expr "Parameters"): "?" takes the largest index so far + 1,
/// "?NNN" takes NNN, and a named parameter takes largest + 1 on its first appearance and the same index afterwards.
/// One instance per statement; not thread-safe.
/// </summary>
internal sealed class ParameterNumbering
{
    private readonly List<string?> _names = [];
    private Dictionary<string, int>? _byName;

    /// <summary>The largest index assigned so far (sqlite3_bind_parameter_count).</summary>
    public int Count => _names.Count;

    /// <summary>Index for a nameless "?".</summary>
    public int Next()
    {
        _names.Add(null);
        return _names.Count;
    }

    /// <summary>Index for "?NNN".</summary>
    public int Numbered(int number, string name)
    {
        while (_names.Count < number) _names.Add(null);
        _names[number - 1] ??= name;
        _byName ??= new Dictionary<string, int>(StringComparer.Ordinal);
        _byName.TryAdd(name, number);
        return number;
    }

    /// <summary>Index for ":name", "@name", "$name".</summary>
    public int Named(string name)
    {
        _byName ??= new Dictionary<string, int>(StringComparer.Ordinal);
        if (_byName.TryGetValue(name, out int index)) return index;
        _names.Add(name);
        _byName.Add(name, _names.Count);
        return _names.Count;
    }

    /// <summary>Names by index (null for nameless).</summary>
    public ImmutableArray<string?> ToNames() => [.. _names];
}
