// OtherStatements.cs — transactions, PRAGMA, EXPLAIN and the maintenance statements.
// Small records grouped by statement family (documented exception to one-type-per-file).

namespace MiniSql.Sql.Parsing.Ast;

/// <summary>DEFERRED (also the default), IMMEDIATE, EXCLUSIVE.</summary>
public enum TransactionKind { Deferred, Immediate, Exclusive }

/// <summary><c>BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION [name]]</c>.</summary>
public sealed record BeginStatement(TransactionKind Kind) : Statement;

/// <summary><c>COMMIT [TRANSACTION]</c> or <c>END [TRANSACTION]</c>.</summary>
public sealed record CommitStatement : Statement;

/// <summary><c>ROLLBACK [TRANSACTION] [TO [SAVEPOINT] name]</c>; Savepoint null for a full rollback.</summary>
public sealed record RollbackStatement(string? Savepoint) : Statement;

/// <summary><c>SAVEPOINT name</c>.</summary>
public sealed record SavepointStatement(string Name) : Statement;

/// <summary><c>RELEASE [SAVEPOINT] name</c>.</summary>
public sealed record ReleaseStatement(string Name) : Statement;

/// <summary>
/// <c>PRAGMA [schema.]name [= value | (value)]</c>. Value is null when absent; a number is an IntegerLiteral or
/// RealLiteral (a UnaryExpr Negate/Plus around it when signed); a name, keyword (ON, DELETE, ...) or string is a
/// StringLiteral holding its text. IsCall is true for the <c>name(value)</c> form.
/// </summary>
public sealed record PragmaStatement(QualifiedName Name, Expr? Value, bool IsCall) : Statement;

/// <summary><c>EXPLAIN [QUERY PLAN] statement</c>.</summary>
public sealed record ExplainStatement(bool QueryPlan, Statement Statement) : Statement;

/// <summary><c>VACUUM [schema] [INTO expr]</c>.</summary>
public sealed record VacuumStatement(string? Schema, Expr? Into) : Statement;

/// <summary><c>REINDEX [[schema.]name]</c>.</summary>
public sealed record ReindexStatement(QualifiedName? Name) : Statement;

/// <summary><c>ANALYZE [[schema.]name]</c>.</summary>
public sealed record AnalyzeStatement(QualifiedName? Name) : Statement;

/// <summary><c>ATTACH [DATABASE] file AS schema [KEY key]</c>.</summary>
public sealed record AttachStatement(Expr File, Expr Schema, Expr? Key) : Statement;

/// <summary><c>DETACH [DATABASE] schema</c>.</summary>
public sealed record DetachStatement(Expr Schema) : Statement;
