using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Execution;

/// <summary>
/// What the body of a trigger being compiled sees: the NEW/OLD registers of its program, the columns of its table
/// or view, which of NEW and OLD exist for its event, and the conflict override it inherits.
/// </summary>
internal sealed record TriggerTarget(Frame Frame, ColumnMeta[] Columns, int RowidAlias, bool HasNew, bool HasOld, ConflictResolution Conflict);
