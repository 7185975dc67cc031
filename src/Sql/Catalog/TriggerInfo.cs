using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Catalog;

/// <summary>A trigger as stored in sqlite_schema (stored and dropped; its body is not run).</summary>
internal sealed record TriggerInfo(string Name, string Table, CreateTriggerStatement Definition, string Sql);
