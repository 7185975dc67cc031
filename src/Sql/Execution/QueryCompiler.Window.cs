using MiniSql.Engine.Records;
using MiniSql.Sql.Functions;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Catalog;
using SemCollation = MiniSql.Engine.Records.CollatingSequence;

namespace MiniSql.Sql.Execution;

// Window functions ("Window Functions" in the SQLite documentation): a call with OVER compiles to a read of its
// slot in the core's WindowCollector; the core then gets a WindowPlan stage after grouping (see WindowPlan).
internal sealed partial class QueryCompiler
{
    /// <summary>Window collectors of the cores currently compiling their result columns or ORDER BY.</summary>
    private readonly Dictionary<Scope, WindowCollector> _windowScopes = new(ReferenceEqualityComparer.Instance);

    /// <summary>Built-in window-only functions and their argument counts.</summary>
    private static readonly Dictionary<string, (WindowKind Kind, int Min, int Max)> WindowOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        ["row_number"] = (WindowKind.RowNumber, 0, 0),
        ["rank"] = (WindowKind.Rank, 0, 0),
        ["dense_rank"] = (WindowKind.DenseRank, 0, 0),
        ["percent_rank"] = (WindowKind.PercentRank, 0, 0),
        ["cume_dist"] = (WindowKind.CumeDist, 0, 0),
        ["ntile"] = (WindowKind.Ntile, 1, 1),
        ["lag"] = (WindowKind.Lag, 1, 3),
        ["lead"] = (WindowKind.Lead, 1, 3),
        ["first_value"] = (WindowKind.FirstValue, 1, 1),
        ["last_value"] = (WindowKind.LastValue, 1, 1),
        ["nth_value"] = (WindowKind.NthValue, 2, 2),
    };

    /// <summary>Allows window functions in <paramref name="scope"/> (its result columns or ORDER BY).</summary>
    private WindowCollector AllowWindows(Scope scope, WindowCollector? collector = null)
    {
        collector ??= new WindowCollector();
        _windowScopes[scope] = collector;
        return collector;
    }

    /// <summary>Disallows window functions in <paramref name="scope"/> again.</summary>
    private void DisallowWindows(Scope scope) => _windowScopes.Remove(scope);

    /// <summary>A window-only function called without OVER: "misuse of window function f()".</summary>
    private static void CheckWindowOnlyWithoutOver(FunctionCall fc)
    {
        if (fc.Over is null && WindowOnly.ContainsKey(fc.Name))
            ThrowHelper.Throw(ResultCode.Error, $"misuse of window function {fc.Name}()");
    }

    /// <summary>
    /// Wraps a core's grouping stage in a window stage when its result columns or ORDER BY call window functions;
    /// otherwise returns the core unchanged.
    /// </summary>
    private static QueryPlan WithWindows(CoreSelectPlan core, WindowCollector windows, Frame frame, ColumnMeta[] columns,
        CompiledExpr[] outputs, CompiledExpr[] keys, bool distinct, SemCollation?[] keyCollations) =>
        windows.Calls.Count == 0 ? core : new WindowPlan(core, frame, windows, columns, outputs, keys, distinct) { SortKeyCollations = keyCollations };

    /// <summary>ORDER BY key collations of a core plan (with or without a window stage).</summary>
    private static SemCollation?[] CoreSortKeyCollations(QueryPlan plan) =>
        plan is WindowPlan w ? w.SortKeyCollations : ((CoreSelectPlan)plan).SortKeyCollations;

    /// <summary>Compiles <c>f(args) [FILTER (WHERE ..)] OVER window</c>.</summary>
    private CompiledExpr CompileWindowCall(FunctionCall fc, Scope scope)
    {
        // Inside an aggregate's arguments of an aggregate query's result column (the aggregate hides the collector).
        bool inAggregateArguments = scope.CompilingOutputs && scope.Aggregates is null && !scope.AggregateCandidate;
        if (!_windowScopes.TryGetValue(scope, out var collector) || inAggregateArguments)
        {
            ThrowHelper.Throw(ResultCode.Error, $"misuse of window function {fc.Name}()");
            throw null!;
        }
        int argc = fc.Star ? 0 : fc.Arguments.Length;
        WindowKind kind;
        AggregateFunction? aggregate = null;
        if (WindowOnly.TryGetValue(fc.Name, out var builtin))
        {
            kind = builtin.Kind;
            if (argc < builtin.Min || argc > builtin.Max || fc.Star)
                ThrowHelper.Throw(ResultCode.Error, $"wrong number of arguments to function {fc.Name}()");
        }
        else
        {
            kind = WindowKind.Aggregate;
            aggregate = _functions.FindAggregate(fc.Name, argc);
            if (aggregate is null)
            {
                var (scalar, _) = _functions.Resolve(fc.Name, argc);
                if (scalar is not null) ThrowHelper.Throw(ResultCode.Error, $"{fc.Name}() may not be used as a window function");
            }
        }
        if (fc.Filter is not null && aggregate is null)
            ThrowHelper.Throw(ResultCode.Error, "FILTER clause may only be used with aggregate window functions");
        if (fc.Distinct) ThrowHelper.Throw(ResultCode.Error, "DISTINCT is not supported for window functions");
        if (!fc.OrderBy.IsDefaultOrEmpty) ThrowHelper.Throw(ResultCode.Error, $"ORDER BY may not be used with non-aggregate {fc.Name}()");
        var spec = ResolveWindow(fc.Over!, scope.Core);
        var frame = spec.Frame ?? new WindowFrame(FrameUnit.Range, new FrameBound(FrameBoundKind.UnboundedPreceding, null),
            new FrameBound(FrameBoundKind.CurrentRow, null), FrameExclude.NoOthers);
        var end = frame.End ?? new FrameBound(FrameBoundKind.CurrentRow, null);
        if (frame.Unit == FrameUnit.Range && spec.OrderBy.Length != 1
            && (frame.Start.Kind is FrameBoundKind.Preceding or FrameBoundKind.Following || end.Kind is FrameBoundKind.Preceding or FrameBoundKind.Following))
            ThrowHelper.Throw(ResultCode.Error, "RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression");
        // parse.y only accepts UNBOUNDED PRECEDING as a start and UNBOUNDED FOLLOWING as an end.
        if (frame.Start.Kind == FrameBoundKind.UnboundedFollowing) ThrowHelper.Throw(ResultCode.Error, "near \"FOLLOWING\": syntax error");
        if (end.Kind == FrameBoundKind.UnboundedPreceding) ThrowHelper.Throw(ResultCode.Error, "near \"PRECEDING\": syntax error");
        if ((frame.Start.Kind == FrameBoundKind.CurrentRow && end.Kind == FrameBoundKind.Preceding)
            || (frame.Start.Kind == FrameBoundKind.Following && end.Kind is FrameBoundKind.Preceding or FrameBoundKind.CurrentRow))
            ThrowHelper.Throw(ResultCode.Error, "unsupported frame specification");

        // Arguments, FILTER, PARTITION BY and ORDER BY are this core's expressions (aggregates allowed in an
        // aggregate query); a window call nested inside them is a misuse.
        DisallowWindows(scope);
        CompiledExpr[] args, partition, order;
        CompiledExpr? filter = null, startOffset, endOffset;
        var orderCollations = new SemCollation?[spec.OrderBy.Length];
        var descending = new bool[spec.OrderBy.Length];
        var nullsFirst = new bool[spec.OrderBy.Length];
        try
        {
            args = new CompiledExpr[argc];
            for (int i = 0; i < argc; i++) args[i] = Compile(fc.Arguments[i], scope);
            if (fc.Filter is not null) filter = Compile(fc.Filter, scope);
            partition = new CompiledExpr[spec.PartitionBy.Length];
            for (int i = 0; i < partition.Length; i++)
            {
                partition[i] = Compile(spec.PartitionBy[i], scope);
                MissingCollation.Require(partition[i].Collation);
            }
            order = new CompiledExpr[spec.OrderBy.Length];
            for (int i = 0; i < order.Length; i++)
            {
                var term = spec.OrderBy[i];
                order[i] = Compile(term.Expression, scope);
                orderCollations[i] = MissingCollation.Require(order[i].Collation);
                descending[i] = term.Descending;
                nullsFirst[i] = term.Nulls == NullsOrder.Default ? !term.Descending : term.Nulls == NullsOrder.First;
            }
            startOffset = CompileFrameOffset(frame.Start.Offset, scope);
            endOffset = CompileFrameOffset(end.Offset, scope);
        }
        finally
        {
            AllowWindows(scope, collector);
        }
        var call = new WindowCall
        {
            Name = fc.Name,
            Kind = kind,
            Aggregate = aggregate,
            AggregateCollation = aggregate is null ? SemCollation.Binary : AggregateCollation(aggregate, fc, args),
            Arguments = args,
            Filter = filter,
            PartitionBy = partition,
            OrderBy = order,
            OrderCollations = orderCollations,
            Descending = descending,
            NullsFirst = nullsFirst,
            Unit = frame.Unit,
            StartKind = frame.Start.Kind,
            EndKind = end.Kind,
            StartOffset = startOffset,
            EndOffset = endOffset,
            Exclude = frame.Exclude,
        };
        int slot = collector.Calls.Count;
        collector.Calls.Add(call);
        return new CompiledExpr(() => collector.Current[slot]);
    }

    /// <summary>
    /// A frame offset. SQLite evaluates it once before reading any row, so a column reference in it (even to an
    /// enclosing query) reads NULL and fails the non-negative check.
    /// </summary>
    private CompiledExpr? CompileFrameOffset(Expr? offset, Scope scope)
    {
        if (offset is null) return null;
        var compiled = Compile(offset, scope);
        return compiled.UsedSources != 0 || compiled.UsesOuter ? new CompiledExpr(() => SqlValue.Null) : compiled;
    }

    /// <summary>Resolves <c>OVER name</c> and <c>OVER (name ...)</c> against the core's WINDOW clause.</summary>
    private static WindowSpec ResolveWindow(WindowSpec spec, SelectCore? core)
    {
        if (spec.BaseName is null) return spec;
        WindowSpec? baseSpec = null;
        if (core is not null && !core.Windows.IsDefaultOrEmpty)
        {
            foreach (var def in core.Windows)
            {
                // A later definition with the same name wins, as in SQLite.
                if (string.Equals(def.Name, spec.BaseName, StringComparison.OrdinalIgnoreCase)) baseSpec = def.Spec;
            }
        }
        if (baseSpec is null)
        {
            ThrowHelper.Throw(ResultCode.Error, "no such window: " + spec.BaseName);
            throw null!;
        }
        if (baseSpec.BaseName is not null && !string.Equals(baseSpec.BaseName, spec.BaseName, StringComparison.OrdinalIgnoreCase))
            baseSpec = ResolveWindow(baseSpec, core);
        if (spec.PartitionBy.Length > 0)
            ThrowHelper.Throw(ResultCode.Error, $"cannot override PARTITION clause of window: {spec.BaseName}");
        if (spec.OrderBy.Length > 0 && baseSpec.OrderBy.Length > 0)
            ThrowHelper.Throw(ResultCode.Error, $"cannot override ORDER BY clause of window: {spec.BaseName}");
        if (spec.Frame is not null && baseSpec.Frame is not null)
            ThrowHelper.Throw(ResultCode.Error, $"cannot override frame specification of window: {spec.BaseName}");
        return new WindowSpec(null, baseSpec.PartitionBy, spec.OrderBy.Length > 0 ? spec.OrderBy : baseSpec.OrderBy, spec.Frame ?? baseSpec.Frame);
    }
}
