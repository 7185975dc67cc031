// QueryCompiler.cs — the SQL front end's compiler: name resolution against the catalog, planning, and
// compilation of every statement kind into an executable.
//
// Architecture (see docs/architecture.md, "SQL executor"): instead of SQLite's VDBE register machine, MiniSql
// compiles each statement into a tree of physical operators (iterator model: Open / Next / Close, each Next
// leaving one row in a reused buffer) whose expressions are compiled once, at prepare time, into closures over
// "frames" (register arrays, one per SELECT core). Reasons: the parser hands us an immutable AST that maps
// directly onto operators; closures give the JIT straight-line code without an opcode dispatch loop; and the
// operator boundaries (scan, index lookup, join loop, aggregate, sort, limit, compound) are where SQLite's own
// planner makes its decisions, so EXPLAIN QUERY PLAN reads off the tree. Rows stream: only ORDER BY, GROUP BY,
// DISTINCT, compound set operators and FROM-subqueries materialize.
//
// Invariants:
//  Q1. A compiled closure reads registers through its Frame object, never a cached array, so the aggregate
//      phase can swap Frame.Values to a group's saved row (bare columns take values from that row).
//  Q2. Cursors are opened in Open/first Next and closed in Close; no cursor outlives a statement's run, so the
//      pager can commit or roll back after every statement.
//  Q3. An index is used only when the comparison's affinity and collation match the index column, and the
//      term stays in the filter list, so an index only narrows the candidate rows, never changes the result.
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Functions;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Execution;

/// <summary>Compiles statements of one connection against its current catalog.</summary>
internal sealed partial class QueryCompiler
{
    private readonly Database _database;
    private readonly RunContext _run;
    private readonly FunctionRegistry _functions;
    private readonly SchemaCatalog _catalog;
    private List<CteEntry> _ctes = new();

    /// <summary>Creates a compiler for one statement.</summary>
    public QueryCompiler(Database database, RunContext run)
    {
        _database = database;
        _run = run;
        _functions = database.Functions;
        _catalog = database.Catalog;
    }

    /// <summary>A common table expression in scope.</summary>
    private sealed class CteEntry
    {
        public required string Name;
        public required CommonTableExpression Definition;
        public required List<CteEntry> Visible;
        public bool Recursive;
        public List<Engine.Records.SqlValue[]>? Working;
        public ColumnMeta[]? WorkingColumns;
    }
}
