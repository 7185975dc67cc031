namespace MiniSql.Sql.Parsing;

/// <summary>
/// sqlite3_complete: a text is complete when it ends (ignoring trailing whitespace and comments) with a ';' token that
/// is not inside a string, quoted identifier or comment, and that does not fall inside the body of a
/// CREATE TRIGGER (whose statement only ends at "; END ;").
/// </summary>
internal static class CompletenessChecker
{
    private enum State
    {
        /// <summary>At the start, or just after a completing ';'.</summary>
        Start,
        /// <summary>Inside an ordinary statement.</summary>
        Normal,
        /// <summary>Saw EXPLAIN at the start of a statement.</summary>
        Explain,
        /// <summary>Saw [EXPLAIN] CREATE at the start of a statement.</summary>
        Create,
        /// <summary>Inside a CREATE TRIGGER statement.</summary>
        Trigger,
        /// <summary>Inside a trigger, just after a ';'.</summary>
        TriggerSemicolon,
        /// <summary>Inside a trigger, just after "; END".</summary>
        TriggerEnd,
    }

    /// <summary>Returns true when <paramref name="sql"/> holds one or more complete statements.</summary>
    public static bool IsComplete(string sql)
    {
        State state = State.Start;
        bool sawSemicolon = false;
        int position = 0;
        while (true)
        {
            int next = Tokenizer.SkipTrivia(sql, position);
            if (next >= sql.Length)
            {
                // An unterminated /* comment makes the text incomplete (the comment might still close).
                if (UnterminatedBlockComment(sql, position)) return false;
                break;
            }
            position = next;
            Token token = Tokenizer.Next(sql, ref position, null);
            if (token.Kind == TokenKind.Illegal && IsUnterminatedQuote(sql, token)) return false;
            sawSemicolon = token.Kind == TokenKind.Semicolon;
            state = Advance(state, token);
        }
        return sawSemicolon && state == State.Start;
    }

    private static bool IsUnterminatedQuote(string sql, Token token)
    {
        char first = sql[token.Start];
        if (first is '\'' or '"' or '`' or '[') return true; // the tokenizer only rejects these when unterminated
        bool blob = (first is 'x' or 'X') && token.Length >= 2 && sql[token.Start + 1] == '\'';
        return blob && (token.Length == 2 || sql[token.End - 1] != '\'');
    }

    private static bool UnterminatedBlockComment(string sql, int position)
    {
        // Re-scan trivia from position to see whether it ended inside "/* ...".
        int n = sql.Length;
        while (position < n)
        {
            char c = sql[position];
            if (Tokenizer.IsSpace(c)) { position++; continue; }
            if (c == '-' && position + 1 < n && sql[position + 1] == '-')
            {
                while (position < n && sql[position] != '\n') position++;
                continue;
            }
            if (c == '/' && position + 1 < n && sql[position + 1] == '*')
            {
                int close = sql.IndexOf("*/", position + 2, StringComparison.Ordinal);
                if (close < 0) return true;
                position = close + 2;
                continue;
            }
            return false;
        }
        return false;
    }

    private static State Advance(State state, Token token)
    {
        bool semicolon = token.Kind == TokenKind.Semicolon;
        Keyword word = token.Kind == TokenKind.Word ? token.Keyword : Keyword.None;
        switch (state)
        {
            case State.Start:
            case State.Normal:
                if (semicolon) return State.Start;
                if (state == State.Start && word == Keyword.Explain) return State.Explain;
                if (state == State.Start && word == Keyword.Create) return State.Create;
                return State.Normal;
            case State.Explain:
                if (semicolon) return State.Start;
                return word == Keyword.Create ? State.Create : State.Normal;
            case State.Create:
                if (semicolon) return State.Start;
                if (word is Keyword.Temp or Keyword.Temporary) return State.Create;
                return word == Keyword.Trigger ? State.Trigger : State.Normal;
            case State.Trigger:
                return semicolon ? State.TriggerSemicolon : State.Trigger;
            case State.TriggerSemicolon:
                if (semicolon) return State.TriggerSemicolon;
                return word == Keyword.End ? State.TriggerEnd : State.Trigger;
            default: // TriggerEnd
                return semicolon ? State.Start : State.Trigger;
        }
    }
}
