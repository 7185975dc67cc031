// StatementParser.cs — drives one parse: tokenizes one statement, bounds its nesting, runs the grammar and turns a
// failure into SQLite's error message.
//
// Stack safety (Pidgin parsers recurse once per nesting level of parentheses, CASE and subqueries; binary operator
// chains are loops and do not recurse):
//  S1. The tokenizer pre-pass measures the nesting depth (open parentheses + open CASE). Depth beyond
//      MaxNestingDepth (1000) is rejected with "parser stack overflow" before parsing, as SQLite's own parser
//      reports when its stack is exhausted. (SQLite 3.49 accepts deeper redundant parentheses; we do not.)
//  S2. Statements nested deeper than InlineNestingDepth are parsed on a dedicated thread with a large stack, so the
//      caller's stack depth does not matter. Measured stack use per nesting level (Release, x64): parentheses
//      ~2.7 KB, CASE ~2.9 KB, function calls ~3.6 KB, scalar subqueries ~4.9 KB; so 1000 levels need < 5 MB and
//      InlineNestingDepth levels < 160 KB of the caller's stack.
//  S3. Every recursive entry (StackGuard) checks RuntimeHelpers.TryEnsureSufficientExecutionStack and fails with
//      "parser stack overflow" — a last line of defence that keeps a StackOverflowException impossible.

using MiniSql.Sql.Parsing.Ast;
using Pidgin;

namespace MiniSql.Sql.Parsing;

using Statement = MiniSql.Sql.Parsing.Ast.Statement;

/// <summary>Parses statements and expressions; see <see cref="SqlParser"/> for the public contract. Thread-safe.</summary>
internal static class StatementParser
{
    /// <summary>Maximum nesting of parentheses/CASE accepted (S1).</summary>
    public const int MaxNestingDepth = 1000;

    /// <summary>Nesting up to which parsing runs on the caller's thread (S2).</summary>
    public const int InlineNestingDepth = 32;

    /// <summary>Stack size of the thread used for deeply nested statements (S2).</summary>
    private const int DeepStackSize = 16 * 1024 * 1024;

    /// <summary>SQLITE_MAX_SQL_LENGTH default.</summary>
    public const int MaxSqlLength = 1_000_000_000;

    /// <summary>See <see cref="SqlParser.ParseStatement"/>.</summary>
    public static Statement? Parse(string sql, int start, out int end)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if ((uint)start > (uint)sql.Length) throw new ArgumentOutOfRangeException(nameof(start));
        int position = Tokenizer.SkipTrivia(sql, start);
        if (position >= sql.Length)
        {
            end = sql.Length;
            return null;
        }
        if (sql[position] == ';')
        {
            end = position + 1;
            return null;
        }
        if (sql.Length - start > MaxSqlLength) throw new MiniSqlException(ResultCode.TooBig, "statement too long");

        var parameters = new ParameterNumbering();
        var tokens = new List<Token>();
        end = TokenizeStatement(sql, position, tokens, parameters, out int depth);
        Token[] array = tokens.ToArray();
        Statement statement = Run(sql, array, depth, StatementGrammar.Statement);
        int last = array.Length - 1;
        if (array[last].Kind == TokenKind.Semicolon) last--;
        return statement with { Start = array[0].Start, End = array[last].End, Parameters = parameters.ToNames() };
    }

    /// <summary>See <see cref="SqlParser.ParseExpression"/>.</summary>
    public static Expr ParseExpression(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = new List<Token>();
        var parameters = new ParameterNumbering();
        int depth = 0, maxDepth = 0;
        int position = Tokenizer.SkipTrivia(sql, 0);
        while (position < sql.Length)
        {
            Token token = Tokenizer.Next(sql, ref position, parameters);
            tokens.Add(token);
            TrackDepth(token, ref depth, ref maxDepth);
            if (token.Kind == TokenKind.Illegal) break;
            position = Tokenizer.SkipTrivia(sql, position);
        }
        return Run(sql, tokens.ToArray(), maxDepth, StatementGrammar.LoneExpression);
    }

    /// <summary>
    /// Tokenizes one statement from <paramref name="position"/> (at a token) through its terminating ';'. A CREATE
    /// TRIGGER statement continues past the ';' inside its body until "END ;". Stops after an Illegal token.
    /// Returns the offset just after the last token consumed.
    /// </summary>
    private static int TokenizeStatement(string sql, int position, List<Token> tokens, ParameterNumbering parameters, out int maxDepth)
    {
        int depth = 0;
        maxDepth = 0;
        bool? trigger = null;
        int caseDepth = 0;
        bool lastEndClosedCase = false;
        while (position < sql.Length)
        {
            Token token = Tokenizer.Next(sql, ref position, parameters);
            tokens.Add(token);
            TrackDepth(token, ref depth, ref maxDepth);
            if (token.Kind == TokenKind.Illegal) break;
            if (token.Kind == TokenKind.Semicolon)
            {
                trigger ??= IsCreateTrigger(tokens);
                if (trigger == false) break;
                // Inside a trigger the statement ends at "END ;" where END closes the body, not a CASE.
                if (tokens.Count >= 2 && tokens[^2].Is(Keyword.End) && !lastEndClosedCase) break;
            }
            else if (token.Is(Keyword.Case))
            {
                caseDepth++;
            }
            else if (token.Is(Keyword.End))
            {
                lastEndClosedCase = caseDepth > 0;
                if (lastEndClosedCase) caseDepth--;
            }
            position = Tokenizer.SkipTrivia(sql, position);
        }
        return position;
    }

    private static void TrackDepth(Token token, ref int depth, ref int maxDepth)
    {
        if (token.Kind == TokenKind.LeftParen || token.Is(Keyword.Case))
        {
            if (++depth > maxDepth) maxDepth = depth;
        }
        else if ((token.Kind == TokenKind.RightParen || token.Is(Keyword.End)) && depth > 0)
        {
            depth--;
        }
    }

    private static bool IsCreateTrigger(List<Token> tokens)
    {
        int i = 0;
        if (i < tokens.Count && tokens[i].Is(Keyword.Explain))
        {
            i++;
            if (i + 1 < tokens.Count && tokens[i].Is(Keyword.Query) && tokens[i + 1].Is(Keyword.Plan)) i += 2;
        }
        if (i >= tokens.Count || !tokens[i].Is(Keyword.Create)) return false;
        i++;
        if (i < tokens.Count && (tokens[i].Is(Keyword.Temp) || tokens[i].Is(Keyword.Temporary))) i++;
        return i < tokens.Count && tokens[i].Is(Keyword.Trigger);
    }

    private static T Run<T>(string sql, Token[] tokens, int depth, Parser<Token, T> parser)
    {
        if (depth > MaxNestingDepth) throw Error(StackGuard<T>.Message, tokens.Length > 0 ? tokens[0].Start : 0);
        if (depth <= InlineNestingDepth) return RunHere(sql, tokens, parser);

        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = RunHere(sql, tokens, parser);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, DeepStackSize);
        thread.Start();
        thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return result;
    }

    private static T RunHere<T>(string sql, Token[] tokens, Parser<Token, T> parser)
    {
        var context = new ParseContext(sql, tokens);
        using (context.Enter())
        {
            try
            {
                Result<Token, T> result = parser.Parse(tokens);
                if (result.Success) return result.Value;
            }
            catch (MiniSqlException e) when (e.ErrorOffset is null)
            {
                // A limit or semantic check inside a grammar action: report it at the statement's start.
                throw new MiniSqlException(e.ExtendedResultCode, e.Message, e.InnerException)
                {
                    ErrorOffset = tokens.Length > 0 ? tokens[0].Start : 0,
                };
            }
        }
        int index = context.FurthestFailure;
        if (index < 0 || index >= tokens.Length)
            throw Error("incomplete input", sql.Length);
        Token token = tokens[index];
        if (token.Kind == TokenKind.Illegal) throw Error(token.Value!, token.Start);
        return ThrowNear<T>(sql, token);
    }

    private static T ThrowNear<T>(string sql, Token token) =>
        throw Error($"near \"{sql.Substring(token.Start, token.Length)}\": syntax error", token.Start);

    private static MiniSqlException Error(string message, int offset) =>
        new(ResultCode.Error, message) { ErrorOffset = offset };
}
