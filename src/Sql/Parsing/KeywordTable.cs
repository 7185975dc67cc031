using System.Collections.Frozen;

namespace MiniSql.Sql.Parsing;

/// <summary>Keyword lookup and SQLite's keyword classes (fallback-to-identifier, join keywords).</summary>
internal static class KeywordTable
{
    private static readonly FrozenDictionary<string, Keyword> Words = BuildWords();

    private static readonly FrozenDictionary<string, Keyword>.AlternateLookup<ReadOnlySpan<char>> SpanLookup =
        Words.GetAlternateLookup<ReadOnlySpan<char>>();

    // Keywords that SQLite's grammar lets fall back to a plain identifier when the keyword meaning does not fit
    // (lang_keywords: "SQLite allows many keywords to be used as identifiers when unambiguous").
    private static readonly bool[] FallbackFlags = BuildFallback();

    /// <summary>Looks up a bare word (case-insensitive); Keyword.None when it is not a keyword.</summary>
    public static Keyword Lookup(ReadOnlySpan<char> word) =>
        word.Length is >= 2 and <= 17 && SpanLookup.TryGetValue(word, out Keyword k) ? k : Keyword.None;

    /// <summary>True for keywords usable as identifiers (SQLite's %fallback ID list).</summary>
    public static bool CanBeIdentifier(Keyword keyword) => FallbackFlags[(int)keyword];

    /// <summary>True for the join keywords (JOIN_KW: NATURAL LEFT RIGHT FULL OUTER INNER CROSS), usable as names.</summary>
    public static bool IsJoinKeyword(Keyword keyword) =>
        keyword is Keyword.Natural or Keyword.Left or Keyword.Right or Keyword.Full or Keyword.Outer
            or Keyword.Inner or Keyword.Cross;

    private static FrozenDictionary<string, Keyword> BuildWords()
    {
        var words = new Dictionary<string, Keyword>(StringComparer.OrdinalIgnoreCase);
        foreach (Keyword k in Enum.GetValues<Keyword>())
        {
            if (k == Keyword.None) continue;
            string name = k switch
            {
                Keyword.CurrentDate => "CURRENT_DATE",
                Keyword.CurrentTime => "CURRENT_TIME",
                Keyword.CurrentTimestamp => "CURRENT_TIMESTAMP",
                _ => k.ToString().ToUpperInvariant(),
            };
            words.Add(name, k);
        }
        return words.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private static bool[] BuildFallback()
    {
        var flags = new bool[(int)Keyword.Without + 1];
        Keyword[] fallback =
        [
            Keyword.Abort, Keyword.Action, Keyword.After, Keyword.Analyze, Keyword.Asc, Keyword.Attach,
            Keyword.Before, Keyword.Begin, Keyword.By, Keyword.Cascade, Keyword.Cast, Keyword.Column,
            Keyword.Conflict, Keyword.Database, Keyword.Deferred, Keyword.Desc, Keyword.Detach, Keyword.Do,
            Keyword.Each, Keyword.End, Keyword.Exclusive, Keyword.Explain, Keyword.Fail, Keyword.For,
            Keyword.Ignore, Keyword.Immediate, Keyword.Initially, Keyword.Instead, Keyword.Like, Keyword.Glob,
            Keyword.Regexp, Keyword.Match, Keyword.No, Keyword.Plan, Keyword.Query, Keyword.Key, Keyword.Of,
            Keyword.Offset, Keyword.Pragma, Keyword.Raise, Keyword.Recursive, Keyword.Release, Keyword.Replace,
            Keyword.Restrict, Keyword.Row, Keyword.Rows, Keyword.Rollback, Keyword.Savepoint, Keyword.Temp,
            Keyword.Trigger, Keyword.Vacuum, Keyword.View, Keyword.Virtual, Keyword.With, Keyword.Without,
            Keyword.Nulls, Keyword.First, Keyword.Last, Keyword.Current, Keyword.Following, Keyword.Partition,
            Keyword.Preceding, Keyword.Range, Keyword.Unbounded, Keyword.Exclude, Keyword.Groups, Keyword.Others,
            Keyword.Ties, Keyword.Generated, Keyword.Always, Keyword.Materialized, Keyword.Reindex,
            Keyword.Rename, Keyword.CurrentDate, Keyword.CurrentTime, Keyword.CurrentTimestamp, Keyword.If,
        ];
        foreach (Keyword k in fallback) flags[(int)k] = true;
        return flags;
    }
}
