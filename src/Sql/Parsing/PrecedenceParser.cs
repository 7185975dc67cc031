// PrecedenceParser.cs — the operator part of SQLite's expression grammar (lang_expr "Operators"), as one
// precedence-climbing loop instead of a tower of combinator levels (one Pidgin level per precedence costs ~12
// nested parser calls per operand). Operands (primaries) and the IN tail are ordinary Pidgin parsers.
//
// Precedence, loosest first (Prec values below):
//   1 OR   2 AND   3 NOT x   4 = == != <> IS [NOT] [DISTINCT FROM] [NOT] IN/LIKE/GLOB/MATCH/REGEXP/BETWEEN
//   ISNULL NOTNULL NOT NULL   5 < <= > >=   6 ESCAPE   7 & | << >>   8 + -   9 * / %   10 || -> ->>
//   then x COLLATE name (postfix) and prefix ~ + - which bind tightest.
// All binary operators are left-associative. A prefix NOT may start any operand and takes the rest of the
// expression at NOT's precedence ("a = NOT b AND c" is "(a = (NOT b)) AND c", as in SQLite's LALR grammar).
// Chains of one operator and runs of prefix operators are loops, so they do not consume stack.

using MiniSql.Sql.Parsing.Ast;
using Pidgin;
using static MiniSql.Sql.Parsing.ExprFactory;

namespace MiniSql.Sql.Parsing;

/// <summary>Precedence-climbing expression parser over Pidgin operand parsers. Immutable; thread-safe.</summary>
internal sealed class PrecedenceParser(
    Parser<Token, Expr> primary,
    Parser<Token, string> collationName,
    Parser<Token, Func<Expr, bool, Expr>> inTail) : Parser<Token, Expr>
{
    private const int PrecOr = 1;
    private const int PrecAnd = 2;
    private const int PrecNot = 3;
    private const int PrecEquality = 4;
    private const int PrecComparison = 5;
    private const int PrecEscape = 6;
    private const int PrecLowest = PrecOr;

    /// <inheritdoc />
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out Expr result) =>
        ParseLevel(ref state, ref expecteds, PrecLowest, out result);

    /// <summary>Parses an expression whose operators all bind at least as tightly as <paramref name="minPrec"/>.</summary>
    private bool ParseLevel(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, int minPrec, out Expr result)
    {
        if (!ParseOperand(ref state, ref expecteds, minPrec, out result)) return false;
        while (true)
        {
            if (!state.HasCurrent)
            {
                ParseContext.Current.NoteFailure((int)state.Location);
                return true;
            }
            Token token = state.Current;
            int prec = BinaryPrecedence(token, out BinaryOperator op);
            if (prec > 0)
            {
                if (prec < minPrec) return Stop(ref state);
                state.Advance();
                if (!ParseLevel(ref state, ref expecteds, prec + 1, out Expr right)) return false;
                result = Binary(op, result, right);
                continue;
            }
            if (PrecEquality < minPrec || token.Kind != TokenKind.Word) return Stop(ref state);

            // Equality-level forms that are not plain binary operators.
            switch (token.Keyword)
            {
                case Keyword.Is:
                {
                    state.Advance();
                    bool not = Accept(ref state, Keyword.Not);
                    bool distinct = false;
                    if (Accept(ref state, Keyword.Distinct))
                    {
                        if (!Expect(ref state, Keyword.From)) return false;
                        distinct = true;
                    }
                    if (!ParseLevel(ref state, ref expecteds, PrecEquality + 1, out Expr right)) return false;
                    result = Binary(not ^ distinct ? BinaryOperator.IsNot : BinaryOperator.Is, result, right);
                    continue;
                }
                case Keyword.Isnull:
                case Keyword.Notnull:
                    state.Advance();
                    result = new NullTestExpr(result, token.Keyword == Keyword.Notnull) { Height = Check(result.Height) };
                    continue;
                case Keyword.Not:
                {
                    ReadOnlySpan<Token> ahead = state.LookAhead(2);
                    if (ahead.Length < 2 || ahead[1].Kind != TokenKind.Word)
                    {
                        // SQLite's parser shifts the NOT and then fails on the token after it.
                        ParseContext.Current.NoteFailure((int)state.Location + 1);
                        return Stop(ref state);
                    }
                    Keyword next = ahead[1].Keyword;
                    if (next == Keyword.Null)
                    {
                        state.Advance(2);
                        result = new NullTestExpr(result, true) { Height = Check(result.Height) };
                        continue;
                    }
                    if (!IsNegatableKeyword(next))
                    {
                        ParseContext.Current.NoteFailure((int)state.Location + 1);
                        return Stop(ref state);
                    }
                    state.Advance();
                    if (!ParseNegatable(ref state, ref expecteds, true, ref result)) return false;
                    continue;
                }
                default:
                    if (!IsNegatableKeyword(token.Keyword)) return Stop(ref state);
                    if (!ParseNegatable(ref state, ref expecteds, false, ref result)) return false;
                    continue;
            }
        }
    }

    /// <summary>[NOT already consumed] LIKE/GLOB/MATCH/REGEXP/BETWEEN/IN at the current token.</summary>
    private bool ParseNegatable(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, bool not, ref Expr left)
    {
        Token token = state.Current;
        switch (token.Keyword)
        {
            case Keyword.Between:
            {
                state.Advance();
                if (!ParseLevel(ref state, ref expecteds, PrecEquality + 1, out Expr low)) return false;
                if (!Expect(ref state, Keyword.And)) return false;
                if (!ParseLevel(ref state, ref expecteds, PrecEquality + 1, out Expr high)) return false;
                left = new BetweenExpr(left, not, low, high)
                {
                    Height = Check(Math.Max(left.Height, Math.Max(low.Height, high.Height))),
                };
                return true;
            }
            case Keyword.In:
            {
                if (!inTail.TryParse(ref state, ref expecteds, out Func<Expr, bool, Expr>? make)) return false;
                left = make(left, not);
                return true;
            }
            default:
            {
                LikeOperator op = token.Keyword switch
                {
                    Keyword.Like => LikeOperator.Like,
                    Keyword.Glob => LikeOperator.Glob,
                    Keyword.Match => LikeOperator.Match,
                    _ => LikeOperator.Regexp,
                };
                state.Advance();
                if (!ParseLevel(ref state, ref expecteds, PrecEquality + 1, out Expr pattern)) return false;
                Expr? escape = null;
                if (Accept(ref state, Keyword.Escape))
                {
                    if (!ParseLevel(ref state, ref expecteds, PrecEscape + 1, out Expr e)) return false;
                    escape = e;
                }
                left = new LikeExpr(op, not, left, pattern, escape)
                {
                    Height = Check(Math.Max(Math.Max(left.Height, pattern.Height), H(escape))),
                };
                return true;
            }
        }
    }

    /// <summary>
    /// An operand: prefix NOT (taking the rest at NOT precedence, when allowed here), else prefix ~ + - applied to a
    /// primary, then any COLLATE suffixes.
    /// </summary>
    private bool ParseOperand(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, int minPrec, out Expr result)
    {
        int nots = 0;
        while (state.HasCurrent && state.Current.Is(Keyword.Not))
        {
            state.Advance();
            nots++;
        }
        if (nots > 0)
        {
            // NOT binds looser than everything but AND/OR; like SQLite's LALR grammar, its operand extends over all
            // tighter operators even when the NOT itself is the right operand of one ("a = NOT b = c").
            if (!ParseLevel(ref state, ref expecteds, PrecNot + 1, out result)) return false;
            for (int i = 0; i < nots; i++) result = Unary(UnaryOperator.Not, result);
            return true;
        }

        // Prefix operators bind tightest; collect them first so long runs do not recurse.
        List<UnaryOperator>? prefixes = null;
        while (state.HasCurrent)
        {
            TokenKind kind = state.Current.Kind;
            UnaryOperator op;
            if (kind == TokenKind.Minus) op = UnaryOperator.Negate;
            else if (kind == TokenKind.Plus) op = UnaryOperator.Plus;
            else if (kind == TokenKind.BitNot) op = UnaryOperator.BitNot;
            else break;
            (prefixes ??= []).Add(op);
            state.Advance();
        }
        if (!primary.TryParse(ref state, ref expecteds, out result!))
        {
            return false;
        }
        if (prefixes is not null)
        {
            for (int i = prefixes.Count - 1; i >= 0; i--) result = Unary(prefixes[i], result);
        }
        while (state.HasCurrent && state.Current.Is(Keyword.Collate))
        {
            state.Advance();
            if (!collationName.TryParse(ref state, ref expecteds, out string? name)) return false;
            result = Collate(result, name);
        }
        if (!state.HasCurrent) ParseContext.Current.NoteFailure((int)state.Location);
        return true;
    }

    /// <summary>Precedence of a plain binary operator token (0 when it is not one).</summary>
    private static int BinaryPrecedence(Token token, out BinaryOperator op)
    {
        switch (token.Kind)
        {
            case TokenKind.Concat: op = BinaryOperator.Concat; return 10;
            case TokenKind.Arrow: op = BinaryOperator.JsonExtract; return 10;
            case TokenKind.DoubleArrow: op = BinaryOperator.JsonExtractText; return 10;
            case TokenKind.Star: op = BinaryOperator.Multiply; return 9;
            case TokenKind.Slash: op = BinaryOperator.Divide; return 9;
            case TokenKind.Percent: op = BinaryOperator.Remainder; return 9;
            case TokenKind.Plus: op = BinaryOperator.Add; return 8;
            case TokenKind.Minus: op = BinaryOperator.Subtract; return 8;
            case TokenKind.BitAnd: op = BinaryOperator.BitAnd; return 7;
            case TokenKind.BitOr: op = BinaryOperator.BitOr; return 7;
            case TokenKind.ShiftLeft: op = BinaryOperator.ShiftLeft; return 7;
            case TokenKind.ShiftRight: op = BinaryOperator.ShiftRight; return 7;
            case TokenKind.Less: op = BinaryOperator.Less; return PrecComparison;
            case TokenKind.LessEqual: op = BinaryOperator.LessOrEqual; return PrecComparison;
            case TokenKind.Greater: op = BinaryOperator.Greater; return PrecComparison;
            case TokenKind.GreaterEqual: op = BinaryOperator.GreaterOrEqual; return PrecComparison;
            case TokenKind.Equal:
            case TokenKind.DoubleEqual: op = BinaryOperator.Equal; return PrecEquality;
            case TokenKind.NotEqual:
            case TokenKind.LessGreater: op = BinaryOperator.NotEqual; return PrecEquality;
            case TokenKind.Word when token.Keyword == Keyword.And: op = BinaryOperator.And; return PrecAnd;
            case TokenKind.Word when token.Keyword == Keyword.Or: op = BinaryOperator.Or; return PrecOr;
            default: op = default; return 0;
        }
    }

    private static bool IsNegatableKeyword(Keyword k) =>
        k is Keyword.Like or Keyword.Glob or Keyword.Match or Keyword.Regexp or Keyword.Between or Keyword.In;

    /// <summary>Ends the loop at a token no operator rule accepts here (recorded for error reporting).</summary>
    private static bool Stop(ref ParseState<Token> state)
    {
        ParseContext.Current.NoteFailure((int)state.Location);
        return true;
    }

    private static bool Accept(ref ParseState<Token> state, Keyword keyword)
    {
        if (state.HasCurrent && state.Current.Is(keyword))
        {
            state.Advance();
            return true;
        }
        ParseContext.Current.NoteFailure((int)state.Location);
        return false;
    }

    private static bool Expect(ref ParseState<Token> state, Keyword keyword)
    {
        if (Accept(ref state, keyword)) return true;
        state.SetError(state.HasCurrent ? Maybe.Just(state.Current) : Maybe.Nothing<Token>(), !state.HasCurrent, state.Location, null);
        return false;
    }
}
