using MiniSql.Engine.Records;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

// Statement dispatch: SELECT, DML, DDL, transactions, PRAGMA and EXPLAIN QUERY PLAN.
internal sealed partial class QueryCompiler
{
    /// <summary>Compiles any statement.</summary>
    public Executable CompileStatement(Parsing.Ast.Statement ast)
    {
        switch (ast)
        {
            case SelectStatement select:
                return new Executable(CompileSelect(select, new Scope(null)), writes: false);
            case InsertStatement insert:
                ValidateForeignKeys(insert.Table, asChild: true, asParent: insert.OnConflict == ConflictResolution.Replace || !insert.Upserts.IsDefaultOrEmpty);
                return new Executable(CompileInsert(insert), writes: true);
            case UpdateStatement update:
                ValidateForeignKeys(update.Table, asChild: true, asParent: true);
                return new Executable(CompileUpdate(update), writes: true);
            case DeleteStatement delete:
                ValidateForeignKeys(delete.Table, asChild: false, asParent: true);
                return new Executable(CompileDelete(delete), writes: true);
            case CreateTableStatement or CreateIndexStatement or CreateViewStatement or CreateTriggerStatement or DropStatement
                or RenameTableStatement or AddColumnStatement or RenameColumnStatement or DropColumnStatement:
                return new Executable(CompileDdl(ast), writes: true);
            case BeginStatement begin:
                return Control(() => _database.BeginTransaction(begin.Kind));
            case CommitStatement:
                return Control(_database.CommitTransaction);
            case RollbackStatement rollback:
                return rollback.Savepoint is null ? Control(_database.RollbackTransaction) : Control(() => _database.RollbackTo(rollback.Savepoint));
            case SavepointStatement sp:
                return Control(() => _database.Savepoint(sp.Name));
            case ReleaseStatement rel:
                return Control(() => _database.Release(rel.Name));
            case PragmaStatement pragma:
                return CompilePragma(pragma);
            case ExplainStatement explain:
                return CompileExplain(explain);
            case ReindexStatement { Name: { } target } when _catalog.FindTable(target.Name) is null && !_catalog.Indexes.ContainsKey(target.Name)
                && _database.FindCollation(target.Name) is null:
                ThrowHelper.Throw(ResultCode.Error, "unable to identify the object to be reindexed");
                return null!;
            case ReindexStatement reindex:
            {
                string? target = reindex.Name?.Name;
                return new Executable(new ActionPlan(() => { Reindex(target); return null; }), writes: true);
            }
            case VacuumStatement or AnalyzeStatement:
                return new Executable(new ActionPlan(() => null), writes: false);
            case AttachStatement or DetachStatement:
                ThrowHelper.Throw(ResultCode.Error, "ATTACH and DETACH are not supported by MiniSql");
                return null!;
            default:
                ThrowHelper.Throw(ResultCode.Error, "unsupported statement");
                return null!;
        }
    }

    private void ValidateForeignKeys(QualifiedName name, bool asChild, bool asParent)
    {
        if (_database.ForeignKeys && _catalog.FindTable(name.Name) is { } table) ForeignKeyEnforcer.Validate(_database, table, asChild, asParent);
    }

    private static Executable Control(Action action) =>
        new(new ActionPlan(() => { action(); return null; }), writes: false, managesTransaction: true);

    private Executable CompileExplain(ExplainStatement explain)
    {
        var inner = CompileStatement(explain.Statement);
        var columns = new[]
        {
            new ColumnMeta("id", null, Affinity.None, null, null, null),
            new ColumnMeta("parent", null, Affinity.None, null, null, null),
            new ColumnMeta("notused", null, Affinity.None, null, null, null),
            new ColumnMeta("detail", null, Affinity.None, null, null, null),
        };
        if (!explain.QueryPlan)
        {
            ThrowHelper.Throw(ResultCode.Error, "EXPLAIN (bytecode listing) is not supported by MiniSql; use EXPLAIN QUERY PLAN");
        }
        return new Executable(new ActionPlan(() =>
        {
            var builder = new ExplainBuilder();
            inner.Plan.Explain(builder, 0);
            var rows = new List<SqlValue[]>();
            foreach (var (id, parent, detail) in builder.Rows)
                rows.Add([SqlValue.Integer(id), SqlValue.Integer(parent), SqlValue.Integer(0), SqlValue.Text(detail)]);
            return rows;
        }, columns), writes: false);
    }
}
