namespace MiniSql.Engine.Records;

/// <summary>
/// How the columns of an index key compare (SQLite's KeyInfo): one collation and one DESC flag per column.
/// Columns past the given arrays use BINARY ascending (e.g. the trailing rowid of an index entry). Immutable.
/// </summary>
public sealed class KeyInfo
{
    private readonly CollatingSequence[] _collations;
    private readonly bool[] _descending;

    /// <summary>Creates key info; the arrays are copied.</summary>
    public KeyInfo(ReadOnlySpan<CollatingSequence> collations, ReadOnlySpan<bool> descending)
    {
        _collations = collations.ToArray();
        _descending = descending.ToArray();
    }

    /// <summary>BINARY ascending for every column.</summary>
    public static KeyInfo Default { get; } = new([], []);

    /// <summary>The collation of column <paramref name="i"/>.</summary>
    public CollatingSequence GetCollation(int i) => i < _collations.Length ? _collations[i] : CollatingSequence.Binary;

    /// <summary>True when column <paramref name="i"/> sorts descending.</summary>
    public bool IsDescending(int i) => i < _descending.Length && _descending[i];
}
