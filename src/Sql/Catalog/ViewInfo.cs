using System.Collections.Immutable;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Catalog;

/// <summary>A view: its SELECT and optional column names.</summary>
internal sealed record ViewInfo(string Name, ImmutableArray<string> Columns, SelectStatement Query, string Sql);
