using System.Collections.Immutable;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

// RETURNING on INSERT, UPDATE and DELETE ("RETURNING"): the changed rows, as stored after the change (before it
// for DELETE), are collected while the statement runs and handed out afterwards, as SQLite buffers them.
internal sealed partial class QueryCompiler
{
    /// <summary>Compiles a RETURNING clause against <paramref name="table"/> (named <paramref name="alias"/> if given); null when absent.</summary>
    private ReturningClause? CompileReturning(ImmutableArray<ResultColumn> returning, TableInfo table, string? alias)
    {
        if (returning.IsDefaultOrEmpty) return null;
        var scope = new Scope(null);
        var source = new SourceBinding(alias ?? table.Name, table, TableColumns(table));
        scope.Add(source);
        var expressions = new List<CompiledExpr>();
        var columns = new List<ColumnMeta>();
        foreach (var rc in returning)
        {
            if (rc is AllColumns all)
            {
                if (all.Table is not null && !string.Equals(all.Table, source.Name, StringComparison.OrdinalIgnoreCase))
                    ThrowHelper.Throw(ResultCode.Error, "no such table: " + all.Table);
                foreach (var column in source.Columns)
                {
                    expressions.Add(Compile(new ColumnRef(null, source.Name, column.Name), scope));
                    columns.Add(new ColumnMeta(column.Name, null, Affinity.None, null, null, null));
                }
            }
            else if (rc is ExpressionColumn ec)
            {
                if (ContainsAggregate(ec.Expression)) ThrowHelper.Throw(ResultCode.Error, "misuse of aggregate function " + FirstAggregateName(ec.Expression) + "()");
                expressions.Add(Compile(ec.Expression, scope));
                string name = ec.Alias ?? (ec.Expression is ColumnRef cr ? cr.Column : ec.SourceText);
                columns.Add(new ColumnMeta(name, null, Affinity.None, null, null, null));
            }
        }
        return new ReturningClause(scope.Frame, expressions.ToArray(), columns.ToArray());
    }
}
