using MiniSql.Engine.Records;

namespace MiniSql.Sql.Catalog;

/// <summary>
/// Stands for a collation name that is not registered on the connection. SQLite lets a schema (a column's
/// COLLATE, a view, an index) name such a collation and reports "no such collation sequence: X" only when a
/// statement needs to compare with it: the compiler checks for this type where it compares (see
/// <see cref="Require"/>), and <see cref="Compare"/> throws the same error as a backstop.
/// </summary>
internal sealed class MissingCollation(string name) : CollatingSequence(name)
{
    /// <inheritdoc />
    public override int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => throw Error(Name);

    /// <summary>Returns <paramref name="collation"/>, or throws SQLITE_ERROR_MISSING_COLLSEQ when it is missing.</summary>
    public static CollatingSequence? Require(CollatingSequence? collation) =>
        collation is MissingCollation missing ? throw Error(missing.Name) : collation;

    /// <summary>SQLite's error for an unknown collation name.</summary>
    public static MiniSqlException Error(string name) =>
        new(ResultCode.ErrorMissingCollSeq, "no such collation sequence: " + name);
}
