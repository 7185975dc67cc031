using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Functions;

/// <summary>
/// The LIKE and GLOB matchers ("The LIKE, GLOB, REGEXP, MATCH, and extract operators"). LIKE: '%' matches any
/// sequence, '_' one character, ASCII letters match case-insensitively, an optional ESCAPE character makes the
/// next pattern character literal. GLOB: '*', '?', and '[...]' sets with ranges and '^' negation, case-sensitive.
/// Both work on UTF-8 characters and treat a NUL byte as the end of the text. Thread-safe.
/// </summary>
public static class PatternMatcher
{
    private enum Result { Match, NoMatch, NoWildcardMatch }

    private readonly record struct Rules(uint MatchAll, uint MatchOne, bool IsGlob, bool NoCase);

    private static readonly Rules LikeRules = new('%', '_', false, true);
    private static readonly Rules GlobRules = new('*', '?', true, false);

    /// <summary>
    /// <paramref name="text"/> LIKE <paramref name="pattern"/> [ESCAPE <paramref name="escape"/>]; pass 0 for no escape.
    /// </summary>
    public static bool Like(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, uint escape = 0)
    {
        var rules = LikeRules;
        if (escape != 0)
        {
            if (escape == rules.MatchAll) rules = rules with { MatchAll = 0 };
            if (escape == rules.MatchOne) rules = rules with { MatchOne = 0 };
        }
        return Compare(Utf8Text.UpToNul(pattern), 0, Utf8Text.UpToNul(text), 0, rules, escape) == Result.Match;
    }

    /// <summary><paramref name="text"/> GLOB <paramref name="pattern"/>.</summary>
    public static bool Glob(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text) =>
        Compare(Utf8Text.UpToNul(pattern), 0, Utf8Text.UpToNul(text), 0, GlobRules, '[') == Result.Match;

    private static uint Lower(uint c) => c < 0x80 ? AsciiCase.ToLower((byte)c) : c;

    // p indexes the pattern, s the text; matchOther is the escape character (LIKE) or '[' (GLOB).
    private static Result Compare(ReadOnlySpan<byte> pattern, int p, ReadOnlySpan<byte> text, int s, Rules rules, uint matchOther)
    {
        int escapedAt = -1;
        uint c;
        while ((c = Utf8Text.Read(pattern, ref p)) != 0)
        {
            if (c == rules.MatchAll)
            {
                // Collapse runs of wildcards; each single-character wildcard consumes one text character.
                while ((c = Utf8Text.Read(pattern, ref p)) == rules.MatchAll || (c == rules.MatchOne && rules.MatchOne != 0))
                {
                    if (c == rules.MatchOne && Utf8Text.Read(text, ref s) == 0) return Result.NoWildcardMatch;
                }
                if (c == 0) return Result.Match;
                if (c == matchOther)
                {
                    if (!rules.IsGlob)
                    {
                        c = Utf8Text.Read(pattern, ref p);
                        if (c == 0) return Result.NoWildcardMatch;
                    }
                    else
                    {
                        // A set right after '*': try every starting position.
                        int setStart = p - 1;
                        while (s < text.Length)
                        {
                            var r = Compare(pattern, setStart, text, s, rules, matchOther);
                            if (r != Result.NoMatch) return r;
                            s = Utf8Text.Skip(text, s);
                        }
                        return Result.NoWildcardMatch;
                    }
                }
                // c is the first literal after the wildcard: try each place in the text where it occurs.
                while (s < text.Length)
                {
                    uint c2 = Utf8Text.Read(text, ref s);
                    if (c2 != c && !(rules.NoCase && c < 0x80 && c2 < 0x80 && Lower(c) == Lower(c2))) continue;
                    var r = Compare(pattern, p, text, s, rules, matchOther);
                    if (r != Result.NoMatch) return r;
                }
                return Result.NoWildcardMatch;
            }
            if (c == matchOther)
            {
                if (!rules.IsGlob)
                {
                    c = Utf8Text.Read(pattern, ref p);
                    if (c == 0) return Result.NoMatch;
                    escapedAt = p;
                }
                else
                {
                    if (!MatchSet(pattern, ref p, Utf8Text.Read(text, ref s))) return Result.NoMatch;
                    continue;
                }
            }
            uint t = Utf8Text.Read(text, ref s);
            if (c == t) continue;
            if (rules.NoCase && c < 0x80 && t < 0x80 && Lower(c) == Lower(t)) continue;
            if (c == rules.MatchOne && p != escapedAt && t != 0) continue;
            return Result.NoMatch;
        }
        return s >= text.Length ? Result.Match : Result.NoMatch;
    }

    /// <summary>Matches character <paramref name="c"/> against the "[...]" set whose body starts at <paramref name="p"/>.</summary>
    private static bool MatchSet(ReadOnlySpan<byte> pattern, ref int p, uint c)
    {
        if (c == 0) return false;
        bool seen = false, invert = false;
        uint prior = 0;
        uint c2 = Utf8Text.Read(pattern, ref p);
        if (c2 == '^')
        {
            invert = true;
            c2 = Utf8Text.Read(pattern, ref p);
        }
        if (c2 == ']')
        {
            if (c == ']') seen = true;
            c2 = Utf8Text.Read(pattern, ref p);
        }
        while (c2 != 0 && c2 != ']')
        {
            if (c2 == '-' && p < pattern.Length && pattern[p] != ']' && prior > 0)
            {
                c2 = Utf8Text.Read(pattern, ref p);
                if (c >= prior && c <= c2) seen = true;
                prior = 0;
            }
            else
            {
                if (c == c2) seen = true;
                prior = c2;
            }
            c2 = Utf8Text.Read(pattern, ref p);
        }
        return c2 != 0 && seen != invert;
    }
}
