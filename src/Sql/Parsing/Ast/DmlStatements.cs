// DmlStatements.cs — INSERT / REPLACE, UPDATE, DELETE and their clauses.
// Small records grouped by statement family (documented exception to one-type-per-file).

using System.Collections.Immutable;

namespace MiniSql.Sql.Parsing.Ast;

/// <summary>
/// <c>[WITH ..] INSERT [OR conflict] | REPLACE INTO [schema.]table [AS alias] [(columns)]
/// (VALUES .. | select | DEFAULT VALUES) [upsert ..] [RETURNING ..]</c>.
/// Query is null for DEFAULT VALUES; VALUES lists are a SelectStatement whose body is a ValuesBody.
/// REPLACE INTO gives OnConflict = Replace. Columns empty when no column list was given.
/// </summary>
public sealed record InsertStatement(
    WithClause? With,
    ConflictResolution OnConflict,
    QualifiedName Table,
    string? Alias,
    ImmutableArray<string> Columns,
    SelectStatement? Query,
    ImmutableArray<UpsertClause> Upserts,
    ImmutableArray<ResultColumn> Returning) : Statement;

/// <summary>
/// <c>ON CONFLICT [(target) [WHERE ..]] DO NOTHING | DO UPDATE SET .. [WHERE ..]</c>.
/// Target empty when no conflict target; DoNothing true for DO NOTHING (Set then empty).
/// </summary>
public sealed record UpsertClause(
    ImmutableArray<IndexedColumn> Target,
    Expr? TargetWhere,
    bool DoNothing,
    ImmutableArray<SetClause> Set,
    Expr? Where);

/// <summary><c>col = expr</c> (one column) or <c>(a, b) = expr</c> (row value, several columns).</summary>
public sealed record SetClause(ImmutableArray<string> Columns, Expr Value);

/// <summary>
/// <c>[WITH ..] UPDATE [OR conflict] [schema.]table [AS alias] [INDEXED BY ..|NOT INDEXED] SET ..
/// [FROM ..] [WHERE ..] [RETURNING ..] [ORDER BY ..] [LIMIT ..]</c>.
/// </summary>
public sealed record UpdateStatement(
    WithClause? With,
    ConflictResolution OnConflict,
    QualifiedName Table,
    string? Alias,
    IndexHint? Index,
    ImmutableArray<SetClause> Set,
    TableSource? From,
    Expr? Where,
    ImmutableArray<ResultColumn> Returning,
    ImmutableArray<OrderingTerm> OrderBy,
    LimitClause? Limit) : Statement;

/// <summary>
/// <c>[WITH ..] DELETE FROM [schema.]table [AS alias] [INDEXED BY ..|NOT INDEXED] [WHERE ..] [RETURNING ..]
/// [ORDER BY ..] [LIMIT ..]</c>.
/// </summary>
public sealed record DeleteStatement(
    WithClause? With,
    QualifiedName Table,
    string? Alias,
    IndexHint? Index,
    Expr? Where,
    ImmutableArray<ResultColumn> Returning,
    ImmutableArray<OrderingTerm> OrderBy,
    LimitClause? Limit) : Statement;
