namespace MiniSql.Engine.BTree;

/// <summary>
/// One row of sqlite_schema (fileformat2: 2.6 "Storage Of The SQL Database Schema"):
/// CREATE TABLE sqlite_schema(type text, name text, tbl_name text, rootpage integer, sql text).
/// </summary>
/// <param name="Rowid">The row's rowid in sqlite_schema.</param>
/// <param name="Type">'table', 'index', 'view' or 'trigger'.</param>
/// <param name="Name">Object name.</param>
/// <param name="TableName">Table the object belongs to.</param>
/// <param name="RootPage">Root page (0 for views, triggers and indexes without a b-tree).</param>
/// <param name="Sql">The CREATE statement text, or null for automatic indexes.</param>
public sealed record SchemaRow(long Rowid, string Type, string Name, string TableName, uint RootPage, string? Sql);
