using System.Collections.Immutable;
using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;
using SemCollation = MiniSql.Engine.Records.CollatingSequence;

namespace MiniSql.Sql.Execution;

// SELECT compilation: FROM flattening, name resolution, predicate placement, access-path choice, aggregation,
// ORDER BY / LIMIT, compounds and CTEs ("SQL As Understood By SQLite": SELECT; "The SQLite Query Optimizer
// Overview" for which terms can use an index).
internal sealed partial class QueryCompiler
{
    /// <summary>Compiles a full SELECT. <paramref name="scope"/> is an empty scope whose parent is the enclosing query.</summary>
    public QueryPlan CompileSelect(SelectStatement select, Scope scope)
    {
        if (ConvertCompound(select) is { } converted) select = converted;
        var savedCtes = _ctes;
        try
        {
            if (select.With is not null) PushWith(select.With);
            QueryPlan plan;
            if (select.Body is SelectCore core)
            {
                plan = CompileCore(core, scope, select.OrderBy, out int keys);
                if (keys > 0 && plan is not CoreSelectPlan { OrderSatisfied: true }) plan = new SortPlan(plan, OrderComparer(plan, select.OrderBy, keys, scope), plan.Columns.Length + keys);
            }
            else
            {
                bool savedOrdered = _compoundOrdered;
                _compoundOrdered = select.OrderBy.Length > 0;
                try { plan = CompileBody(select.Body, scope); }
                finally { _compoundOrdered = savedOrdered; }
                if (select.OrderBy.Length > 0)
                {
                    var (indexes, comparer) = ResolveCompoundOrderBy(select, plan);
                    plan = new SortPlan(new KeyAppendPlan(plan, indexes), comparer, plan.Columns.Length + indexes.Length);
                }
            }
            if (select.Limit is not null)
            {
                var limitScope = new Scope(scope.Parent);
                int limitHeight = Math.Max(select.Limit.Count.Height, select.Limit.Offset?.Height ?? 0);
                EnterClause(limitHeight);
                CompiledExpr limit;
                CompiledExpr? offset;
                try
                {
                    limit = Compile(select.Limit.Count, limitScope);
                    offset = select.Limit.Offset is null ? null : Compile(select.Limit.Offset, limitScope);
                }
                finally { LeaveClause(limitHeight); }
                plan = new LimitPlan(plan, limit, offset);
            }
            return plan;
        }
        finally
        {
            _ctes = savedCtes;
        }
    }

    private void PushWith(WithClause with)
    {
        var list = new List<CteEntry>(_ctes);
        foreach (var cte in with.Tables)
        {
            var entry = new CteEntry { Name = cte.Name, Definition = cte, Visible = new List<CteEntry>(list), Recursive = with.Recursive };
            list.Add(entry);
        }
        _ctes = list;
    }

    /// <summary>
    /// SQLite's convertCompoundSelectToSubquery: a compound that is not all UNION ALL and whose ORDER BY uses COLLATE
    /// becomes <c>SELECT * FROM (compound) ORDER BY ...</c>. The rewrite moves the right-most core's GROUP BY,
    /// HAVING and DISTINCT to the outer SELECT, where they see only the compound's result columns (so a
    /// qualified column there is "no such column", and a constant GROUP BY folds the whole result into one group).
    /// </summary>
    private static SelectStatement? ConvertCompound(SelectStatement select)
    {
        if (select.Body is not CompoundSelect compound || select.OrderBy.IsDefaultOrEmpty) return null;
        bool allUnionAll = true;
        for (SelectBody b = compound; b is CompoundSelect c; b = c.Left) allUnionAll &= c.Operator == CompoundOperator.UnionAll;
        if (allUnionAll) return null;
        bool collate = false;
        foreach (var term in select.OrderBy) collate |= HasCollate(term.Expression);
        if (!collate) return null;
        if (compound.Right is not SelectCore last) return null;
        var inner = compound with { Right = last with { GroupBy = [], Having = null } };
        var outer = new SelectCore(last.Distinct, [new AllColumns(null)],
            new SubquerySource(new SelectStatement(null, inner, [], null), null), null, last.GroupBy, last.Having, []);
        return select with { Body = outer };
    }

    /// <summary>True when a COLLATE operator occurs in <paramref name="e"/> outside subqueries (SQLite's EP_Collate).</summary>
    private static bool HasCollate(Expr? e) => e switch
    {
        null => false,
        CollateExpr => true,
        UnaryExpr u => HasCollate(u.Operand),
        BinaryExpr b => HasCollate(b.Left) || HasCollate(b.Right),
        CastExpr c => HasCollate(c.Operand),
        FunctionCall f => f.Arguments.Any(HasCollate),
        LikeExpr l => HasCollate(l.Operand) || HasCollate(l.Pattern) || HasCollate(l.Escape),
        BetweenExpr be => HasCollate(be.Operand) || HasCollate(be.Low) || HasCollate(be.High),
        InListExpr il => HasCollate(il.Operand) || il.Items.Any(HasCollate),
        NullTestExpr nt => HasCollate(nt.Operand),
        CaseExpr ce => HasCollate(ce.Operand) || HasCollate(ce.Else) || ce.Whens.Any(w => HasCollate(w.When) || HasCollate(w.Then)),
        _ => false,
    };

    /// <summary>True while compiling the body of a compound SELECT that has an ORDER BY (SQLite merges sorted sides).</summary>
    private bool _compoundOrdered;

    private QueryPlan CompileBody(SelectBody body, Scope scope)
    {
        switch (body)
        {
            case SelectCore core:
                return CompileCore(core, scope, [], out _);
            case ValuesBody values:
            {
                var rows = new CompiledExpr[values.Rows.Length][];
                var sub = new Scope(scope);
                for (int r = 0; r < rows.Length; r++)
                {
                    rows[r] = new CompiledExpr[values.Rows[r].Length];
                    for (int c = 0; c < rows[r].Length; c++) rows[r][c] = Compile(values.Rows[r][c], sub);
                }
                var columns = new ColumnMeta[values.Rows[0].Length];
                for (int c = 0; c < columns.Length; c++) columns[c] = new ColumnMeta("column" + (c + 1), null, Affinity.None, null, null, null);
                return new ValuesPlan(rows, columns);
            }
            case CompoundSelect compound:
            {
                bool ordered = _compoundOrdered;
                // Without ORDER BY every arm of UNION/INTERSECT/EXCEPT writes into the compound's temp index, so its
                // own DISTINCT is redundant and SQLite drops it (a destination that "ignores distinct"): of equal
                // rows within the arm the last one then wins too, not the first (0 and -0.0, 1 and 1.0).
                bool stripDistinct = !ordered && compound.Operator != CompoundOperator.UnionAll;
                var leftBody = stripDistinct ? WithoutDistinct(compound.Left) : compound.Left;
                var rightBody = stripDistinct ? WithoutDistinct(compound.Right) : compound.Right;
                QueryPlan left;
                try
                {
                    left = CompileBody(leftBody, scope);
                }
                catch (MiniSqlException e) when (IsResolveError(e))
                {
                    // SQLite resolves the arms right to left: an error in the right arm is the one it reports.
                    if (ResolveErrorOf(rightBody, scope) is { } rightError) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(rightError);
                    throw;
                }
                var right = CompileBody(rightBody, scope);
                if (left.Columns.Length != right.Columns.Length)
                {
                    string op = compound.Operator switch
                    {
                        CompoundOperator.UnionAll => "UNION ALL",
                        CompoundOperator.Union => "UNION",
                        CompoundOperator.Intersect => "INTERSECT",
                        _ => "EXCEPT",
                    };
                    ThrowHelper.Throw(ResultCode.Error, $"SELECTs to the left and right of {op} do not have the same number of result columns");
                }
                var plan = new CompoundPlan(left, right, compound.Operator, new RowComparer(0, CompoundCollations(left, right))) { KeepFirst = ordered };
                MergeCompoundAffinities(plan.Columns, compound.Right, i => right.Columns[i].Affinity);
                return plan;
            }
            default:
                ThrowHelper.Throw(ResultCode.Error, "unsupported SELECT form");
                return null!;
        }
    }

    /// <summary>A view or subquery in FROM needs its columns' collations registered (SQLite resolves them there).</summary>
    private void RequireCollations(ColumnMeta[] columns)
    {
        foreach (var column in columns)
        {
            if (column.Collation is { } name) MissingCollation.Require(ResolveCollation(name));
        }
    }

    /// <summary>
    /// SQLite turns a DISTINCT query whose ORDER BY is exactly its result list (same expressions, ascending, no
    /// COLLATE) into a GROUP BY query, which does not ask the planner for distinct rows.
    /// </summary>
    private static bool DistinctIsGroupBy(ImmutableArray<OrderingTerm> orderBy, CompiledExpr[] keys, CompiledExpr[] outputs,
        List<(Expr Expr, string Name, string? Alias)> resultExprs)
    {
        if (orderBy.Length != outputs.Length) return false;
        for (int i = 0; i < orderBy.Length; i++)
        {
            var term = orderBy[i];
            if (term.Descending || term.Nulls != NullsOrder.Default || term.Expression is CollateExpr) return false;
            if (!ReferenceEquals(keys[i], outputs[i]) && !term.Expression.Equals(resultExprs[i].Expr)) return false;
        }
        return true;
    }

    /// <summary>
    /// SQLite's omit-noop-join: in a DISTINCT query, the right table of a LEFT JOIN that nothing but its own ON
    /// clause reads (not the result, the ORDER BY, WHERE or another join's ON) cannot change the distinct rows, so
    /// its loop is dropped (innermost first, never the outermost loop) and its ON clause is never evaluated.
    /// </summary>
    private static void OmitNoopLeftJoins(List<Level> levels, CompiledExpr[] outputs, CompiledExpr[] keys,
        List<(CompiledExpr Expr, Expr Ast)> where, List<CompiledExpr> constantFilters)
    {
        ulong used = 0;
        foreach (var o in outputs) used |= o.UsedSources;
        foreach (var k in keys) used |= k.UsedSources;
        foreach (var (w, _) in where) used |= w.UsedSources;
        foreach (var f in constantFilters) used |= f.UsedSources;
        for (int i = levels.Count - 1; i >= 1; i--)
        {
            var level = levels[i];
            if (!level.LeftJoin || level.Source.Index >= 63) continue;
            ulong self = 1UL << level.Source.Index;
            if ((used & self) != 0) continue;
            bool readElsewhere = false;
            foreach (var other in levels)
            {
                if (other == level) continue;
                foreach (var f in other.OnFilters) readElsewhere |= (f.UsedSources & self) != 0;
                foreach (var f in other.Filters) readElsewhere |= (f.UsedSources & self) != 0;
            }
            if (readElsewhere) continue;
            levels.RemoveAt(i);
        }
    }

    /// <summary>An error SQLite raises while resolving names (not one it raises only when coding).</summary>
    private static bool IsResolveError(MiniSqlException e) =>
        e.ResultCode == ResultCode.Error && !e.Message.StartsWith("misuse of aggregate: ", StringComparison.Ordinal);

    /// <summary>The resolve error compiling <paramref name="body"/> raises, if any.</summary>
    private MiniSqlException? ResolveErrorOf(SelectBody body, Scope scope)
    {
        try
        {
            CompileBody(body, scope);
            return null;
        }
        catch (MiniSqlException e) when (IsResolveError(e))
        {
            return e;
        }
        catch (Exception e) when (e is MiniSqlException or OuterAggregateException)
        {
            return null;
        }
    }

    /// <summary>An arm whose rows feed a distinct temp index, with the DISTINCT of its cores cleared.</summary>
    private static SelectBody WithoutDistinct(SelectBody body) => body switch
    {
        SelectCore { Distinct: true } core => core with { Distinct = false },
        CompoundSelect c => c with { Left = WithoutDistinct(c.Left), Right = WithoutDistinct(c.Right) },
        _ => body,
    };

    private SemCollation?[] CompoundCollations(QueryPlan left, QueryPlan right)
    {
                var collations = new SemCollation?[left.Columns.Length];
                for (int i = 0; i < collations.Length; i++)
                {
                    var name = left.Columns[i].Collation ?? right.Columns[i].Collation;
                    collations[i] = name is null ? null : MissingCollation.Require(ResolveCollation(name));
                }
                return collations;
    }

    /// <summary>
    /// A compound column keeps the left-most arm's affinity unless a later arm may produce a value that affinity
    /// would convert: TEXT meets a possibly numeric arm, or a numeric affinity meets a possibly textual one; the
    /// column then has BLOB affinity (select.c sqlite3SubqueryColumnTypes with sqlite3ExprDataType).
    /// </summary>
    private static void MergeCompoundAffinities(ColumnMeta[] columns, SelectBody rightBody, Func<int, Affinity> rightAffinity)
    {
        for (int i = 0; i < columns.Length; i++)
        {
            var affinity = columns[i].Affinity;
            if (affinity < Affinity.Text) continue;
            int m = rightBody switch
            {
                SelectCore core when core.Columns.Length == columns.Length && core.Columns[i] is ExpressionColumn ec
                    => DataTypes(ec.Expression, rightAffinity(i)),
                ValuesBody values when values.Rows[0].Length == columns.Length
                    => values.Rows.Aggregate(0, (acc, row) => acc | DataTypes(row[i], Affinity.None)),
                _ => ColumnDataTypes(rightAffinity(i)),
            };
            if ((affinity == Affinity.Text && (m & 1) != 0) || (affinity >= Affinity.Numeric && (m & 2) != 0))
                columns[i] = columns[i] with { Affinity = Affinity.Blob };
        }
    }

    /// <summary>The kinds of value an expression may yield (sqlite3ExprDataType): 1 numeric, 2 text, 4 blob.</summary>
    private static int DataTypes(Expr? e, Affinity columnAffinity) => e switch
    {
        null or NullLiteral => 0,
        CollateExpr c => DataTypes(c.Operand, columnAffinity),
        UnaryExpr { Operator: UnaryOperator.Plus } u => DataTypes(u.Operand, columnAffinity),
        StringLiteral => 2,
        BlobLiteral => 4,
        BinaryExpr { Operator: BinaryOperator.Concat } => 6,
        ParameterExpr or FunctionCall => 7,
        ColumnRef => ColumnDataTypes(columnAffinity),
        CastExpr c => ColumnDataTypes(AffinityRules.FromTypeName(c.TypeName)),
        SubqueryExpr => 7,
        CaseExpr ce => ce.Whens.Aggregate(DataTypes(ce.Else, Affinity.None), (acc, w) => acc | DataTypes(w.Then, Affinity.None)),
        _ => 1,
    };

    private static int ColumnDataTypes(Affinity affinity) =>
        affinity >= Affinity.Numeric ? 5 : affinity == Affinity.Text ? 6 : 7;

    /// <summary>
    /// The column number an ORDER BY or GROUP BY term names (sqlite3ExprIsInteger): an integer literal that fits
    /// in 32 bits, possibly under unary + or -; null when the term is an ordinary expression.
    /// </summary>
    private static long? TermIndex(Expr e) => e switch
    {
        IntegerLiteral i when i.Value >= 0 && i.Value <= int.MaxValue => i.Value,
        UnaryExpr { Operator: UnaryOperator.Plus } u => TermIndex(u.Operand),
        UnaryExpr { Operator: UnaryOperator.Negate } u => -TermIndex(u.Operand),
        _ => null,
    };

    /// <summary>Replaces the operand under <paramref name="term"/>'s COLLATE operators with <paramref name="replacement"/>.</summary>
    private static Expr ReplaceCollated(Expr term, Expr replacement) =>
        term is CollateExpr c ? c with { Operand = ReplaceCollated(c.Operand, replacement) } : replacement;

    private static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => n + "th",
        _ => (n % 10) switch { 1 => n + "st", 2 => n + "nd", 3 => n + "rd", _ => n + "th" },
    };

    private (int[] Indexes, RowComparer Comparer) ResolveCompoundOrderBy(SelectStatement select, QueryPlan plan)
    {
        int n = plan.Columns.Length;
        var indexes = new int[select.OrderBy.Length];
        var collations = new SemCollation?[indexes.Length];
        var desc = new bool[indexes.Length];
        var nullsFirst = new bool[indexes.Length];
        var first = FirstCore(select.Body);
        for (int i = 0; i < indexes.Length; i++)
        {
            var term = select.OrderBy[i];
            var e = term.Expression;
            string? collation = null;
            while (e is CollateExpr ce) { collation ??= ce.Collation; e = ce.Operand; }
            int index = -1;
            if (TermIndex(e) is long lit)
            {
                if (lit < 1 || lit > n)
                    ThrowHelper.Throw(ResultCode.Error, $"{Ordinal(i + 1)} ORDER BY term out of range - should be between 1 and {n}");
                index = (int)lit - 1;
            }
            else
            {
                if (e is ColumnRef cr && cr.Table is null)
                {
                    for (int c = 0; c < n; c++)
                    {
                        if (string.Equals(plan.Columns[c].Name, cr.Column, StringComparison.OrdinalIgnoreCase)) { index = c; break; }
                    }
                }
                if (index < 0 && first is not null)
                {
                    for (int c = 0; c < first.Columns.Length && c < n; c++)
                    {
                        if (first.Columns[c] is ExpressionColumn ec && ExprEquals(ec.Expression, e)) { index = c; break; }
                    }
                }
                if (index < 0)
                    ThrowHelper.Throw(ResultCode.Error, $"{Ordinal(i + 1)} ORDER BY term does not match any column in the result set");
            }
            indexes[i] = index;
            var cn = collation ?? plan.Columns[index].Collation;
            collations[i] = cn is null ? null : MissingCollation.Require(ResolveCollation(cn));
            desc[i] = term.Descending;
            nullsFirst[i] = term.Nulls == NullsOrder.Default ? !term.Descending : term.Nulls == NullsOrder.First;
        }
        return (indexes, new RowComparer(n, collations, desc, nullsFirst));
    }

    private static SelectCore? FirstCore(SelectBody body) => body switch
    {
        SelectCore c => c,
        CompoundSelect cs => FirstCore(cs.Left),
        _ => null,
    };

    private static bool ExprEquals(Expr a, Expr b)
    {
        if (a is ColumnRef ca && b is ColumnRef cb)
        {
            return string.Equals(ca.Column, cb.Column, StringComparison.OrdinalIgnoreCase)
                && (ca.Table is null || cb.Table is null || string.Equals(ca.Table, cb.Table, StringComparison.OrdinalIgnoreCase));
        }
        return a.Equals(b);
    }

    private RowComparer OrderComparer(QueryPlan plan, ImmutableArray<OrderingTerm> orderBy, int keys, Scope scope)
    {
        var sortKeyCollations = CoreSortKeyCollations(plan);
        var collations = new SemCollation?[keys];
        var desc = new bool[keys];
        var nullsFirst = new bool[keys];
        for (int i = 0; i < keys; i++)
        {
            collations[i] = sortKeyCollations[i];
            desc[i] = orderBy[i].Descending;
            nullsFirst[i] = orderBy[i].Nulls == NullsOrder.Default ? !orderBy[i].Descending : orderBy[i].Nulls == NullsOrder.First;
        }
        return new RowComparer(plan.Columns.Length, collations, desc, nullsFirst);
    }

    /// <summary>One flattened FROM item.</summary>
    private sealed record FromItem(TableSource Source, JoinKind Kind, bool Natural, Expr? On, ImmutableArray<string> Using);

    private static void Flatten(TableSource source, List<FromItem> items, JoinKind kind, bool natural, Expr? on, ImmutableArray<string> usingCols)
    {
        if (source is JoinSource j)
        {
            Flatten(j.Left, items, kind, natural, on, usingCols);
            Flatten(j.Right, items, j.Kind, j.Natural, j.On, j.Using);
            return;
        }
        items.Add(new FromItem(source, kind, natural, on, usingCols));
    }

    private static List<Expr> SplitAnd(Expr? e, List<Expr>? into = null)
    {
        into ??= new List<Expr>();
        if (e is null) return into;
        if (e is BinaryExpr { Operator: BinaryOperator.And } b)
        {
            SplitAnd(b.Left, into);
            SplitAnd(b.Right, into);
        }
        else into.Add(e);
        return into;
    }

    private Func<int, SqlValue> DefaultsFor(TableInfo table)
    {
        return i =>
        {
            var d = table.Columns[i].Default;
            if (d is null) return SqlValue.Null;
            var v = Compile(d, new Scope(null)).Eval();
            return v;
        };
    }

    /// <summary>Adds one FROM item to the scope; returns the level that reads it.</summary>
    private Level AddSource(TableSource source, Scope scope)
    {
        switch (source)
        {
            case TableRef tr:
            {
                string name = tr.Name.Name;
                if (tr.Name.Schema is not null && !tr.Name.Schema.Equals("main", StringComparison.OrdinalIgnoreCase)
                    && !tr.Name.Schema.Equals("temp", StringComparison.OrdinalIgnoreCase))
                    ThrowHelper.Throw(ResultCode.Error, "no such table: " + tr.Name);
                if (tr.Name.Schema is null)
                {
                    for (int i = _ctes.Count - 1; i >= 0; i--)
                    {
                        var cte = _ctes[i];
                        if (!string.Equals(cte.Name, name, StringComparison.OrdinalIgnoreCase)) continue;
                        return CteLevel(cte, tr.Alias ?? cte.Name, scope);
                    }
                }
                if (_catalog.Views.TryGetValue(name, out var view))
                {
                    var saved = _ctes;
                    _ctes = new List<CteEntry>();
                    QueryPlan plan;
                    try { plan = CompileSelect(view.Query, new Scope(null)); }
                    finally { _ctes = saved; }
                    var columns = RenameColumns(plan.Columns, view.Columns, name);
                    RequireCollations(columns);
                    var binding = new SourceBinding(tr.Alias ?? view.Name, null, columns);
                    scope.Add(binding);
                    return new MaterializedLevel(binding, scope.Frame, plan, _run) { Label = tr.Alias is null ? view.Name : view.Name + " AS " + tr.Alias };
                }
                var table = _catalog.FindTable(name);
                if (table is null) ThrowHelper.Throw(ResultCode.Error, "no such table: " + tr.Name);
                var metas = new ColumnMeta[table.Columns.Count];
                for (int i = 0; i < metas.Length; i++)
                {
                    var c = table.Columns[i];
                    metas[i] = new ColumnMeta(c.Name, c.DeclaredType, c.Affinity, c.Collation, table.Name, c.Name);
                }
                var tb = new SourceBinding(tr.Alias ?? table.Name, table, metas);
                scope.Add(tb);
                bool hasDefaults = false;
                foreach (var c in table.Columns) hasDefaults |= c.Default is not null;
                var level = new TableLevel(tb, scope.Frame, _run, hasDefaults ? DefaultsFor(table) : null);
                if (tr.Index is { IndexName: { } forced })
                {
                    if (!_catalog.Indexes.TryGetValue(forced, out var fi) || fi.Table != table)
                        ThrowHelper.Throw(ResultCode.Error, "no such index: " + forced);
                    level.ForcedIndex = fi;
                }
                level.NotIndexed = tr.Index is { NotIndexed: true };
                return level;
            }
            case SubquerySource sq:
            {
                var sub = new Scope(scope.Parent);
                var plan = CompileSelect(sq.Query, sub);
                var columns = plan.Columns;
                RequireCollations(columns);
                var binding = new SourceBinding(sq.Alias ?? "(subquery)", null, columns);
                scope.Add(binding);
                if (sub.Correlated) scope.Correlated = true;
                return new MaterializedLevel(binding, scope.Frame, plan, _run) { Label = "(subquery-" + (scope.Sources.Count) + ")" };
            }
            case TableFunctionRef tf:
                ThrowHelper.Throw(ResultCode.Error, "no such table-valued function: " + tf.Name.Name);
                return null!;
            default:
                ThrowHelper.Throw(ResultCode.Error, "unsupported FROM item");
                return null!;
        }
    }

    private static ColumnMeta[] RenameColumns(ColumnMeta[] columns, ImmutableArray<string> names, string objectName)
    {
        if (names.IsDefaultOrEmpty) return columns;
        if (names.Length != columns.Length)
            ThrowHelper.Throw(ResultCode.Error, $"table {objectName} has {columns.Length} values for {names.Length} columns");
        var result = new ColumnMeta[columns.Length];
        for (int i = 0; i < columns.Length; i++) result[i] = columns[i] with { Name = names[i] };
        return result;
    }

    private Level CteLevel(CteEntry cte, string alias, Scope scope)
    {
        if (cte.Working is not null)
        {
            var wb = new SourceBinding(alias, null, cte.WorkingColumns!);
            scope.Add(wb);
            return new MaterializedLevel(wb, scope.Frame, null, _run) { Rows = cte.Working, Label = alias };
        }
        var saved = _ctes;
        QueryPlan plan;
        try
        {
            _ctes = cte.Visible;
            var def = cte.Definition;
            if (cte.Recursive && def.Query.Body is CompoundSelect { Operator: CompoundOperator.Union or CompoundOperator.UnionAll } compound
                && References(compound.Right, cte.Name))
            {
                var initialSelect = def.Query with { Body = compound.Left, OrderBy = [], Limit = null };
                var initial = CompileSelect(initialSelect, new Scope(null));
                var columns = RenameColumns(initial.Columns, def.Columns, cte.Name);
                if (ReferenceEquals(columns, initial.Columns)) columns = (ColumnMeta[])columns.Clone();
                // The recursive arm is not compiled yet, so its column references count as "any type".
                MergeCompoundAffinities(columns, compound.Right, _ => Affinity.None);
                var working = new List<SqlValue[]>();
                var self = new CteEntry { Name = cte.Name, Definition = def, Visible = cte.Visible, Working = working, WorkingColumns = columns };
                _ctes = new List<CteEntry>(cte.Visible) { self };
                var recursive = CompileBody(compound.Right, new Scope(null));
                if (recursive.Columns.Length != initial.Columns.Length)
                    ThrowHelper.Throw(ResultCode.Error, "SELECTs to the left and right of UNION do not have the same number of result columns");
                RowComparer? distinct = compound.Operator == CompoundOperator.Union ? new RowComparer(0, new SemCollation?[columns.Length]) : null;
                plan = new RecursiveCtePlan(initial, recursive, working, distinct, columns);
                if (def.Query.Limit is not null)
                {
                    var ls = new Scope(null);
                    plan = new LimitPlan(plan, Compile(def.Query.Limit.Count, ls), def.Query.Limit.Offset is null ? null : Compile(def.Query.Limit.Offset, ls));
                }
            }
            else
            {
                var visibleWithoutSelf = cte.Visible;
                plan = CompileSelect(def.Query, new Scope(null));
            }
        }
        finally
        {
            _ctes = saved;
        }
        var metas = RenameColumns(plan.Columns, cte.Definition.Columns, cte.Name);
        var binding = new SourceBinding(alias, null, metas);
        scope.Add(binding);
        return new MaterializedLevel(binding, scope.Frame, plan, _run) { Label = alias };
    }

    private static bool References(SelectBody body, string name) => body switch
    {
        SelectCore c => c.From is not null && ReferencesSource(c.From, name),
        CompoundSelect cs => References(cs.Left, name) || References(cs.Right, name),
        _ => false,
    };

    private static bool ReferencesSource(TableSource s, string name) => s switch
    {
        TableRef tr => string.Equals(tr.Name.Name, name, StringComparison.OrdinalIgnoreCase),
        JoinSource j => ReferencesSource(j.Left, name) || ReferencesSource(j.Right, name),
        _ => false,
    };

    /// <summary>Compiles one SELECT core. <paramref name="sortKeys"/> is the number of ORDER BY keys appended to rows.</summary>
    private QueryPlan CompileCore(SelectCore core, Scope parent, ImmutableArray<OrderingTerm> orderBy, out int sortKeys)
    {
        var replay = new NameReplay();
        int heightAtEntry = _resolveHeight;
        try
        {
            try
            {
                return CompileCore(core, parent, orderBy, forceAggregate: false, replay, out sortKeys);
            }
            catch (OuterAggregateException e) when (ReferenceEquals(e.Core, core))
            {
                replay = new NameReplay();
                _resolveHeight = heightAtEntry;
                return CompileCore(core, parent, orderBy, forceAggregate: true, replay, out sortKeys);
            }
        }
        catch (MiniSqlException e) when (replay.Scope is not null && IsNameError(e)
            && SqliteNameError(core, orderBy, replay) is { } message && message != e.Message)
        {
            ThrowHelper.Throw(ResultCode.Error, message);
            throw;
        }
        finally
        {
            _resolveHeight = heightAtEntry;
        }
    }

    private QueryPlan CompileCore(SelectCore core, Scope parent, ImmutableArray<OrderingTerm> orderBy, bool forceAggregate, NameReplay replay,
        out int sortKeys)
    {
        var scope = new Scope(parent) { Core = core };
        var levels = new List<Level>();
        var where = new List<Expr>();
        var leftOn = new List<(int Level, Expr Term)>();
        Expr? replayWhere = core.Where;
        if (core.From is not null)
        {
            var items = new List<FromItem>();
            Flatten(core.From, items, JoinKind.Comma, false, null, []);
            // SQLite's limit (and ours: source sets are 64-bit masks, one bit per FROM item).
            if (items.Count > MaxJoinTables) ThrowHelper.Throw(ResultCode.Error, $"at most {MaxJoinTables} tables in a join");
            for (int i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (item.Kind is JoinKind.Right or JoinKind.Full)
                    ThrowHelper.Throw(ResultCode.Error, "RIGHT and FULL OUTER JOINs are not currently supported");
                var level = AddSource(item.Source, scope);
                level.LeftJoin = item.Kind == JoinKind.Left;
                levels.Add(level);
                var joinTerms = new List<Expr>();
                SplitAnd(item.On, joinTerms);
                if (item.On is not null) replayWhere = replayWhere is null ? item.On : Parsing.ExprFactory.Binary(BinaryOperator.And, replayWhere, item.On);
                var right = level.Source;
                IEnumerable<string> usingCols = item.Using.IsDefaultOrEmpty ? [] : item.Using;
                if (item.Natural)
                {
                    var common = new List<string>();
                    foreach (var col in right.Columns)
                    {
                        for (int s = 0; s < scope.Sources.Count - 1; s++)
                        {
                            var left = scope.Sources[s];
                            if (left.FindColumn(col.Name) >= 0 && (left.Merged is null || !left.Merged.Contains(col.Name))) { common.Add(col.Name); break; }
                        }
                    }
                    usingCols = common;
                }
                foreach (var col in usingCols)
                {
                    SourceBinding? left = null;
                    for (int s = 0; s < scope.Sources.Count - 1; s++)
                    {
                        var candidate = scope.Sources[s];
                        if (candidate.FindColumn(col) >= 0 && (candidate.Merged is null || !candidate.Merged.Contains(col))) { left = candidate; break; }
                    }
                    if (left is null || right.FindColumn(col) < 0)
                        ThrowHelper.Throw(ResultCode.Error, $"cannot join using column {col} - column not present in both tables");
                    joinTerms.Add(new BinaryExpr(BinaryOperator.Equal, new ColumnRef(null, left.Name, col), new ColumnRef(null, right.Name, col)));
                    replayWhere = replayWhere is null ? joinTerms[^1] : Parsing.ExprFactory.Binary(BinaryOperator.And, replayWhere, joinTerms[^1]);
                    (right.Merged ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(col);
                }
                if (level.LeftJoin) foreach (var t in joinTerms) leftOn.Add((levels.Count - 1, t));
                else where.AddRange(joinTerms);
            }
        }
        SplitAnd(core.Where, where);

        // Result columns (expanding *).
        var resultExprs = new List<(Expr Expr, string Name, string? Alias)>();
        foreach (var rc in core.Columns)
        {
            if (rc is AllColumns all)
            {
                bool any = false;
                foreach (var src in scope.Sources)
                {
                    if (all.Table is not null && !string.Equals(src.Name, all.Table, StringComparison.OrdinalIgnoreCase)) continue;
                    any = true;
                    foreach (var col in src.Columns)
                    {
                        if (all.Table is null && src.Merged is not null && src.Merged.Contains(col.Name)) continue;
                        resultExprs.Add((new ColumnRef(null, src.Name, col.Name), col.Name, null));
                    }
                }
                if (!any)
                {
                    if (all.Table is not null) ThrowHelper.Throw(ResultCode.Error, "no such table: " + all.Table);
                    ThrowHelper.Throw(ResultCode.Error, "no tables specified");
                }
            }
            else if (rc is ExpressionColumn ec)
            {
                string name = ec.Alias ?? (ec.Expression is ColumnRef cr ? cr.Column : ec.SourceText);
                resultExprs.Add((ec.Expression, name, ec.Alias));
            }
        }
        var aliases = new Dictionary<string, Expr>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in resultExprs)
        {
            if (r.Alias is not null) aliases.TryAdd(r.Alias, r.Expr);
        }
        replay.Scope = scope;
        replay.ResultExprs = resultExprs;
        replay.Aliases = aliases;
        replay.Where = replayWhere;

        bool aggregate = forceAggregate || core.GroupBy.Length > 0 || ContainsAggregate(core.Having, scope);
        foreach (var r in resultExprs) aggregate |= ContainsAggregate(r.Expr, scope);
        if (core.Having is not null && !aggregate) ThrowHelper.Throw(ResultCode.Error, "a GROUP BY clause is required before HAVING");

        // WHERE terms and LEFT JOIN conditions, placed on the innermost level they read.
        scope.Aliases = aliases;
        var constantFilters = new List<CompiledExpr>();
        var whereCompiled = new List<(CompiledExpr Expr, Expr Ast)>();
        int whereHeight = replayWhere?.Height ?? 0;
        EnterClause(whereHeight);
        foreach (var term in where)
        {
            // SQLite resolves WHERE with aggregates allowed in an aggregate query and rejects them only when coding.
            if (ContainsAggregate(term))
                ThrowHelper.Throw(ResultCode.Error, (aggregate ? "misuse of aggregate: " : "misuse of aggregate function ") + FirstAggregateName(term) + "()");
            var c = Compile(term, scope);
            whereCompiled.Add((c, term));
        }
        bool reorderable = levels.Count > 1 && leftOn.Count == 0;
        foreach (var level in levels) reorderable &= !level.LeftJoin;
        if (reorderable && core.From is not null && !HasCrossJoin(core.From)) levels = OrderLevelsByCost(levels, whereCompiled, scope);
        var position = new int[levels.Count];
        for (int p = 0; p < levels.Count; p++) position[levels[p].Source.Index] = p;
        foreach (var (c, _) in whereCompiled)
        {
            int at = PlaceTerm(c.UsedSources, position);
            if (at < 0) constantFilters.Add(c);
            else levels[at].Filters.Add(c);
        }
        var onCompiled = new List<(int Level, CompiledExpr Expr, Expr Ast)>();
        // A LEFT JOIN that the DISTINCT makes a no-op is never coded (below), so an error SQLite raises only while
        // coding an ON term ("misuse of aggregate: f()") waits until we know whether the join stays.
        List<(Level Level, MiniSqlException Error)>? uncodedOn = null;
        foreach (var (lvl, term) in leftOn)
        {
            CompiledExpr c;
            try { c = Compile(term, scope); }
            catch (MiniSqlException e) when (e.Message.StartsWith("misuse of aggregate: ", StringComparison.Ordinal))
            {
                (uncodedOn ??= []).Add((levels[lvl], e));
                continue;
            }
            levels[lvl].OnFilters.Add(c);
            onCompiled.Add((lvl, c, term));
        }
        LeaveClause(whereHeight);
        ChooseAccessPaths(levels, whereCompiled, onCompiled, scope);

        // Outputs.
        AggregateCollector? collector = aggregate ? new AggregateCollector() : null;
        var groupBy = new CompiledExpr[core.GroupBy.Length];
        for (int i = 0; i < groupBy.Length; i++)
        {
            var g = core.GroupBy[i];
            var bare = g;
            while (bare is CollateExpr gc) bare = gc.Operand;
            if (TermIndex(bare) is long gl)
            {
                if (gl < 1 || gl > resultExprs.Count)
                    ThrowHelper.Throw(ResultCode.Error, $"{Ordinal(i + 1)} GROUP BY term out of range - should be between 1 and {resultExprs.Count}");
                g = ReplaceCollated(g, resultExprs[(int)gl - 1].Expr);
            }
            if (ContainsAggregate(g)) ThrowHelper.Throw(ResultCode.Error, "aggregate functions are not allowed in the GROUP BY clause");
            scope.HideOuter = true;
            EnterClause(g.Height);
            try { groupBy[i] = Compile(g, scope); }
            finally { scope.HideOuter = false; LeaveClause(g.Height); }
        }
        scope.Aggregates = collector;
        scope.AggregateCandidate = !aggregate;
        scope.CompilingOutputs = true;
        var outputs = new CompiledExpr[resultExprs.Count];
        var columns = new ColumnMeta[resultExprs.Count];
        var windows = AllowWindows(scope);
        for (int i = 0; i < outputs.Length; i++)
        {
            var (expr, name, alias) = resultExprs[i];
            var saved = scope.Aliases;
            scope.Aliases = null;
            EnterClause(expr.Height);
            try { outputs[i] = Compile(expr, scope); }
            finally { scope.Aliases = saved; LeaveClause(expr.Height); }
            var o = outputs[i];
            ColumnMeta meta;
            if (o.Source is not null && o.Column >= 0 && !o.ExplicitCollation && UnwrapsToColumn(expr))
            {
                var sm = o.Source.Columns[o.Column];
                meta = sm with { Name = name };
            }
            else if (o.Source is not null && o.Column == -1 && UnwrapsToColumn(expr))
            {
                meta = new ColumnMeta(name, "INTEGER", Affinity.Integer, null, o.Source.Table?.Name, o.Source.Table?.RowidAlias >= 0 ? o.Source.Table!.Columns[o.Source.Table.RowidAlias].Name : "rowid");
            }
            else
            {
                meta = new ColumnMeta(name, null, o.Affinity, o.Collation?.Name, null, null);
            }
            if (o.Collation is not null && meta.Collation is null) meta = meta with { Collation = o.Collation.Name };
            // A bare column reference without AS is named as the source declares it (SQLite: "SELECT Code FROM t"
            // gives "code"; a rowid alias gives the INTEGER PRIMARY KEY's name, else "rowid").
            if (alias is null && expr is ColumnRef && o.Source is not null)
            {
                if (o.Column >= 0) meta = meta with { Name = o.Source.Columns[o.Column].Name };
                else if (o.Column == -1 && o.Source.Table is { } rowidTable) meta = meta with { Name = rowidTable.RowidAlias >= 0 ? rowidTable.Columns[rowidTable.RowidAlias].Name : "rowid" };
            }
            columns[i] = meta;
        }
        scope.AggregateCandidate = false;
        scope.CompilingOutputs = false;
        DisallowWindows(scope);
        CompiledExpr? having = null;
        if (core.Having is not null)
        {
            EnterClause(core.Having.Height);
            try { having = Compile(core.Having, scope); }
            finally { LeaveClause(core.Having.Height); }
        }

        // ORDER BY keys.
        var keys = new CompiledExpr[orderBy.Length];
        var keyCollations = new SemCollation?[orderBy.Length];
        AllowWindows(scope, windows);
        for (int i = 0; i < keys.Length; i++)
        {
            var e = orderBy[i].Expression;
            string? explicitCollation = null;
            while (e is CollateExpr ce) { explicitCollation ??= ce.Collation; e = ce.Operand; }
            CompiledExpr key;
            if (e is ColumnRef { Table: null } cr && FindOutputByAlias(resultExprs, cr.Column) is int oi && oi >= 0)
            {
                key = outputs[oi];
            }
            else if (TermIndex(e) is long lit)
            {
                if (lit < 1 || lit > outputs.Length)
                    ThrowHelper.Throw(ResultCode.Error, $"{Ordinal(i + 1)} ORDER BY term out of range - should be between 1 and {outputs.Length}");
                key = outputs[(int)lit - 1];
            }
            else
            {
                // ORDER BY does not make a query an aggregate one (resolve.c decides on the result columns).
                if (collector is null && ContainsAggregate(e))
                    ThrowHelper.Throw(ResultCode.Error, "misuse of aggregate: " + FirstAggregateName(e) + "()");
                var saved = scope.Aliases;
                scope.Aliases = null;
                scope.HideOuter = true;
                EnterClause(e.Height);
                try { key = Compile(e, scope); }
                catch (MiniSqlException) when (aliases.Count > 0)
                {
                    scope.Aliases = saved;
                    key = Compile(e, scope);
                }
                finally { scope.Aliases = saved; scope.HideOuter = false; LeaveClause(e.Height); }
            }
            keys[i] = key;
            keyCollations[i] = MissingCollation.Require(explicitCollation is not null ? ResolveCollation(explicitCollation) : key.Collation);
        }
        scope.Aggregates = null;
        DisallowWindows(scope);
        if (core.Distinct && collector is null && !DistinctIsGroupBy(orderBy, keys, outputs, resultExprs))
            OmitNoopLeftJoins(levels, outputs, keys, whereCompiled, constantFilters);
        if (uncodedOn is not null)
        {
            foreach (var (level, error) in uncodedOn)
                if (levels.Contains(level)) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
        if (collector is not null && groupBy.Length > 0) ChooseGroupByIndex(levels, groupBy);
        bool ordered = FinishAccessPaths(levels, keys, keyCollations, orderBy, orderable: collector is null && !core.Distinct && windows.Calls.Count == 0);

        foreach (var g in groupBy) MissingCollation.Require(g.Collation);
        if (core.Distinct) foreach (var o in outputs) MissingCollation.Require(o.Collation);
        var loop = new JoinLoop(levels.ToArray(), constantFilters, _run);
        sortKeys = keys.Length;
        if (windows.Calls.Count > 0)
        {
            var input = new CoreSelectPlan(loop, scope.Frame, scope.Width, [], [], [], false, collector, groupBy, having, this);
            return WithWindows(input, windows, scope.Frame, columns, outputs, keys, core.Distinct, keyCollations);
        }
        return new CoreSelectPlan(loop, scope.Frame, scope.Width, columns, outputs, keys, core.Distinct, collector, groupBy, having, this)
        {
            SortKeyCollations = keyCollations,
            OrderSatisfied = ordered,
        };
    }

    private static bool UnwrapsToColumn(Expr e)
    {
        while (e is UnaryExpr { Operator: UnaryOperator.Plus } u) e = u.Operand;
        return e is ColumnRef;
    }

    private static int? FindOutputByAlias(List<(Expr Expr, string Name, string? Alias)> outputs, string name)
    {
        for (int i = 0; i < outputs.Count; i++)
        {
            if (outputs[i].Alias is not null && string.Equals(outputs[i].Alias, name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    private string FirstAggregateName(Expr e)
    {
        string? found = null;
        void Visit(Expr? x)
        {
            if (x is null || found is not null) return;
            if (x is FunctionCall fc && IsAggregateCall(fc)) { found = fc.Name; return; }
            switch (x)
            {
                case BinaryExpr b: Visit(b.Left); Visit(b.Right); break;
                case UnaryExpr u: Visit(u.Operand); break;
                case FunctionCall f: foreach (var a in f.Arguments) Visit(a); break;
                case CastExpr c: Visit(c.Operand); break;
                case BetweenExpr be: Visit(be.Operand); Visit(be.Low); Visit(be.High); break;
                case InListExpr il: Visit(il.Operand); foreach (var i in il.Items) Visit(i); break;
                case CaseExpr ce: Visit(ce.Operand); foreach (var w in ce.Whens) { Visit(w.When); Visit(w.Then); } Visit(ce.Else); break;
                case NullTestExpr nt: Visit(nt.Operand); break;
                case CollateExpr co: Visit(co.Operand); break;
            }
        }
        Visit(e);
        return found ?? "count";
    }

    /// <summary>SQLite's limit on FROM items in one SELECT core; it keeps <see cref="CompiledExpr.UsedSources"/> exact.</summary>
    private const int MaxJoinTables = 64;

    /// <summary>The bit of <paramref name="source"/> in a source mask.</summary>
    private static ulong SourceBit(SourceBinding source) => 1UL << Math.Min(source.Index, 63);

    private static bool HasCrossJoin(TableSource source) => source is JoinSource j
        && (j.Kind == JoinKind.Cross || HasCrossJoin(j.Left) || HasCrossJoin(j.Right));

    /// <summary>The loop position where a term reading <paramref name="used"/> sources can first be evaluated; -1 = before any loop.</summary>
    private static int PlaceTerm(ulong used, int[] position)
    {
        if (used == 0 || position.Length == 0) return -1;
        if (used == ulong.MaxValue) return position.Length - 1;
        int at = -1;
        for (int i = 0; i < position.Length && i < 64; i++)
        {
            if ((used & (1UL << i)) != 0) at = Math.Max(at, position[i]);
        }
        return at;
    }

    /// <summary>
    /// Greedy join order for inner joins: next is the table with an equality term against the tables already
    /// placed (a constant equality first), else one that a term can filter, else FROM order.
    /// </summary>
    private static List<Level> OrderLevels(List<Level> levels, List<(CompiledExpr Expr, Expr Ast)> terms)
    {
        var remaining = new List<Level>(levels);
        var ordered = new List<Level>();
        ulong placed = 0;
        while (remaining.Count > 0)
        {
            int best = 0, bestScore = -1;
            for (int i = 0; i < remaining.Count; i++)
            {
                ulong bit = SourceBit(remaining[i].Source);
                int score = 0;
                foreach (var (c, ast) in terms)
                {
                    ulong used = c.UsedSources;
                    if (used == ulong.MaxValue || (used & bit) == 0) continue;
                    if ((used & ~(placed | bit)) != 0) continue;
                    bool equality = ast is BinaryExpr { Operator: BinaryOperator.Equal or BinaryOperator.Is } || ast is InListExpr { Not: false };
                    int s = equality ? (used == bit ? 4 : 3) : 1;
                    score = Math.Max(score, s);
                }
                if (score > bestScore) { bestScore = score; best = i; }
            }
            ordered.Add(remaining[best]);
            placed |= SourceBit(remaining[best].Source);
            remaining.RemoveAt(best);
        }
        return ordered;
    }
}
