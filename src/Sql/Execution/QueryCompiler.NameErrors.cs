using System.Collections.Immutable;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Execution;

/// <summary>
/// Which unknown column a failing SELECT names. We stop at the first unknown name we compile, in our own clause
/// order; SQLite resolves a core's clauses in the order result columns, HAVING, WHERE (with every ON clause ANDed
/// to its end in FROM order), ORDER BY, GROUP BY, and within one expression walks the tree depth-first, left to
/// right, where an unknown column sets the message and stops the walk, a function call walks its arguments (the
/// first unknown among them stops only that argument list) and then lets the walk go on, and any other node met
/// after an error stops the walk. The message is the last one set. When a core fails with "no such column" after its
/// FROM clause was bound, <see cref="SqliteNameError"/> replays SQLite's walk over the core to name the same column.
/// </summary>
internal sealed partial class QueryCompiler
{
    /// <summary>What a core's name replay needs, filled in once its FROM clause is bound.</summary>
    private sealed class NameReplay
    {
        public Scope? Scope;
        public List<(Expr Expr, string Name, string? Alias)>? ResultExprs;
        public Dictionary<string, Expr>? Aliases;
        public Expr? Where;
    }

    private static bool IsNameError(MiniSqlException e) => e.Message.StartsWith("no such column: ", StringComparison.Ordinal);

    /// <summary>The "no such column" message SQLite gives for <paramref name="core"/>, or null when the replay
    /// cannot tell (a subquery is met before any error: its own names are resolved by its own compile).</summary>
    private static string? SqliteNameError(SelectCore core, ImmutableArray<OrderingTerm> orderBy, NameReplay replay)
    {
        var walk = new NameWalk(replay.Scope!, replay.Aliases);
        try
        {
            foreach (var r in replay.ResultExprs!)
            {
                walk.Run(r.Expr, aliases: false);
                if (walk.Error is not null) return walk.Error;
            }
            walk.Run(core.Having, aliases: true);
            if (walk.Error is not null) return walk.Error;
            walk.Run(replay.Where, aliases: true);
            if (walk.Error is not null) return walk.Error;
            foreach (var term in orderBy)
            {
                walk.RunOrderingTerm(term.Expression, replay.ResultExprs!.Count);
                if (walk.Error is not null) return walk.Error;
            }
            foreach (var term in core.GroupBy)
            {
                walk.RunOrderingTerm(term, replay.ResultExprs!.Count);
                if (walk.Error is not null) return walk.Error;
            }
            return null;
        }
        catch (UndecidableException)
        {
            return null;
        }
    }

    private sealed class UndecidableException : Exception;

    /// <summary>
    /// SQLite reports an unknown function or a wrong argument count and then still walks the arguments, so an unknown
    /// column among them (met before any other node, which stops the walk) replaces the message.
    /// </summary>
    private static void ThrowArgumentNameError(FunctionCall fc, Scope scope, MiniSqlException functionError)
    {
        var walk = new NameWalk(scope, scope.Aliases) { Error = functionError.Message };
        try
        {
            walk.Run(new FunctionCall(fc.Name, false, fc.Arguments, false, [], null, null), aliases: scope.Aliases is not null);
        }
        catch (UndecidableException)
        {
            return;
        }
        if (walk.Error != functionError.Message) ThrowHelper.Throw(ResultCode.Error, walk.Error!);
    }

    private sealed class NameWalk(Scope scope, Dictionary<string, Expr>? aliases)
    {
        private bool _aliases;
        private bool _noOuter;

        public string? Error { get; set; }

        public void Run(Expr? e, bool aliases)
        {
            _aliases = aliases;
            if (e is not null) Walk(e);
        }

        /// <summary>An ORDER BY or GROUP BY term: an ordinal or a result alias names a result column.</summary>
        public void RunOrderingTerm(Expr e, int columns)
        {
            var bare = e;
            while (bare is CollateExpr c) bare = c.Operand;
            if (bare is IntegerLiteral) return;
            if (bare is ColumnRef { Table: null } cr && aliases is not null && aliases.ContainsKey(cr.Column)) return;
            // ORDER BY and GROUP BY do not see enclosing queries.
            _noOuter = true;
            try { Run(e, aliases: true); }
            finally { _noOuter = false; }
        }

        /// <summary>Walks <paramref name="e"/>; true when the walk stopped.</summary>
        private bool Walk(Expr e)
        {
            switch (e)
            {
                case ColumnRef cr:
                    if (Resolves(cr)) return false;
                    Error = "no such column: " + (cr.Schema is not null ? cr.Schema + "." : "") + (cr.Table is not null ? cr.Table + "." : "") + cr.Column;
                    return true;
                case FunctionCall f:
                    // The arguments' walk may stop; the walk around the call goes on.
                    foreach (var a in f.Arguments) if (Walk(a)) break;
                    return false;
                case LikeExpr { Not: false } l:
                    // LIKE is the function like(pattern, operand[, escape]).
                    _ = Walk(l.Pattern) || Walk(l.Operand) || (l.Escape is not null && Walk(l.Escape));
                    return false;
                case InSelectExpr or ExistsExpr or SubqueryExpr or InTableExpr:
                    if (Error is not null) return true;
                    throw new UndecidableException();
            }
            if (Error is not null) return true;
            switch (e)
            {
                case BinaryExpr { Operator: BinaryOperator.Is or BinaryOperator.IsNot, Right: ColumnRef { Table: null } right } b:
                    // An identifier right of IS is resolved first (it might be TRUE or FALSE).
                    return Walk(right) || Walk(b.Left) || Walk(b.Right);
                case BinaryExpr b:
                    return Walk(b.Left) || Walk(b.Right);
                case UnaryExpr u:
                    return Walk(u.Operand);
                case CollateExpr c:
                    return Walk(c.Operand);
                case CastExpr c:
                    return Walk(c.Operand);
                case NullTestExpr n:
                    return Walk(n.Operand);
                case LikeExpr l:
                    // NOT LIKE: a NOT node around the function.
                    return Walk(l with { Not = false });
                case BetweenExpr { Not: true } be:
                    return Walk(be with { Not = false });
                case BetweenExpr be:
                    return Walk(be.Operand) || Walk(be.Low) || Walk(be.High);
                case InListExpr { Not: true } il:
                    return Walk(il with { Not = false });
                case InListExpr il:
                    if (Walk(il.Operand)) return true;
                    foreach (var item in il.Items) if (Walk(item)) return true;
                    return false;
                case RowValueExpr rv:
                    foreach (var item in rv.Items) if (Walk(item)) return true;
                    return false;
                case CaseExpr ce:
                    if (ce.Operand is not null && Walk(ce.Operand)) return true;
                    foreach (var w in ce.Whens) if (Walk(w.When) || Walk(w.Then)) return true;
                    return ce.Else is not null && Walk(ce.Else);
                default:
                    return false;
            }
        }

        private bool Resolves(ColumnRef cr)
        {
            if (cr.Table is null && _aliases && aliases is not null && aliases.ContainsKey(cr.Column)) return true;
            for (var s = scope; s is not null; s = _noOuter ? null : s.Parent)
                if (ResolvesIn(cr, s)) return true;
            return false;
        }
    }
}
