namespace MiniSql.Sql.Parsing;

/// <summary>
/// Per-parse state the grammar's actions need: the SQL text, its tokens and the furthest token index at which a token
/// match failed (SQLite reports a syntax error at the first token that no rule can accept, which for a
/// backtracking parser is the furthest point any alternative reached). One instance per parse on the current thread.
/// </summary>
internal sealed class ParseContext
{
    [ThreadStatic]
    private static ParseContext? t_current;

    /// <summary>Creates a context for <paramref name="tokens"/> of <paramref name="sql"/>.</summary>
    public ParseContext(string sql, Token[] tokens)
    {
        Sql = sql;
        Tokens = tokens;
    }

    /// <summary>The context of the parse running on this thread.</summary>
    public static ParseContext Current => t_current ?? throw new InvalidOperationException("no parse in progress");

    /// <summary>The SQL text being parsed.</summary>
    public string Sql { get; }

    /// <summary>The tokens being parsed (the statement's tokens, through its ';' if any).</summary>
    public Token[] Tokens { get; }

    /// <summary>Furthest token index where a token match failed.</summary>
    public int FurthestFailure { get; private set; } = -1;

    /// <summary>Records a failed token match at <paramref name="index"/>.</summary>
    public void NoteFailure(int index)
    {
        if (index > FurthestFailure) FurthestFailure = index;
    }

    /// <summary>Source text from the start of token <paramref name="first"/> to the end of token <paramref name="last"/>.</summary>
    public string Text(int first, int last) =>
        last < first ? string.Empty : Sql.Substring(Tokens[first].Start, Tokens[last].End - Tokens[first].Start);

    /// <summary>Makes this the current context until the returned scope is disposed.</summary>
    public Scope Enter()
    {
        ParseContext? previous = t_current;
        t_current = this;
        return new Scope(previous);
    }

    /// <summary>Restores the previous context on dispose.</summary>
    public readonly struct Scope(ParseContext? previous) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => t_current = previous;
    }
}
