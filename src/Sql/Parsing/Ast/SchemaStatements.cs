// SchemaStatements.cs — CREATE TABLE / INDEX / VIEW / TRIGGER, DROP, ALTER TABLE and their parts.
// Small records grouped by statement family (documented exception to one-type-per-file).

using System.Collections.Immutable;

namespace MiniSql.Sql.Parsing.Ast;

/// <summary>
/// <c>CREATE [TEMP] TABLE [IF NOT EXISTS] [schema.]name (columns, constraints) [options]</c> or
/// <c>... AS select</c> (AsSelect set; Columns and Constraints then empty).
/// </summary>
public sealed record CreateTableStatement(
    bool Temporary,
    bool IfNotExists,
    QualifiedName Name,
    ImmutableArray<ColumnDefinition> Columns,
    ImmutableArray<TableConstraint> Constraints,
    bool WithoutRowid,
    bool Strict,
    SelectStatement? AsSelect) : Statement;

/// <summary>
/// <c>name [type] [constraints]</c>. <paramref name="TypeName"/> is the declared type as written, from its first to its
/// last token (e.g. "VARCHAR(10)", "unsigned big int"), or null when there is none.
/// </summary>
public sealed record ColumnDefinition(string Name, string? TypeName, ImmutableArray<ColumnConstraint> Constraints);

/// <summary>Base of column constraints; Name is the optional CONSTRAINT name.</summary>
public abstract record ColumnConstraint
{
    /// <summary>The name given with CONSTRAINT name, if any.</summary>
    public string? Name { get; init; }
}

/// <summary><c>PRIMARY KEY [ASC|DESC] [ON CONFLICT ..] [AUTOINCREMENT]</c> on a column.</summary>
public sealed record PrimaryKeyColumnConstraint(bool Descending, ConflictResolution OnConflict, bool Autoincrement) : ColumnConstraint;

/// <summary><c>NOT NULL [ON CONFLICT ..]</c>.</summary>
public sealed record NotNullConstraint(ConflictResolution OnConflict) : ColumnConstraint;

/// <summary>A plain <c>NULL</c> column constraint (accepted and ignored by SQLite).</summary>
public sealed record NullableConstraint : ColumnConstraint;

/// <summary><c>UNIQUE [ON CONFLICT ..]</c> on a column.</summary>
public sealed record UniqueColumnConstraint(ConflictResolution OnConflict) : ColumnConstraint;

/// <summary><c>CHECK (expr)</c> on a column.</summary>
public sealed record CheckColumnConstraint(Expr Check) : ColumnConstraint;

/// <summary>
/// <c>DEFAULT value</c>: a literal, a signed number (UnaryExpr around a literal), a parenthesized expression, or
/// a bare identifier (stored as a StringLiteral, as SQLite does). <paramref name="SourceText"/> is the text as
/// written (for PRAGMA table_info's dflt_value).
/// </summary>
public sealed record DefaultConstraint(Expr Value, string SourceText) : ColumnConstraint;

/// <summary><c>COLLATE name</c> on a column.</summary>
public sealed record CollateConstraint(string Collation) : ColumnConstraint;

/// <summary><c>REFERENCES ...</c> on a column.</summary>
public sealed record ForeignKeyColumnConstraint(ForeignKeyClause References) : ColumnConstraint;

/// <summary><c>[GENERATED ALWAYS] AS (expr) [STORED|VIRTUAL]</c>.</summary>
public sealed record GeneratedColumnConstraint(Expr Expression, bool Stored) : ColumnConstraint;

/// <summary>Actions of ON DELETE / ON UPDATE.</summary>
public enum ForeignKeyAction { NoAction, SetNull, SetDefault, Cascade, Restrict }

/// <summary>
/// <c>REFERENCES table [(columns)] [ON DELETE ..] [ON UPDATE ..] [MATCH name] [[NOT] DEFERRABLE [INITIALLY ..]]</c>.
/// Deferred is true for DEFERRABLE INITIALLY DEFERRED.
/// </summary>
public sealed record ForeignKeyClause(
    string Table,
    ImmutableArray<string> Columns,
    ForeignKeyAction OnDelete,
    ForeignKeyAction OnUpdate,
    string? Match,
    bool Deferred);

/// <summary>
/// An indexed column (index, PRIMARY KEY/UNIQUE table constraint, upsert target): an expression (a ColumnRef for a
/// plain column) with optional COLLATE and ASC/DESC.
/// </summary>
public sealed record IndexedColumn(Expr Expression, string? Collation, bool Descending);

/// <summary>Base of table constraints; Name is the optional CONSTRAINT name.</summary>
public abstract record TableConstraint
{
    /// <summary>The name given with CONSTRAINT name, if any.</summary>
    public string? Name { get; init; }
}

/// <summary><c>PRIMARY KEY (columns) [ON CONFLICT ..]</c> as a table constraint.</summary>
public sealed record PrimaryKeyTableConstraint(ImmutableArray<IndexedColumn> Columns, ConflictResolution OnConflict, bool Autoincrement) : TableConstraint;

/// <summary><c>UNIQUE (columns) [ON CONFLICT ..]</c> as a table constraint.</summary>
public sealed record UniqueTableConstraint(ImmutableArray<IndexedColumn> Columns, ConflictResolution OnConflict) : TableConstraint;

/// <summary><c>CHECK (expr)</c> as a table constraint.</summary>
public sealed record CheckTableConstraint(Expr Check) : TableConstraint;

/// <summary><c>FOREIGN KEY (columns) REFERENCES ...</c>.</summary>
public sealed record ForeignKeyTableConstraint(ImmutableArray<string> Columns, ForeignKeyClause References) : TableConstraint;

/// <summary>
/// <c>CREATE VIRTUAL TABLE [IF NOT EXISTS] [schema.]name USING module [(arguments)]</c>. Each argument is kept as its
/// source text (module arguments are free-form token sequences).
/// </summary>
public sealed record CreateVirtualTableStatement(
    bool IfNotExists,
    QualifiedName Name,
    string Module,
    ImmutableArray<string> Arguments) : Statement;

/// <summary><c>CREATE [UNIQUE] INDEX [IF NOT EXISTS] [schema.]name ON table (columns) [WHERE ..]</c>.</summary>
public sealed record CreateIndexStatement(
    bool Unique,
    bool IfNotExists,
    QualifiedName Name,
    string Table,
    ImmutableArray<IndexedColumn> Columns,
    Expr? Where) : Statement;

/// <summary><c>CREATE [TEMP] VIEW [IF NOT EXISTS] [schema.]name [(columns)] AS select</c>.</summary>
public sealed record CreateViewStatement(
    bool Temporary,
    bool IfNotExists,
    QualifiedName Name,
    ImmutableArray<string> Columns,
    SelectStatement Query) : Statement;

/// <summary>BEFORE (also the default), AFTER, INSTEAD OF.</summary>
public enum TriggerTime { Before, After, InsteadOf }

/// <summary>The triggering statement kind.</summary>
public enum TriggerEvent { Delete, Insert, Update }

/// <summary>
/// <c>CREATE [TEMP] TRIGGER [IF NOT EXISTS] [schema.]name [BEFORE|AFTER|INSTEAD OF] DELETE|INSERT|UPDATE [OF cols]
/// ON table [FOR EACH ROW] [WHEN expr] BEGIN stmt; ... END</c>. Body holds INSERT/UPDATE/DELETE/SELECT statements.
/// </summary>
public sealed record CreateTriggerStatement(
    bool Temporary,
    bool IfNotExists,
    QualifiedName Name,
    TriggerTime Time,
    TriggerEvent Event,
    ImmutableArray<string> UpdateOf,
    string Table,
    bool ForEachRow,
    Expr? When,
    ImmutableArray<Statement> Body) : Statement;

/// <summary>What DROP drops.</summary>
public enum DropObjectKind { Table, Index, View, Trigger }

/// <summary><c>DROP TABLE|INDEX|VIEW|TRIGGER [IF EXISTS] [schema.]name</c>.</summary>
public sealed record DropStatement(DropObjectKind Kind, bool IfExists, QualifiedName Name) : Statement;

/// <summary><c>ALTER TABLE [schema.]table RENAME TO new</c>.</summary>
public sealed record RenameTableStatement(QualifiedName Table, string NewName) : Statement;

/// <summary><c>ALTER TABLE [schema.]table RENAME [COLUMN] old TO new</c>.</summary>
public sealed record RenameColumnStatement(QualifiedName Table, string OldName, string NewName) : Statement;

/// <summary><c>ALTER TABLE [schema.]table ADD [COLUMN] column-def</c>.</summary>
public sealed record AddColumnStatement(QualifiedName Table, ColumnDefinition Column) : Statement;

/// <summary><c>ALTER TABLE [schema.]table DROP [COLUMN] name</c>.</summary>
public sealed record DropColumnStatement(QualifiedName Table, string Column) : Statement;
