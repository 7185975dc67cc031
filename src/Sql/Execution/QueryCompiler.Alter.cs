using MiniSql.Engine.BTree;
using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Execution;

// ALTER TABLE: RENAME TO, RENAME COLUMN, ADD COLUMN, DROP COLUMN, as SQLite's ALTER TABLE documentation describes:
// the CREATE statements in sqlite_schema are edited in place (SchemaSqlEditor), ADD COLUMN leaves existing records
// short (readers supply the default), DROP COLUMN rewrites every row of the table.
internal sealed partial class QueryCompiler
{
    private QueryPlan CompileAlter(Parsing.Ast.Statement ast)
    {
        string sql = _run.Sql;
        // Name and constraint checks happen when the statement is prepared, as in SQLite; the edits when it runs.
        Action alter = ast switch
        {
            RenameTableStatement rename => PrepareRenameTable(AlterTarget(rename.Table, renaming: true), rename.NewName),
            RenameColumnStatement rename => PrepareRenameColumn(AlterTarget(rename.Table), rename.OldName, rename.NewName),
            AddColumnStatement add => PrepareAddColumn(AlterTarget(add.Table, adding: true), add, sql),
            DropColumnStatement drop => PrepareDropColumn(AlterTarget(drop.Table), drop.Column),
            _ => throw new ArgumentException("not an ALTER TABLE statement", nameof(ast)),
        };
        return new ActionPlan(() =>
        {
            alter();
            BumpCookie();
            _database.ReloadSchema();
            return null;
        });
    }

    private TableInfo AlterTarget(QualifiedName name, bool adding = false, bool renaming = false)
    {
        var table = _database.Catalog.FindTable(name.Name);
        if (table is null)
        {
            if (_database.Catalog.Views.ContainsKey(name.Name))
            {
                if (adding) ThrowHelper.Throw(ResultCode.Error, "Cannot add a column to a view");
                ThrowHelper.Throw(ResultCode.Error, $"view {name.Name} may not be altered");
            }
            ThrowHelper.Throw(ResultCode.Error, "no such table: " + name);
        }
        if (table.IsSystem || table.Name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
        {
            string shown = ReferenceEquals(table, SchemaCatalog.SchemaTableInfo) ? "sqlite_master" : table.Name;
            ThrowHelper.Throw(ResultCode.Error, $"table {shown} may not be altered");
        }
        return table;
    }

    private static void UpdateSchemaRow(BTree tree, SchemaRow row, string name, string tableName, string? sql)
    {
        using var cursor = tree.OpenTableCursor(SchemaTable.RootPage);
        cursor.Insert(row.Rowid, SchemaTable.Encode(row.Type, name, tableName, row.RootPage, sql));
    }

    private Action PrepareRenameTable(TableInfo table, string newName)
    {
        if (NameTaken(newName, out _) && !string.Equals(newName, table.Name, StringComparison.OrdinalIgnoreCase))
            ThrowHelper.Throw(ResultCode.Error, "there is already another table or index with this name: " + newName);
        CheckReserved(newName);
        string oldName = table.Name;
        return () => RenameTable(oldName, newName);
    }

    private void RenameTable(string oldName, string newName)
    {
        var tree = _database.Tree;
        foreach (var row in SchemaTable.ReadAll(tree))
        {
            bool ownedByTable = string.Equals(row.TableName, oldName, StringComparison.OrdinalIgnoreCase);
            string name = row.Name, tableName = row.TableName;
            string? text = row.Sql;
            if (ownedByTable)
            {
                tableName = newName;
                if (row.Type == "table") name = newName;
                else if (row.Type == "index" && row.Name.StartsWith("sqlite_autoindex_" + oldName + "_", StringComparison.OrdinalIgnoreCase))
                    name = "sqlite_autoindex_" + newName + row.Name.Substring(("sqlite_autoindex_" + oldName).Length);
            }
            if (text is not null && (ownedByTable || SchemaSqlEditor.ReferencesTable(text, oldName)))
                text = SchemaSqlEditor.RenameTable(text, oldName, newName);
            if (name != row.Name || tableName != row.TableName || text != row.Sql) UpdateSchemaRow(tree, row, name, tableName, text);
        }
        if (_database.Catalog.FindTable("sqlite_sequence") is { } sequence)
        {
            using var cursor = tree.OpenTableCursor(sequence.RootPage);
            byte[]? buffer = null;
            var values = new SqlValue[3];
            for (bool ok = cursor.First(); ok; ok = cursor.Next())
            {
                RowCodec.Read(cursor, sequence, values, 0, ref buffer, null);
                if (values[0].Type == StorageClass.Text && string.Equals(values[0].AsString, oldName, StringComparison.Ordinal))
                {
                    cursor.Insert(cursor.Rowid, RecordEncoder.Encode([SqlValue.Text(newName), values[1]]));
                    break;
                }
            }
        }
    }

    private Action PrepareRenameColumn(TableInfo table, string oldName, string newName)
    {
        int index = table.FindColumn(oldName);
        if (index < 0) ThrowHelper.Throw(ResultCode.Error, $"no such column: \"{oldName}\"");
        return () => RenameColumn(_database.Catalog.FindTable(table.Name)!, index, newName);
    }

    private void RenameColumn(TableInfo table, int index, string newName)
    {
        int existing = table.FindColumn(newName);
        if (existing >= 0 && existing != index)
            ThrowHelper.Throw(ResultCode.Error, $"error in table {table.Name} after rename: duplicate column name: {newName}");
        string column = table.Columns[index].Name;
        var tree = _database.Tree;
        foreach (var row in SchemaTable.ReadAll(tree))
        {
            if (row.Sql is null) continue;
            bool ownedByTable = string.Equals(row.TableName, table.Name, StringComparison.OrdinalIgnoreCase);
            string text = row.Type switch
            {
                "table" when ownedByTable => SchemaSqlEditor.RenameColumnInTable(row.Sql, table.Name, column, newName),
                "table" => SchemaSqlEditor.RenameColumnInIndexOrReferences(row.Sql, table.Name, column, newName, isIndex: false),
                "index" when ownedByTable => SchemaSqlEditor.RenameColumnInIndexOrReferences(row.Sql, table.Name, column, newName, isIndex: true),
                "index" => row.Sql,
                _ => SchemaSqlEditor.RenameColumnInStatement(row.Sql, table.Name, column, newName, triggerOnTable: row.Type == "trigger" && ownedByTable),
            };
            if (text != row.Sql) UpdateSchemaRow(tree, row, row.Name, row.TableName, text);
        }
    }

    private Action PrepareAddColumn(TableInfo table, AddColumnStatement add, string sql)
    {
        var definition = add.Column;
        if (table.FindColumn(definition.Name) >= 0) ThrowHelper.Throw(ResultCode.Error, "duplicate column name: " + definition.Name);
        Expr? defaultValue = null;
        bool notNull = false, generated = false;
        foreach (var constraint in definition.Constraints)
        {
            switch (constraint)
            {
                case PrimaryKeyColumnConstraint:
                    ThrowHelper.Throw(ResultCode.Error, "Cannot add a PRIMARY KEY column");
                    break;
                case UniqueColumnConstraint:
                    ThrowHelper.Throw(ResultCode.Error, "Cannot add a UNIQUE column");
                    break;
                case GeneratedColumnConstraint { Stored: true }:
                    ThrowHelper.Throw(ResultCode.Error, "cannot add a STORED column");
                    break;
                case GeneratedColumnConstraint:
                    generated = true;
                    break;
                case NotNullConstraint:
                    notNull = true;
                    break;
                case DefaultConstraint d:
                    defaultValue = d.Value;
                    break;
            }
        }
        // SQLite checks these two only when the table has rows (an empty table can take any default).
        string? rowsError = defaultValue is not null && !IsConstantDefault(defaultValue) ? "Cannot add a column with non-constant default"
            : notNull && !generated && (defaultValue is null || defaultValue is NullLiteral) ? "Cannot add a NOT NULL column with default value NULL"
            : null;
        string definitionText = ColumnDefinitionText(sql, add);
        string tableName = table.Name;
        return () =>
        {
            var current = _database.Catalog.FindTable(tableName)!;
            if (rowsError is not null)
            {
                using var cursor = _database.Tree.OpenTableCursor(current.RootPage);
                if (cursor.First()) ThrowHelper.Throw(ResultCode.Error, rowsError);
            }
            AddColumn(current, definitionText);
        };
    }

    private void AddColumn(TableInfo table, string definitionText)
    {
        int at = SchemaSqlEditor.EndOfColumnDefinitions(table.Sql);
        string newSql = table.Sql.Substring(0, at) + ", " + definitionText + table.Sql.Substring(at);
        var tree = _database.Tree;
        foreach (var row in SchemaTable.ReadAll(tree))
        {
            if (row.Type == "table" && string.Equals(row.Name, table.Name, StringComparison.OrdinalIgnoreCase))
            {
                UpdateSchemaRow(tree, row, row.Name, row.TableName, newSql);
                break;
            }
        }
    }

    /// <summary>Defaults ADD COLUMN accepts: literals, signed numbers and either in parentheses (SQLite evaluates them once).</summary>
    private static bool IsConstantDefault(Expr e) => e switch
    {
        NullLiteral or IntegerLiteral or RealLiteral or StringLiteral or BlobLiteral or BoolLiteral => true,
        UnaryExpr { Operand: var operand } u when u.Operator is UnaryOperator.Negate or UnaryOperator.Plus => operand is IntegerLiteral or RealLiteral,
        _ => false,
    };

    /// <summary>The column definition as written in the ALTER statement: after ADD [COLUMN], without the trailing ';'.</summary>
    private static string ColumnDefinitionText(string sql, AddColumnStatement add)
    {
        string text = sql.Substring(add.Start, Math.Min(add.End, sql.Length) - add.Start);
        int position = 0;
        bool seenAdd = false;
        while (true)
        {
            position = Tokenizer.SkipTrivia(text, position);
            if (position >= text.Length) return "";
            int start = position;
            var token = Tokenizer.Next(text, ref position, null);
            if (!seenAdd)
            {
                seenAdd = token.Kind == TokenKind.Word && token.Keyword == Keyword.Add;
                continue;
            }
            if (token.Kind == TokenKind.Word && token.Keyword == Keyword.Column) continue;
            return text.Substring(start).TrimEnd().TrimEnd(';').TrimEnd();
        }
    }

    private Action PrepareDropColumn(TableInfo table, string columnName)
    {
        int index = table.FindColumn(columnName);
        if (index < 0) ThrowHelper.Throw(ResultCode.Error, $"no such column: \"{columnName}\"");
        var column = table.Columns[index];
        string name = column.Name;
        if (column.PrimaryKeyPosition > 0 || table.RowidAlias == index)
            ThrowHelper.Throw(ResultCode.Error, $"cannot drop PRIMARY KEY column: \"{name}\"");
        if (table.Columns.Count == 1) ThrowHelper.Throw(ResultCode.Error, $"cannot drop column \"{name}\": no other columns exist");
        var (start, end) = SchemaSqlEditor.ColumnDefinitionSpan(table.Sql, index);
        if (SchemaSqlEditor.ContainsKeyword(table.Sql.Substring(start, end - start), Keyword.Unique))
            ThrowHelper.Throw(ResultCode.Error, $"cannot drop UNIQUE column: \"{name}\"");
        string tableName = table.Name;
        return () => DropColumn(_database.Catalog.FindTable(tableName)!, name);
    }

    private void DropColumn(TableInfo table, string name)
    {
        int index = table.FindColumn(name);
        var (start, end) = SchemaSqlEditor.ColumnDefinitionSpan(table.Sql, index);

        string newSql = table.Sql.Substring(0, start) + table.Sql.Substring(end);
        switch (SchemaSqlEditor.TableUseOfColumn(newSql, table.Name, name))
        {
            case "fk":
                ThrowHelper.Throw(ResultCode.Error, $"error in table {table.Name} after drop column: unknown column \"{name}\" in foreign key definition");
                break;
            case not null:
                ThrowHelper.Throw(ResultCode.Error, $"error in table {table.Name} after drop column: no such column: {name}");
                break;
        }
        var tree = _database.Tree;
        var rows = SchemaTable.ReadAll(tree);
        foreach (var row in rows)
        {
            if (row.Sql is null) continue;
            bool ownedByTable = string.Equals(row.TableName, table.Name, StringComparison.OrdinalIgnoreCase);
            if (row.Type == "index" && ownedByTable && SchemaSqlEditor.IndexUsesColumn(row.Sql, name))
                ThrowHelper.Throw(ResultCode.Error, $"error in index {row.Name} after drop column: no such column: {name}");
            if (row.Type is "view" or "trigger"
                && SchemaSqlEditor.ReferencesColumn(row.Sql, table.Name, name, row.Type == "trigger" && ownedByTable, out string? written))
                ThrowHelper.Throw(ResultCode.Error, $"error in {row.Type} {row.Name} after drop column: no such column: {written}");
        }
        foreach (var row in rows)
        {
            if (row.Type == "table" && string.Equals(row.Name, table.Name, StringComparison.OrdinalIgnoreCase))
            {
                UpdateSchemaRow(tree, row, row.Name, row.TableName, newSql);
                break;
            }
        }
        // Rewrite every record without the dropped field (records shorter than the column count keep their length).
        using var cursor = tree.OpenTableCursor(table.RootPage);
        byte[]? buffer = null;
        var values = new List<SqlValue>();
        for (bool ok = cursor.First(); ok; ok = cursor.Next())
        {
            var payload = cursor.TryGetLocalPayload(out var local) ? local : cursor.GetPayload(ref buffer);
            var reader = new RecordReader(payload);
            if (reader.ColumnCount <= index) continue;
            values.Clear();
            for (int i = 0; i < reader.ColumnCount; i++)
            {
                if (i != index) values.Add(reader.GetValue(i));
            }
            cursor.Insert(cursor.Rowid, RecordEncoder.Encode(values.ToArray()));
        }
    }
}
