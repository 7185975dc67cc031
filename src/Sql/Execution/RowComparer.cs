using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;
using SemCollation = MiniSql.Engine.Records.CollatingSequence;

namespace MiniSql.Sql.Execution;

/// <summary>Orders rows (or the first <see cref="Count"/> values) by SQLite's value order with per-column collation, direction and NULL placement.</summary>
internal sealed class RowComparer : IComparer<SqlValue[]>
{
    private readonly int _start;
    private readonly SemCollation?[] _collations;
    private readonly bool[] _descending;
    private readonly bool[] _nullsFirst;

    /// <summary>Creates a comparer over columns start..start+count.</summary>
    public RowComparer(int start, SemCollation?[] collations, bool[]? descending = null, bool[]? nullsFirst = null)
    {
        _start = start;
        _collations = collations;
        _descending = descending ?? new bool[collations.Length];
        if (nullsFirst is null)
        {
            nullsFirst = new bool[collations.Length];
            for (int i = 0; i < nullsFirst.Length; i++) nullsFirst[i] = !_descending[i];
        }
        _nullsFirst = nullsFirst;
    }

    /// <summary>Number of compared columns.</summary>
    public int Count => _collations.Length;

    /// <inheritdoc />
    public int Compare(SqlValue[]? x, SqlValue[]? y)
    {
        for (int i = 0; i < _collations.Length; i++)
        {
            var a = x![_start + i];
            var b = y![_start + i];
            if (a.IsNull || b.IsNull)
            {
                if (a.IsNull && b.IsNull) continue;
                return a.IsNull == _nullsFirst[i] ? -1 : 1;
            }
            int c = SqlComparer.Compare(a, b, _collations[i]);
            if (c != 0) return _descending[i] ? -c : c;
        }
        return 0;
    }
}
