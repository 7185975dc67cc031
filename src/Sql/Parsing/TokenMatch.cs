using Pidgin;

namespace MiniSql.Sql.Parsing;

/// <summary>
/// Primitive parser: accepts one token satisfying a predicate; on failure records the position in the current
/// <see cref="ParseContext"/> so the error can name the furthest failing token as SQLite does.
/// </summary>
internal sealed class TokenMatch(Func<Token, bool> predicate) : Parser<Token, Token>
{
    /// <inheritdoc />
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out Token result)
    {
        if (state.HasCurrent && predicate(state.Current))
        {
            result = state.Current;
            state.Advance();
            return true;
        }
        ParseContext.Current.NoteFailure((int)state.Location);
        state.SetError(state.HasCurrent ? Maybe.Just(state.Current) : Maybe.Nothing<Token>(), !state.HasCurrent, state.Location, null);
        result = default;
        return false;
    }
}
