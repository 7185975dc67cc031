using System.Runtime.CompilerServices;
using Pidgin;

namespace MiniSql.Sql.Parsing;

/// <summary>
/// Wraps a recursive parser and fails with SQLite's "parser stack overflow" before the thread's stack runs out, so
/// hostile nesting can never crash the process (a StackOverflowException cannot be caught).
/// </summary>
internal sealed class StackGuard<T>(Parser<Token, T> inner) : Parser<Token, T>
{
    /// <summary>SQLite's message when its parser stack is exhausted.</summary>
    public const string Message = "parser stack overflow";

    /// <inheritdoc />
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out T result)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new MiniSqlException(ResultCode.Error, Message);
        return inner.TryParse(ref state, ref expecteds, out result!);
    }
}
