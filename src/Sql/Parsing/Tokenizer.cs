// Tokenizer.cs — splits SQL text into tokens following SQLite's tokenizer rules (lang_expr, lang_keywords,
// lang_comment):
//  - whitespace: space \t \n \v \f \r; comments "-- ... end of line" and "/* ... */" (unterminated at end is allowed);
//  - identifiers: bare [A-Za-z_\u0080+][A-Za-z0-9_$\u0080+]*, "quoted" ("" escape), [bracketed], `backticked` (`` escape);
//  - 'string' ('' escape); x'hex' blob (even number of hex digits);
//  - numbers: 123, 1.5, .5, 5., 1e10, 1.5E-3, 0x1F (a number running into identifier characters is illegal);
//  - parameters: ?, ?NNN, :name, @name, $name (name characters, "::" segments and a "(...)" suffix);
//  - operators || -> ->> == = != <> < <= > >= << >> & | ~ + - * / % . , ; ( ).
// An unrecognizable token becomes an Illegal token carrying SQLite's message; the parser reports it when it gets
// there, so an error later in a script never hides an earlier syntax error.

using System.Globalization;

namespace MiniSql.Sql.Parsing;

/// <summary>SQLite-compatible tokenizer. Stateless; see <see cref="ParameterNumbering"/> for parameter indexes.</summary>
internal static class Tokenizer
{
    /// <summary>SQLITE_MAX_VARIABLE_NUMBER.</summary>
    public const int MaxParameterNumber = 32766;

    /// <summary>True for SQLite's whitespace characters.</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    /// <summary>True for characters that may continue an identifier (alphanumerics, _, $, and all non-ASCII).</summary>
    public static bool IsIdChar(char c) => c >= 0x80 || char.IsAsciiLetterOrDigit(c) || c is '_' or '$';

    /// <summary>True for characters that may start a bare identifier.</summary>
    public static bool IsIdStart(char c) => c >= 0x80 || char.IsAsciiLetter(c) || c == '_';

    /// <summary>Skips whitespace and comments from <paramref name="position"/>; returns the next token offset.</summary>
    public static int SkipTrivia(string sql, int position)
    {
        int n = sql.Length;
        while (position < n)
        {
            char c = sql[position];
            if (IsSpace(c))
            {
                position++;
            }
            else if (c == '-' && position + 1 < n && sql[position + 1] == '-')
            {
                position += 2;
                while (position < n && sql[position] != '\n') position++;
            }
            else if (c == '/' && position + 1 < n && sql[position + 1] == '*')
            {
                int close = sql.IndexOf("*/", position + 2, StringComparison.Ordinal);
                position = close < 0 ? n : close + 2;
            }
            else
            {
                break;
            }
        }
        return position;
    }

    /// <summary>True when only whitespace and comments remain from <paramref name="start"/>.</summary>
    public static bool IsBlank(string sql, int start) => SkipTrivia(sql, start) >= sql.Length;

    /// <summary>
    /// Reads the token at <paramref name="position"/> (which must not be at trivia or the end) and advances past it.
    /// Variables get their index from <paramref name="parameters"/> when it is non-null.
    /// </summary>
    public static Token Next(string sql, ref int position, ParameterNumbering? parameters)
    {
        int start = position;
        int n = sql.Length;
        char c = sql[start];
        char next = start + 1 < n ? sql[start + 1] : '\0';
        switch (c)
        {
            case ';': position++; return new Token(TokenKind.Semicolon, start, 1);
            case '(': position++; return new Token(TokenKind.LeftParen, start, 1);
            case ')': position++; return new Token(TokenKind.RightParen, start, 1);
            case ',': position++; return new Token(TokenKind.Comma, start, 1);
            case '+': position++; return new Token(TokenKind.Plus, start, 1);
            case '*': position++; return new Token(TokenKind.Star, start, 1);
            case '/': position++; return new Token(TokenKind.Slash, start, 1);
            case '%': position++; return new Token(TokenKind.Percent, start, 1);
            case '~': position++; return new Token(TokenKind.BitNot, start, 1);
            case '&': position++; return new Token(TokenKind.BitAnd, start, 1);
            case '-':
                if (next == '>')
                {
                    bool twice = start + 2 < n && sql[start + 2] == '>';
                    position += twice ? 3 : 2;
                    return new Token(twice ? TokenKind.DoubleArrow : TokenKind.Arrow, start, twice ? 3 : 2);
                }
                position++;
                return new Token(TokenKind.Minus, start, 1);
            case '|':
                if (next == '|') { position += 2; return new Token(TokenKind.Concat, start, 2); }
                position++;
                return new Token(TokenKind.BitOr, start, 1);
            case '=':
                if (next == '=') { position += 2; return new Token(TokenKind.DoubleEqual, start, 2); }
                position++;
                return new Token(TokenKind.Equal, start, 1);
            case '<':
                if (next == '=') { position += 2; return new Token(TokenKind.LessEqual, start, 2); }
                if (next == '>') { position += 2; return new Token(TokenKind.LessGreater, start, 2); }
                if (next == '<') { position += 2; return new Token(TokenKind.ShiftLeft, start, 2); }
                position++;
                return new Token(TokenKind.Less, start, 1);
            case '>':
                if (next == '=') { position += 2; return new Token(TokenKind.GreaterEqual, start, 2); }
                if (next == '>') { position += 2; return new Token(TokenKind.ShiftRight, start, 2); }
                position++;
                return new Token(TokenKind.Greater, start, 1);
            case '!':
                if (next == '=') { position += 2; return new Token(TokenKind.NotEqual, start, 2); }
                return Illegal(sql, start, ref position, start + 1);
            case '.':
                if (char.IsAsciiDigit(next)) return Number(sql, ref position);
                position++;
                return new Token(TokenKind.Dot, start, 1);
            case '\'':
                return Quoted(sql, ref position, '\'', TokenKind.String);
            case '"':
                return Quoted(sql, ref position, '"', TokenKind.QuotedIdentifier);
            case '`':
                return Quoted(sql, ref position, '`', TokenKind.QuotedIdentifier);
            case '[':
            {
                int close = sql.IndexOf(']', start + 1);
                if (close < 0) return Illegal(sql, start, ref position, n);
                position = close + 1;
                return new Token(TokenKind.QuotedIdentifier, start, position - start, sql.Substring(start + 1, close - start - 1));
            }
            case '?':
                return QuestionVariable(sql, ref position, parameters);
            case ':':
            case '@':
            case '$':
            case '#':
                return NamedVariable(sql, ref position, parameters);
        }

        if (char.IsAsciiDigit(c)) return Number(sql, ref position);
        if ((c is 'x' or 'X') && next == '\'') return BlobLiteral(sql, ref position);
        if (IsIdStart(c))
        {
            int i = start + 1;
            while (i < n && IsIdChar(sql[i])) i++;
            position = i;
            ReadOnlySpan<char> word = sql.AsSpan(start, i - start);
            return new Token(TokenKind.Word, start, i - start, sql.Substring(start, i - start), KeywordTable.Lookup(word));
        }
        return Illegal(sql, start, ref position, start + 1);
    }

    /// <summary>Makes an Illegal token for sql[start..end) with SQLite's "unrecognized token" message.</summary>
    private static Token Illegal(string sql, int start, ref int position, int end)
    {
        position = end;
        return new Token(TokenKind.Illegal, start, end - start, "unrecognized token: \"" + sql.Substring(start, end - start) + "\"");
    }

    private static Token Quoted(string sql, ref int position, char quote, TokenKind kind)
    {
        int start = position;
        int n = sql.Length;
        int i = start + 1;
        System.Text.StringBuilder? escaped = null;
        int segment = i;
        while (true)
        {
            int close = sql.IndexOf(quote, i);
            if (close < 0) return Illegal(sql, start, ref position, n);
            if (close + 1 < n && sql[close + 1] == quote)
            {
                escaped ??= new System.Text.StringBuilder();
                escaped.Append(sql, segment, close + 1 - segment);
                i = close + 2;
                segment = i;
                continue;
            }
            position = close + 1;
            string value = escaped is null
                ? sql.Substring(start + 1, close - start - 1)
                : escaped.Append(sql, segment, close - segment).ToString();
            return new Token(kind, start, position - start, value);
        }
    }

    private static Token BlobLiteral(string sql, ref int position)
    {
        int start = position;
        int n = sql.Length;
        int i = start + 2;
        while (i < n && char.IsAsciiHexDigit(sql[i])) i++;
        if (i >= n || sql[i] != '\'' || (i - start - 2) % 2 != 0)
        {
            // SQLite: an illegal blob runs to the closing quote (or the end of the text).
            while (i < n && sql[i] != '\'') i++;
            return Illegal(sql, start, ref position, i < n ? i + 1 : n);
        }
        position = i + 1;
        return new Token(TokenKind.Blob, start, position - start, sql.Substring(start + 2, i - start - 2));
    }

    private static Token Number(string sql, ref int position)
    {
        // Digits may be separated by single underscores (SQLite 3.46+: "1_000", "0x1_F", "1e1_0"); an underscore
        // not between two digits makes the whole token illegal ("1__0", "1_", "1_.5").
        int start = position;
        int n = sql.Length;
        int i = start;
        TokenKind kind = TokenKind.Integer;
        bool hex = false;
        if (sql[i] == '0' && i + 2 < n && (sql[i + 1] is 'x' or 'X') && char.IsAsciiHexDigit(sql[i + 2]))
        {
            hex = true;
            i += 2;
            while (i < n && (char.IsAsciiHexDigit(sql[i]) || sql[i] == '_')) i++;
        }
        else
        {
            while (i < n && (char.IsAsciiDigit(sql[i]) || sql[i] == '_')) i++;
            if (i < n && sql[i] == '.')
            {
                kind = TokenKind.Float;
                i++;
                while (i < n && (char.IsAsciiDigit(sql[i]) || sql[i] == '_')) i++;
            }
            if (i < n && (sql[i] is 'e' or 'E'))
            {
                int j = i + 1;
                if (j < n && (sql[j] is '+' or '-')) j++;
                if (j < n && char.IsAsciiDigit(sql[j]))
                {
                    kind = TokenKind.Float;
                    i = j;
                    while (i < n && (char.IsAsciiDigit(sql[i]) || sql[i] == '_')) i++;
                }
            }
        }
        bool illegal = false;
        while (i < n && IsIdChar(sql[i]))
        {
            illegal = true;
            i++;
        }
        if (!illegal)
        {
            for (int k = start; k < i; k++)
            {
                if (sql[k] != '_') continue;
                bool before = k > start && (hex ? char.IsAsciiHexDigit(sql[k - 1]) : char.IsAsciiDigit(sql[k - 1]));
                bool after = k + 1 < i && (hex ? char.IsAsciiHexDigit(sql[k + 1]) : char.IsAsciiDigit(sql[k + 1]));
                if (!before || !after) illegal = true;
            }
        }
        if (illegal) return Illegal(sql, start, ref position, i);
        position = i;
        return new Token(kind, start, i - start); // text read from the source when needed (keeps huge inputs cheap)
    }

    private static Token QuestionVariable(string sql, ref int position, ParameterNumbering? parameters)
    {
        int start = position;
        int i = start + 1;
        while (i < sql.Length && char.IsAsciiDigit(sql[i])) i++;
        position = i;
        string name = sql.Substring(start, i - start);
        if (parameters is null) return new Token(TokenKind.Variable, start, i - start, name);
        int index;
        if (i == start + 1)
        {
            index = parameters.Next();
        }
        else
        {
            bool ok = long.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out long number);
            if (!ok || number < 1 || number > MaxParameterNumber)
                return new Token(TokenKind.Illegal, start, i - start, $"variable number must be between ?1 and ?{MaxParameterNumber}");
            index = parameters.Numbered((int)number, name);
        }
        if (index > MaxParameterNumber)
            return new Token(TokenKind.Illegal, start, i - start, "too many SQL variables");
        return new Token(TokenKind.Variable, start, i - start, name, parameterIndex: index);
    }

    private static Token NamedVariable(string sql, ref int position, ParameterNumbering? parameters)
    {
        int start = position;
        int n = sql.Length;
        int i = start + 1;
        int nameChars = 0;
        while (i < n)
        {
            char c = sql[i];
            if (IsIdChar(c))
            {
                nameChars++;
                i++;
            }
            else if (c == '(' && nameChars > 0)
            {
                // TCL-style array suffix: "(...)" with no whitespace and no ')' inside.
                int j = i + 1;
                while (j < n && sql[j] != ')' && !IsSpace(sql[j])) j++;
                if (j >= n || sql[j] != ')') return Illegal(sql, start, ref position, j);
                i = j + 1;
                break;
            }
            else if (c == ':' && i + 1 < n && sql[i + 1] == ':')
            {
                i += 2;
            }
            else
            {
                break;
            }
        }
        if (nameChars == 0) return Illegal(sql, start, ref position, i);
        position = i;
        string name = sql.Substring(start, i - start);
        if (parameters is null) return new Token(TokenKind.Variable, start, i - start, name);
        int index = parameters.Named(name);
        if (index > MaxParameterNumber)
            return new Token(TokenKind.Illegal, start, i - start, "too many SQL variables");
        return new Token(TokenKind.Variable, start, i - start, name, parameterIndex: index);
    }
}
