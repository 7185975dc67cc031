using System.Collections.Immutable;
using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Functions;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;
using SemCollation = MiniSql.Engine.Records.CollatingSequence;

namespace MiniSql.Sql.Execution;

// Expression compilation: AST -> closures over the frame registers ("SQL As Understood By SQLite": expr;
// "Datatypes In SQLite" 4.2-4.3 for comparison affinity and collating sequence selection).
internal sealed partial class QueryCompiler
{
    private static readonly SqlValue True = SqlValue.Integer(1);
    private static readonly SqlValue False = SqlValue.Integer(0);

    /// <summary>Compiles an expression in <paramref name="scope"/>.</summary>
    public CompiledExpr Compile(Expr expr, Scope scope)
    {
        _depth++;
        try
        {
            if (_depth > 1000) ThrowHelper.Throw(ResultCode.Error, "Expression tree is too large (maximum depth 1000)");
            return CompileCore(expr, scope);
        }
        finally
        {
            _depth--;
        }
    }

    private int _depth;

    /// <summary>
    /// SQLite adds the height of each clause expression it resolves to a running total for as long as it resolves it,
    /// subqueries inside included, and fails when the total passes SQLITE_MAX_EXPR_DEPTH: a chain of n nested
    /// scalar subqueries costs about n²/2, so about 44 of them fail.
    /// </summary>
    private int _resolveHeight;

    private void EnterClause(int height)
    {
        if (_resolveHeight + height > Parsing.ExprFactory.MaxDepth)
            ThrowHelper.Throw(ResultCode.Error, $"Expression tree is too large (maximum depth {Parsing.ExprFactory.MaxDepth})");
        _resolveHeight += height;
    }

    private void LeaveClause(int height) => _resolveHeight -= height;

    private CompiledExpr CompileCore(Expr expr, Scope scope)
    {
        switch (expr)
        {
            case NullLiteral: return Constant(SqlValue.Null);
            case IntegerLiteral i: return Constant(SqlValue.Integer(i.Value));
            case RealLiteral r: return Constant(SqlValue.Real(r.Value));
            case StringLiteral s: return Constant(SqlValue.Text(s.Value));
            case BlobLiteral b: return Constant(SqlValue.Blob(b.Value));
            case BoolLiteral bl: return Constant(bl.Value ? True : False);
            case ParameterExpr p:
            {
                var parameters = _run.Parameters;
                int index = p.Index - 1;
                return new CompiledExpr(() => parameters[index]) { IsConstant = true };
            }
            case ColumnRef cr: return CompileColumn(cr, scope);
            case CollateExpr ce:
            {
                var operand = Compile(ce.Operand, scope);
                var collation = ResolveCollation(ce.Collation);
                return new CompiledExpr(operand.Eval, operand.Affinity)
                {
                    Collation = collation, ExplicitCollation = true, Source = operand.Source, Column = operand.Column,
                    UsedSources = operand.UsedSources, UsesOuter = operand.UsesOuter, IsConstant = operand.IsConstant,
                };
            }
            case CastExpr c:
            {
                var operand = Compile(c.Operand, scope);
                var affinity = AffinityRules.FromTypeName(c.TypeName);
                var eval = operand.Eval;
                return Derived(() => SqlConvert.Cast(eval(), affinity), affinity, operand);
            }
            case UnaryExpr u: return CompileUnary(u, scope);
            case BinaryExpr b: return CompileBinary(b, scope);
            case BetweenExpr be: return CompileBetween(be, scope);
            case InListExpr il: return CompileInList(il, scope);
            case InSelectExpr isel: return CompileInSelect(isel, scope);
            case InTableExpr it:
                return CompileInSelect(new InSelectExpr(it.Operand, it.Not, new SelectStatement(null,
                    new SelectCore(false, [new AllColumns(null)], new TableRef(it.Table, null, null), null, [], null, []), [], null)), scope);
            case NullTestExpr nt:
            {
                var operand = Compile(nt.Operand, scope);
                var eval = operand.Eval;
                bool notNull = nt.IsNotNull;
                return Derived(() => eval().IsNull != notNull ? True : False, Affinity.None, operand);
            }
            case LikeExpr like: return CompileLike(like, scope);
            case CaseExpr ce: return CompileCase(ce, scope);
            case ExistsExpr ex: return CompileExists(ex, scope);
            case SubqueryExpr sq: return CompileScalarSubquery(sq, scope);
            case FunctionCall fc: return CompileFunction(fc, scope);
            case CurrentTimeLiteral ct:
            {
                string name = ct.Kind switch { CurrentTimeKind.Date => "date", CurrentTimeKind.Time => "time", _ => "datetime" };
                var fn = _functions.FindScalar(name, 0) ?? throw new MiniSqlException(ResultCode.Error, "no such function: " + name);
                var context = _database.FunctionContext;
                return new CompiledExpr(() => fn.Invoke([], context));
            }
            case RowValueExpr:
                ThrowHelper.Throw(ResultCode.Error, "row value misused");
                return null!;
            case RaiseExpr raise when _trigger is not null:
                return CompileRaise(raise, scope);
            case RaiseExpr:
                ThrowHelper.Throw(ResultCode.Error, "RAISE() may only be used within a trigger-program");
                return null!;
            default:
                ThrowHelper.Throw(ResultCode.Error, "unsupported expression");
                return null!;
        }
    }

    private static CompiledExpr Constant(SqlValue value) => new(() => value) { IsConstant = true };

    private static CompiledExpr Derived(Func<SqlValue> eval, Affinity affinity, params CompiledExpr[] parts)
    {
        ulong used = 0;
        bool outer = false, constant = true;
        foreach (var p in parts)
        {
            used |= p.UsedSources;
            outer |= p.UsesOuter;
            constant &= p.IsConstant;
        }
        return new CompiledExpr(eval, affinity) { UsedSources = used, UsesOuter = outer, IsConstant = constant };
    }

    /// <summary>
    /// Finds a collation by name: built-ins or one registered on the connection. An unknown name gives a
    /// <see cref="MissingCollation"/>: naming it is allowed (SQLite fails only where it must compare), and the
    /// places that compare pass it through <see cref="MissingCollation.Require"/>.
    /// </summary>
    public SemCollation ResolveCollation(string name) => _database.FindCollation(name) ?? new MissingCollation(name);

    private CompiledExpr CompileColumn(ColumnRef cr, Scope scope)
    {
        for (var s = scope; s is not null; s = s.HideOuter ? null : s.Parent)
        {
            SourceBinding? found = null;
            int column = -2;
            foreach (var src in s.Sources)
            {
                if (cr.Table is not null && !string.Equals(src.Name, cr.Table, StringComparison.OrdinalIgnoreCase)) continue;
                int c = src.FindColumn(cr.Column);
                if (c < 0)
                {
                    if (src.Table is null || !src.Table.IsRowidName(cr.Column)) continue;
                    c = -1;
                }
                if (cr.Table is null && c >= 0 && src.Merged is not null && src.Merged.Contains(cr.Column)) continue;
                if (found is not null)
                {
                    ThrowHelper.Throw(ResultCode.Error, "ambiguous column name: " + (cr.Table is null ? cr.Column : cr.Table + "." + cr.Column));
                }
                found = src;
                column = c;
            }
            if (found is null && cr.Table is null && s == scope && s.Aliases is not null && s.Aliases.TryGetValue(cr.Column, out var aliased))
            {
                var saved = s.Aliases;
                s.Aliases = null;
                try { return Compile(aliased, s); }
                finally { s.Aliases = saved; }
            }
            if (found is null) continue;
            if (s != scope)
            {
                for (var t = scope; t != s; t = t.Parent!) t.Correlated = true;
            }
            found.MarkUsed(column);
            var frame = s.Frame;
            int slot = column >= 0 ? found.Offset + column : found.RowidSlot;
            var meta = column >= 0 ? found.Columns[column] : null;
            var affinity = column >= 0 ? meta!.Affinity : Affinity.Integer;
            // A column always has a collation (BINARY unless declared), so it outranks the right operand's column.
            var collation = meta is null ? null : meta.Collation is null ? SemCollation.Binary : ResolveCollation(meta.Collation);
            return new CompiledExpr(() => frame.Values[slot], affinity)
            {
                Collation = collation,
                Source = s == scope ? found : null,
                Column = column,
                UsedSources = s == scope ? 1UL << Math.Min(found.Index, 63) : 0,
                UsesOuter = s != scope,
            };
        }
        if (TriggerColumn(cr) is { } triggerColumn) return triggerColumn;
        if (cr.DoubleQuoted && cr.Table is null) return Constant(SqlValue.Text(cr.Column));
        string name = cr.Table is null ? cr.Column : cr.Table + "." + cr.Column;
        if (cr.Table is not null && cr.Schema is not null) name = cr.Schema + "." + name;
        ThrowHelper.Throw(ResultCode.Error, "no such column: " + name);
        return null!;
    }

    private CompiledExpr CompileUnary(UnaryExpr u, Scope scope)
    {
        var operand = Compile(u.Operand, scope);
        var e = operand.Eval;
        switch (u.Operator)
        {
            case UnaryOperator.Negate:
                if (u.Operand is IntegerLiteral { Value: long.MinValue }) return Constant(SqlValue.Integer(long.MinValue));
                // A negated REAL literal is coded as the negative constant (so -0.0 stays -0.0); other operands
                // are computed as 0 - x, as SQLite's TK_UMINUS does.
                if (u.Operand is RealLiteral real) return Constant(SqlValue.Real(-real.Value));
                return Derived(() => SqlArithmetic.Negate(e()), Affinity.None, operand);
            case UnaryOperator.Plus:
                // "+x" keeps x's value and collation but has no affinity (sqlite3ExprAffinity stops at TK_UPLUS).
                return new CompiledExpr(e, Affinity.None)
                {
                    Collation = operand.Collation, ExplicitCollation = operand.ExplicitCollation,
                    UsedSources = operand.UsedSources, UsesOuter = operand.UsesOuter, IsConstant = operand.IsConstant,
                };
            case UnaryOperator.BitNot: return Derived(() => SqlArithmetic.BitNot(e()), Affinity.None, operand);
            default: return Derived(() => SqlArithmetic.Not(e()), Affinity.None, operand);
        }
    }

    /// <summary>The collation an aggregate compares its first argument with (min, max and DISTINCT need it to exist).</summary>
    private static SemCollation AggregateCollation(AggregateFunction aggregate, FunctionCall fc, CompiledExpr[] args)
    {
        var collation = args.Length > 0 && args[0].Collation is not null ? args[0].Collation! : SemCollation.Binary;
        if (fc.Distinct || aggregate.Name is "min" or "max") MissingCollation.Require(collation);
        return collation;
    }

    /// <summary>The collation of a binary comparison: explicit left, explicit right, column left, column right.</summary>
    private static SemCollation? BinaryCollation(CompiledExpr left, CompiledExpr right)
    {
        if (left.ExplicitCollation) return MissingCollation.Require(left.Collation);
        if (right.ExplicitCollation) return MissingCollation.Require(right.Collation);
        return MissingCollation.Require(left.Collation ?? right.Collation);
    }

    private CompiledExpr CompileBinary(BinaryExpr b, Scope scope)
    {
        if (b.Left is RowValueExpr || b.Right is RowValueExpr) return CompileRowComparison(b, scope);
        var left = Compile(b.Left, scope);
        var right = Compile(b.Right, scope);
        var l = left.Eval;
        var r = right.Eval;
        switch (b.Operator)
        {
            case BinaryOperator.And:
                return Derived(() =>
                {
                    var lv = SqlConvert.IsTrue(l());
                    if (lv == false) return False;
                    var rv = SqlConvert.IsTrue(r());
                    if (rv == false) return False;
                    return lv is null || rv is null ? SqlValue.Null : True;
                }, Affinity.None, left, right);
            case BinaryOperator.Or:
                return Derived(() =>
                {
                    var lv = SqlConvert.IsTrue(l());
                    if (lv == true) return True;
                    var rv = SqlConvert.IsTrue(r());
                    if (rv == true) return True;
                    return lv is null || rv is null ? SqlValue.Null : False;
                }, Affinity.None, left, right);
            case BinaryOperator.Equal:
            case BinaryOperator.NotEqual:
            case BinaryOperator.Less:
            case BinaryOperator.LessOrEqual:
            case BinaryOperator.Greater:
            case BinaryOperator.GreaterOrEqual:
            case BinaryOperator.Is:
            case BinaryOperator.IsNot:
            {
                var affinity = SqlComparer.ComparisonAffinity(left.Affinity, right.Affinity);
                var collation = BinaryCollation(left, right);
                var op = b.Operator;
                Func<SqlValue> eval = op switch
                {
                    BinaryOperator.Equal => () => { int? c = SqlComparer.CompareForOperator(l(), r(), affinity, collation); return c is null ? SqlValue.Null : c == 0 ? True : False; },
                    BinaryOperator.NotEqual => () => { int? c = SqlComparer.CompareForOperator(l(), r(), affinity, collation); return c is null ? SqlValue.Null : c != 0 ? True : False; },
                    BinaryOperator.Less => () => { int? c = SqlComparer.CompareForOperator(l(), r(), affinity, collation); return c is null ? SqlValue.Null : c < 0 ? True : False; },
                    BinaryOperator.LessOrEqual => () => { int? c = SqlComparer.CompareForOperator(l(), r(), affinity, collation); return c is null ? SqlValue.Null : c <= 0 ? True : False; },
                    BinaryOperator.Greater => () => { int? c = SqlComparer.CompareForOperator(l(), r(), affinity, collation); return c is null ? SqlValue.Null : c > 0 ? True : False; },
                    BinaryOperator.GreaterOrEqual => () => { int? c = SqlComparer.CompareForOperator(l(), r(), affinity, collation); return c is null ? SqlValue.Null : c >= 0 ? True : False; },
                    BinaryOperator.Is => () => IsEqual(l(), r(), affinity, collation) ? True : False,
                    _ => () => IsEqual(l(), r(), affinity, collation) ? False : True,
                };
                return Derived(eval, Affinity.None, left, right);
            }
            case BinaryOperator.Add: return Derived(() => SqlArithmetic.Add(l(), r()), Affinity.None, left, right);
            case BinaryOperator.Subtract: return Derived(() => SqlArithmetic.Subtract(l(), r()), Affinity.None, left, right);
            case BinaryOperator.Multiply: return Derived(() => SqlArithmetic.Multiply(l(), r()), Affinity.None, left, right);
            case BinaryOperator.Divide: return Derived(() => SqlArithmetic.Divide(l(), r()), Affinity.None, left, right);
            case BinaryOperator.Remainder: return Derived(() => SqlArithmetic.Remainder(l(), r()), Affinity.None, left, right);
            case BinaryOperator.BitAnd: return Derived(() => SqlArithmetic.BitAnd(l(), r()), Affinity.None, left, right);
            case BinaryOperator.BitOr: return Derived(() => SqlArithmetic.BitOr(l(), r()), Affinity.None, left, right);
            case BinaryOperator.ShiftLeft: return Derived(() => SqlArithmetic.ShiftLeft(l(), r()), Affinity.None, left, right);
            case BinaryOperator.ShiftRight: return Derived(() => SqlArithmetic.ShiftRight(l(), r()), Affinity.None, left, right);
            case BinaryOperator.Concat: return Derived(() => SqlArithmetic.Concat(l(), r()), Affinity.None, left, right);
            default:
            {
                string name = b.Operator == BinaryOperator.JsonExtract ? "->" : "->>";
                var fn = _functions.FindScalar(name, 2) ?? throw new MiniSqlException(ResultCode.Error, "no such function: " + name);
                var context = _database.FunctionContext;
                var args = new SqlValue[2];
                return Derived(() => { args[0] = l(); args[1] = r(); return fn.Invoke(args, context); }, Affinity.None, left, right);
            }
        }
    }

    private static bool IsEqual(SqlValue a, SqlValue b, Affinity affinity, SemCollation? collation)
    {
        if (a.IsNull || b.IsNull) return a.IsNull && b.IsNull;
        return SqlComparer.CompareForOperator(a, b, affinity, collation) == 0;
    }

    private CompiledExpr CompileRowComparison(BinaryExpr b, Scope scope)
    {
        if (b.Left is not RowValueExpr lr || b.Right is not RowValueExpr rr || lr.Items.Length != rr.Items.Length)
        {
            ThrowHelper.Throw(ResultCode.Error, "row value misused");
            return null!;
        }
        int n = lr.Items.Length;
        var lefts = new CompiledExpr[n];
        var rights = new CompiledExpr[n];
        var affinities = new Affinity[n];
        var collations = new SemCollation?[n];
        for (int i = 0; i < n; i++)
        {
            lefts[i] = Compile(lr.Items[i], scope);
            rights[i] = Compile(rr.Items[i], scope);
            affinities[i] = SqlComparer.ComparisonAffinity(lefts[i].Affinity, rights[i].Affinity);
            collations[i] = BinaryCollation(lefts[i], rights[i]);
        }
        var op = b.Operator;
        if (op is not (BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Is or BinaryOperator.IsNot
            or BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual))
        {
            ThrowHelper.Throw(ResultCode.Error, "row value misused");
        }
        Func<SqlValue> eval = () =>
        {
            // Lexicographic comparison; a NULL at the deciding position makes the result NULL.
            bool sawNull = false;
            for (int i = 0; i < n; i++)
            {
                var a = lefts[i].Eval();
                var c = rights[i].Eval();
                if (op is BinaryOperator.Is or BinaryOperator.IsNot)
                {
                    if (!IsEqual(a, c, affinities[i], collations[i])) return op == BinaryOperator.Is ? False : True;
                    continue;
                }
                int? cmp = SqlComparer.CompareForOperator(a, c, affinities[i], collations[i]);
                if (cmp is null)
                {
                    if (op is BinaryOperator.Equal or BinaryOperator.NotEqual) { sawNull = true; continue; }
                    return SqlValue.Null;
                }
                if (cmp != 0)
                {
                    return op switch
                    {
                        BinaryOperator.Equal => False,
                        BinaryOperator.NotEqual => True,
                        BinaryOperator.Less or BinaryOperator.LessOrEqual => cmp < 0 ? True : False,
                        _ => cmp > 0 ? True : False,
                    };
                }
            }
            if (op is BinaryOperator.Is) return True;
            if (op is BinaryOperator.IsNot) return False;
            if (sawNull) return SqlValue.Null;
            return op is BinaryOperator.Equal or BinaryOperator.LessOrEqual or BinaryOperator.GreaterOrEqual ? True : False;
        };
        return Derived(eval, Affinity.None, [.. lefts, .. rights]);
    }

    private CompiledExpr CompileBetween(BetweenExpr be, Scope scope)
    {
        var x = Compile(be.Operand, scope);
        var lo = Compile(be.Low, scope);
        var hi = Compile(be.High, scope);
        var a1 = SqlComparer.ComparisonAffinity(x.Affinity, lo.Affinity);
        var a2 = SqlComparer.ComparisonAffinity(x.Affinity, hi.Affinity);
        var c1 = BinaryCollation(x, lo);
        var c2 = BinaryCollation(x, hi);
        var xe = x.Eval;
        var le = lo.Eval;
        var he = hi.Eval;
        bool not = be.Not;
        return Derived(() =>
        {
            var v = xe();
            int? ca = SqlComparer.CompareForOperator(v, le(), a1, c1);
            SqlValue first = ca is null ? SqlValue.Null : ca >= 0 ? True : False;
            if (ca is not null && ca < 0) return not ? True : False;
            int? cb = SqlComparer.CompareForOperator(v, he(), a2, c2);
            if (cb is not null && cb > 0) return not ? True : False;
            if (ca is null || cb is null) return SqlValue.Null;
            return not ? False : True;
        }, Affinity.None, x, lo, hi);
    }

    private CompiledExpr CompileInList(InListExpr il, Scope scope)
    {
        if (il.Operand is RowValueExpr) ThrowHelper.Throw(ResultCode.Error, "row value misused");
        var x = Compile(il.Operand, scope);
        var items = new CompiledExpr[il.Items.Length];
        var affinities = new Affinity[items.Length];
        var collations = new SemCollation?[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = Compile(il.Items[i], scope);
            affinities[i] = SqlComparer.ComparisonAffinity(x.Affinity, items[i].Affinity);
            collations[i] = MissingCollation.Require(x.ExplicitCollation ? x.Collation : x.Collation ?? items[i].Collation);
        }
        bool not = il.Not;
        var xe = x.Eval;
        return Derived(() =>
        {
            if (items.Length == 0) return not ? True : False;
            var v = xe();
            if (v.IsNull) return SqlValue.Null;
            bool sawNull = false;
            for (int i = 0; i < items.Length; i++)
            {
                int? c = SqlComparer.CompareForOperator(v, items[i].Eval(), affinities[i], collations[i]);
                if (c is null) sawNull = true;
                else if (c == 0) return not ? False : True;
            }
            if (sawNull) return SqlValue.Null;
            return not ? True : False;
        }, Affinity.None, [x, .. items]);
    }

    private CompiledExpr CompileInSelect(InSelectExpr isel, Scope scope)
    {
        if (isel.Operand is RowValueExpr) ThrowHelper.Throw(ResultCode.Error, "row value misused");
        var x = Compile(isel.Operand, scope);
        var sub = new Scope(scope);
        var plan = CompileSelect(isel.Query, sub);
        if (plan.Columns.Length != 1)
            ThrowHelper.Throw(ResultCode.Error, $"sub-select returns {plan.Columns.Length} columns - expected 1");
        var rightAffinity = plan.Columns[0].Affinity;
        var affinity = SqlComparer.ComparisonAffinity(x.Affinity, rightAffinity);
        var collation = MissingCollation.Require(x.ExplicitCollation ? x.Collation : x.Collation ?? (plan.Columns[0].Collation is { } cn ? ResolveCollation(cn) : null));
        bool correlated = sub.Correlated;
        bool not = isel.Not;
        var run = _run;
        var xe = x.Eval;
        List<SqlValue>? cache = null;
        long cacheEpoch = 0;
        bool cacheHasNull = false;
        var result = Derived(() =>
        {
            var v = xe();
            List<SqlValue> values;
            bool hasNull;
            if (!correlated && cache is not null && cacheEpoch == run.Epoch)
            {
                values = cache;
                hasNull = cacheHasNull;
            }
            else
            {
                values = new List<SqlValue>();
                hasNull = false;
                plan.Open();
                try
                {
                    while (plan.Next())
                    {
                        var item = plan.Row[0];
                        if (item.IsNull) hasNull = true;
                        else values.Add(item);
                    }
                }
                finally
                {
                    plan.Close();
                }
                if (!correlated)
                {
                    cache = values;
                    cacheHasNull = hasNull;
                    cacheEpoch = run.Epoch;
                }
            }
            if (values.Count == 0 && !hasNull) return not ? True : False;
            if (v.IsNull) return SqlValue.Null;
            foreach (var item in values)
            {
                if (SqlComparer.CompareForOperator(v, item, affinity, collation) == 0) return not ? False : True;
            }
            if (hasNull) return SqlValue.Null;
            return not ? True : False;
        }, Affinity.None, x);
        result.UsesOuter |= correlated && sub.Correlated && scope.Parent is not null && IsOuterCorrelated(sub, scope);
        if (correlated) result.UsedSources = ulong.MaxValue;
        return result;
    }

    /// <summary>True when <paramref name="sub"/> read columns beyond <paramref name="scope"/> (conservative: any correlation).</summary>
    private static bool IsOuterCorrelated(Scope sub, Scope scope) => scope.Correlated;

    private CompiledExpr CompileExists(ExistsExpr ex, Scope scope)
    {
        var sub = new Scope(scope) { ExistsWrapper = true };
        var plan = CompileSelect(ex.Query, sub);
        bool correlated = sub.Correlated;
        var run = _run;
        bool cached = false;
        long cacheEpoch = 0;
        var result = new CompiledExpr(() =>
        {
            if (!correlated && cacheEpoch == run.Epoch) return cached ? True : False;
            plan.Open();
            bool any;
            try { any = plan.Next(); }
            finally { plan.Close(); }
            if (!correlated)
            {
                cached = any;
                cacheEpoch = run.Epoch;
            }
            return any ? True : False;
        });
        if (correlated) result.UsedSources = ulong.MaxValue;
        result.UsesOuter = correlated && scope.Correlated;
        return result;
    }

    private CompiledExpr CompileScalarSubquery(SubqueryExpr sq, Scope scope)
    {
        var sub = new Scope(scope);
        var plan = CompileSelect(sq.Query, sub);
        bool correlated = sub.Correlated;
        var run = _run;
        SqlValue cached = default;
        long cacheEpoch = 0;
        var affinity = plan.Columns.Length > 0 ? plan.Columns[0].Affinity : Affinity.None;
        var collationName = plan.Columns.Length > 0 ? plan.Columns[0].Collation : null;
        var result = new CompiledExpr(() =>
        {
            if (!correlated && cacheEpoch == run.Epoch) return cached;
            plan.Open();
            SqlValue v;
            try { v = plan.Next() ? plan.Row[0] : SqlValue.Null; }
            finally { plan.Close(); }
            if (!correlated)
            {
                cached = v;
                cacheEpoch = run.Epoch;
            }
            return v;
        }, affinity)
        {
            Collation = collationName is null ? null : ResolveCollation(collationName),
        };
        if (correlated) result.UsedSources = ulong.MaxValue;
        result.UsesOuter = correlated && scope.Correlated;
        return result;
    }

    private CompiledExpr CompileLike(LikeExpr like, Scope scope)
    {
        string name = like.Operator switch
        {
            LikeOperator.Like => "like",
            LikeOperator.Glob => "glob",
            LikeOperator.Regexp => "regexp",
            _ => "match",
        };
        int argc = like.Escape is null ? 2 : 3;
        var fn = _functions.FindScalar(name, argc);
        if (fn is null) ThrowHelper.Throw(ResultCode.Error, "no such function: " + name.ToUpperInvariant());
        var x = Compile(like.Operand, scope);
        var pattern = Compile(like.Pattern, scope);
        var escape = like.Escape is null ? null : Compile(like.Escape, scope);
        var args = new SqlValue[argc];
        var context = _database.FunctionContext;
        bool not = like.Not;
        var xe = x.Eval;
        var pe = pattern.Eval;
        var ee = escape?.Eval;
        var parts = escape is null ? new[] { x, pattern } : new[] { x, pattern, escape };
        return Derived(() =>
        {
            args[0] = pe();
            args[1] = xe();
            if (ee is not null) args[2] = ee();
            var v = fn!.Invoke(args, context);
            if (!not || v.IsNull) return v;
            return SqlConvert.IsTrue(v) == true ? False : True;
        }, Affinity.None, parts);
    }

    private CompiledExpr CompileCase(CaseExpr ce, Scope scope)
    {
        var operand = ce.Operand is null ? null : Compile(ce.Operand, scope);
        var whens = new CompiledExpr[ce.Whens.Length];
        var thens = new CompiledExpr[ce.Whens.Length];
        var affinities = new Affinity[whens.Length];
        var collations = new SemCollation?[whens.Length];
        for (int i = 0; i < whens.Length; i++)
        {
            whens[i] = Compile(ce.Whens[i].When, scope);
            thens[i] = Compile(ce.Whens[i].Then, scope);
            if (operand is not null)
            {
                affinities[i] = SqlComparer.ComparisonAffinity(operand.Affinity, whens[i].Affinity);
                collations[i] = BinaryCollation(operand, whens[i]);
            }
        }
        var otherwise = ce.Else is null ? null : Compile(ce.Else, scope);
        var oe = operand?.Eval;
        var parts = new List<CompiledExpr>(whens);
        parts.AddRange(thens);
        if (operand is not null) parts.Add(operand);
        if (otherwise is not null) parts.Add(otherwise);
        return Derived(() =>
        {
            if (oe is null)
            {
                for (int i = 0; i < whens.Length; i++)
                {
                    if (SqlConvert.IsTrue(whens[i].Eval()) == true) return thens[i].Eval();
                }
            }
            else
            {
                var v = oe();
                for (int i = 0; i < whens.Length; i++)
                {
                    if (SqlComparer.CompareForOperator(v, whens[i].Eval(), affinities[i], collations[i]) == 0) return thens[i].Eval();
                }
            }
            return otherwise is null ? SqlValue.Null : otherwise.Eval();
        }, Affinity.None, parts.ToArray());
    }

    /// <summary>True when <paramref name="name"/> with <paramref name="argCount"/> arguments is an aggregate.</summary>
    private bool IsAggregateCall(FunctionCall fc) =>
        fc.Over is null && _functions.FindAggregate(fc.Name, fc.Star ? 0 : fc.Arguments.Length) is not null;

    /// <summary>True when the expression contains an aggregate call outside subqueries (with <paramref name="scope"/>:
    /// one that belongs to that query rather than to an enclosing one).</summary>
    public bool ContainsAggregate(Expr? expr, Scope? scope = null)
    {
        switch (expr)
        {
            case null: return false;
            case FunctionCall fc:
                if (IsAggregateCall(fc) && (scope is null || AggregateOwner(fc, scope) == scope)) return true;
                foreach (var a in fc.Arguments) if (ContainsAggregate(a, scope)) return true;
                return false;
            case UnaryExpr u: return ContainsAggregate(u.Operand, scope);
            case BinaryExpr b: return ContainsAggregate(b.Left, scope) || ContainsAggregate(b.Right, scope);
            case CollateExpr c: return ContainsAggregate(c.Operand, scope);
            case CastExpr c: return ContainsAggregate(c.Operand, scope);
            case LikeExpr l: return ContainsAggregate(l.Operand, scope) || ContainsAggregate(l.Pattern, scope) || ContainsAggregate(l.Escape, scope);
            case BetweenExpr be: return ContainsAggregate(be.Operand, scope) || ContainsAggregate(be.Low, scope) || ContainsAggregate(be.High, scope);
            case InListExpr il:
                if (ContainsAggregate(il.Operand, scope)) return true;
                foreach (var i in il.Items) if (ContainsAggregate(i, scope)) return true;
                return false;
            case InSelectExpr isel: return ContainsAggregate(isel.Operand, scope);
            case InTableExpr it: return ContainsAggregate(it.Operand, scope);
            case NullTestExpr nt: return ContainsAggregate(nt.Operand, scope);
            case CaseExpr ce:
                if (ContainsAggregate(ce.Operand, scope) || ContainsAggregate(ce.Else, scope)) return true;
                foreach (var w in ce.Whens) if (ContainsAggregate(w.When, scope) || ContainsAggregate(w.Then, scope)) return true;
                return false;
            case RowValueExpr rv:
                foreach (var i in rv.Items) if (ContainsAggregate(i, scope)) return true;
                return false;
            default: return false;
        }
    }

    private CompiledExpr CompileFunction(FunctionCall fc, Scope scope)
    {
        if (fc.Over is not null) return CompileWindowCall(fc, scope);
        CheckWindowOnlyWithoutOver(fc);
        int argc = fc.Star ? 0 : fc.Arguments.Length;
        ScalarFunction? scalar;
        AggregateFunction? aggregate;
        try
        {
            (scalar, aggregate) = _functions.Resolve(fc.Name, argc);
        }
        catch (MiniSqlException e)
        {
            ThrowArgumentNameError(fc, scope, e);
            throw;
        }
        if (fc.Star && aggregate is null) ThrowHelper.Throw(ResultCode.Error, $"wrong number of arguments to function {fc.Name}()");
        if (aggregate is not null && AggregateOwner(fc, scope) is { } owner && owner != scope)
        {
            return CompileOuterAggregate(fc, aggregate, scope, owner);
        }
        if (aggregate is not null)
        {
            var collector = scope.Aggregates;
            if (collector is null)
            {
                ThrowHelper.Throw(ResultCode.Error, $"misuse of aggregate function {fc.Name}()");
            }
            scope.Aggregates = null;
            CompiledExpr[] args;
            CompiledExpr? filter;
            try
            {
                args = new CompiledExpr[argc];
                for (int i = 0; i < argc; i++) args[i] = Compile(fc.Arguments[i], scope);
                filter = fc.Filter is null ? null : Compile(fc.Filter, scope);
            }
            finally
            {
                scope.Aggregates = collector;
            }
            if (fc.Distinct && argc != 1) ThrowHelper.Throw(ResultCode.Error, $"DISTINCT aggregates must have exactly one argument");
            var collation = AggregateCollation(aggregate, fc, args);
            int slot = collector.Slots.Count;
            collector.Slots.Add(new AggregateSlot(aggregate, args, fc.Distinct, filter, collation));
            var frame = scope.Frame;
            return new CompiledExpr(() => frame.Aggs[slot]);
        }
        if (fc.Distinct) ThrowHelper.Throw(ResultCode.Error, $"DISTINCT aggregates must have exactly one argument");
        // resolve.c exprProbability: the second argument must be a floating-point literal in [0.0, 1.0].
        if (argc == 2 && string.Equals(fc.Name, "likelihood", StringComparison.OrdinalIgnoreCase)
            && fc.Arguments[1] is not RealLiteral { Value: >= 0.0 and <= 1.0 })
            ThrowHelper.Throw(ResultCode.Error, "second argument to likelihood() must be a constant between 0.0 and 1.0");
        var compiled = new CompiledExpr[argc];
        for (int i = 0; i < argc; i++) compiled[i] = Compile(fc.Arguments[i], scope);
        var fn = scalar!;
        var context = _database.FunctionContext;
        var buffer = new SqlValue[argc];
        // The first argument that has a collation decides (a column has one, BINARY unless declared), as in SQLite.
        SemCollation? argCollation = null;
        foreach (var c in compiled)
        {
            if (c.Collation is not null) { argCollation = c.Collation; break; }
        }
        Func<SqlValue> eval;
        if (argCollation is not null && argCollation != SemCollation.Binary)
        {
            var ctx = _database.FunctionContext;
            eval = () =>
            {
                for (int i = 0; i < compiled.Length; i++) buffer[i] = compiled[i].Eval();
                var saved = ctx.Collation;
                ctx.Collation = argCollation;
                try { return fn.Invoke(buffer, ctx); }
                finally { ctx.Collation = saved; }
            };
        }
        else
        {
            eval = () =>
            {
                for (int i = 0; i < compiled.Length; i++) buffer[i] = compiled[i].Eval();
                return fn.Invoke(buffer, context);
            };
        }
        var result = Derived(eval, Affinity.None, compiled);
        if (!fn.IsDeterministic) result = new CompiledExpr(eval) { UsedSources = result.UsedSources, UsesOuter = result.UsesOuter };
        return result;
    }
    /// <summary>
    /// The query an aggregate call belongs to (resolve.c: the innermost name context whose FROM clause its
    /// arguments reference; the calling query when they reference no column). Arguments with subqueries stay
    /// with the calling query.
    /// </summary>
    private Scope? AggregateOwner(FunctionCall fc, Scope scope)
    {
        if (scope.Parent is null || fc.Star) return scope;
        Scope? owner = null;
        int depthOfOwner = int.MaxValue;
        bool local = false;
        void Visit(Expr? e)
        {
            switch (e)
            {
                case null: return;
                case ColumnRef cr:
                    int depth = 0;
                    for (var s = scope; s is not null; s = s.HideOuter ? null : s.Parent, depth++)
                    {
                        if (ResolvesIn(cr, s) || (s == scope && cr.Table is null && s.Aliases is not null && s.Aliases.ContainsKey(cr.Column)))
                        {
                            if (depth < depthOfOwner) { depthOfOwner = depth; owner = s; }
                            return;
                        }
                    }
                    local = true;
                    return;
                case SubqueryExpr or ExistsExpr or InSelectExpr:
                    local = true;
                    return;
                case FunctionCall f: foreach (var a in f.Arguments) Visit(a); Visit(f.Filter); return;
                case UnaryExpr u: Visit(u.Operand); return;
                case BinaryExpr b: Visit(b.Left); Visit(b.Right); return;
                case CollateExpr c: Visit(c.Operand); return;
                case CastExpr c: Visit(c.Operand); return;
                case LikeExpr l: Visit(l.Operand); Visit(l.Pattern); Visit(l.Escape); return;
                case BetweenExpr be: Visit(be.Operand); Visit(be.Low); Visit(be.High); return;
                case InListExpr il: Visit(il.Operand); foreach (var i in il.Items) Visit(i); return;
                case InTableExpr: local = true; return;
                case NullTestExpr nt: Visit(nt.Operand); return;
                case CaseExpr ce: Visit(ce.Operand); foreach (var w in ce.Whens) { Visit(w.When); Visit(w.Then); } Visit(ce.Else); return;
                case RowValueExpr rv: foreach (var i in rv.Items) Visit(i); return;
                default: return;
            }
        }
        foreach (var a in fc.Arguments) Visit(a);
        Visit(fc.Filter);
        return local || owner is null ? scope : owner;
    }

    /// <summary>True when <paramref name="cr"/> names a column (or rowid) of one of <paramref name="s"/>'s sources.</summary>
    private static bool ResolvesIn(ColumnRef cr, Scope s)
    {
        foreach (var src in s.Sources)
        {
            if (cr.Table is not null && !string.Equals(src.Name, cr.Table, StringComparison.OrdinalIgnoreCase)) continue;
            if (src.FindColumn(cr.Column) >= 0 || (src.Table is not null && src.Table.IsRowidName(cr.Column))) return true;
        }
        return false;
    }

    /// <summary>
    /// An aggregate inside a subquery whose arguments read only an enclosing query's columns: it is computed by
    /// that query (which becomes an aggregate query if it was not), and the subquery reads the group's value.
    /// </summary>
    private CompiledExpr CompileOuterAggregate(FunctionCall fc, AggregateFunction aggregate, Scope scope, Scope owner)
    {
        var collector = owner.Aggregates;
        if (collector is null)
        {
            if (owner.AggregateCandidate && owner.Core is not null) throw new OuterAggregateException(owner.Core);
            // SQLite never codes an EXISTS subquery's result columns, so a misplaced aggregate there goes unnoticed.
            if (scope.CompilingOutputs && scope.Parent is { ExistsWrapper: true }) return Constant(SqlValue.Null);
            ThrowHelper.Throw(ResultCode.Error, $"misuse of aggregate: {fc.Name}()");
        }
        int argc = fc.Arguments.Length;
        owner.Aggregates = null;
        var savedAliases = owner.Aliases;
        owner.Aliases = null;
        CompiledExpr[] args;
        CompiledExpr? filter;
        try
        {
            args = new CompiledExpr[argc];
            for (int i = 0; i < argc; i++) args[i] = Compile(fc.Arguments[i], owner);
            filter = fc.Filter is null ? null : Compile(fc.Filter, owner);
        }
        finally
        {
            owner.Aggregates = collector;
            owner.Aliases = savedAliases;
        }
        if (fc.Distinct && argc != 1) ThrowHelper.Throw(ResultCode.Error, $"DISTINCT aggregates must have exactly one argument");
        var collation = AggregateCollation(aggregate, fc, args);
        int slot = collector.Slots.Count;
        collector.Slots.Add(new AggregateSlot(aggregate, args, fc.Distinct, filter, collation));
        for (var t = scope; t != owner; t = t.Parent!) t.Correlated = true;
        var frame = owner.Frame;
        return new CompiledExpr(() => frame.Aggs[slot]) { UsesOuter = true };
    }
}
