using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Catalog;

/// <summary>
/// One foreign key of a child table: its columns (indexes into the child's columns), the parent table and the parent
/// columns as written (empty = the parent's primary key), the ON DELETE / ON UPDATE actions and whether it is
/// DEFERRABLE INITIALLY DEFERRED. <see cref="Id"/> numbers the keys as PRAGMA foreign_key_list does.
/// </summary>
internal sealed record ForeignKeyInfo(
    int Id,
    int[] ChildColumns,
    string ParentTable,
    string[] ParentColumns,
    ForeignKeyAction OnDelete,
    ForeignKeyAction OnUpdate,
    string? Match,
    bool Deferred);
