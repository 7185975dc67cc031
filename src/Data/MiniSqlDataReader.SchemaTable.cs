using System.Data;
using System.Data.Common;
using MiniSql.Engine.Records;
using MiniSql.Sql;

namespace MiniSql.Data;

/// <summary>GetSchemaTable, with the key information Microsoft.Data.Sqlite derives from the schema.</summary>
public sealed partial class MiniSqlDataReader
{
    /// <summary>
    /// Describes the result columns as Microsoft.Data.Sqlite does. For a column read from a table column
    /// (sqlite3_column_table_name/origin_name): IsKey (part of the PRIMARY KEY, or the rowid), AllowDBNull (no NOT NULL,
    /// or aliased), IsAutoIncrement (the INTEGER PRIMARY KEY of an AUTOINCREMENT table), IsUnique (not aliased and
    /// alone in a UNIQUE index) and DataType (the table's most common storage class of the column, else the declared
    /// type's affinity). For expressions these are DBNull and DataType is <see cref="GetFieldType"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The reader is closed or has no current result set.</exception>
    public override DataTable GetSchemaTable()
    {
        ThrowIfClosed(nameof(GetSchemaTable));
        if (_statement is null) throw new InvalidOperationException("No data exists for the row/column.");
        var table = new DataTable("SchemaTable");
        var columnName = table.Columns.Add(SchemaTableColumn.ColumnName, typeof(string));
        var ordinal = table.Columns.Add(SchemaTableColumn.ColumnOrdinal, typeof(int));
        var size = table.Columns.Add(SchemaTableColumn.ColumnSize, typeof(int));
        var precision = table.Columns.Add(SchemaTableColumn.NumericPrecision, typeof(short));
        var scale = table.Columns.Add(SchemaTableColumn.NumericScale, typeof(short));
        var isUnique = table.Columns.Add(SchemaTableColumn.IsUnique, typeof(bool));
        var isKey = table.Columns.Add(SchemaTableColumn.IsKey, typeof(bool));
        var baseServer = table.Columns.Add(SchemaTableOptionalColumn.BaseServerName, typeof(string));
        var baseCatalog = table.Columns.Add(SchemaTableOptionalColumn.BaseCatalogName, typeof(string));
        var baseColumn = table.Columns.Add(SchemaTableColumn.BaseColumnName, typeof(string));
        var baseSchema = table.Columns.Add(SchemaTableColumn.BaseSchemaName, typeof(string));
        var baseTable = table.Columns.Add(SchemaTableColumn.BaseTableName, typeof(string));
        var dataType = new DataColumn(SchemaTableColumn.DataType, typeof(Type)) { AllowDBNull = false };
        table.Columns.Add(dataType);
        var dataTypeName = table.Columns.Add("DataTypeName", typeof(string));
        var allowNull = table.Columns.Add(SchemaTableColumn.AllowDBNull, typeof(bool));
        var isAliased = table.Columns.Add(SchemaTableColumn.IsAliased, typeof(bool));
        var isExpression = table.Columns.Add(SchemaTableColumn.IsExpression, typeof(bool));
        var isAutoIncrement = table.Columns.Add(SchemaTableOptionalColumn.IsAutoIncrement, typeof(bool));
        var isLong = table.Columns.Add(SchemaTableColumn.IsLong, typeof(bool));
        var db = _command.Connection!.Handle;
        int count = _statement.ColumnCount;
        for (int i = 0; i < count; i++)
        {
            var row = table.NewRow();
            string name = _statement.ColumnName(i);
            string? origin = _statement.ColumnOriginName(i);
            string? tableName = _statement.ColumnTableName(i);
            bool aliased = origin != name;
            row[columnName] = name;
            row[ordinal] = i;
            row[size] = -1;
            row[precision] = DBNull.Value;
            row[scale] = DBNull.Value;
            row[baseServer] = _command.Connection!.DataSource;
            row[baseCatalog] = tableName is null ? DBNull.Value : "main";
            row[baseColumn] = (object?)origin ?? DBNull.Value;
            row[baseSchema] = DBNull.Value;
            row[baseTable] = (object?)tableName ?? DBNull.Value;
            row[dataType] = GetFieldType(i);
            string typeName = GetDataTypeName(i);
            row[dataTypeName] = typeName;
            row[isAliased] = aliased;
            row[isExpression] = origin is null;
            row[isLong] = DBNull.Value;
            if (tableName is not null && origin is not null)
            {
                row[isUnique] = !aliased && IsAloneInUniqueIndex(db, tableName, origin);
                string? common = MostCommonStorageClass(db, tableName, origin);
                row[dataType] = common is not null
                    ? ValueReader.FieldType(ValueReader.StorageClassFromName(common))
                    : ValueReader.FieldType(ValueReader.AffinityStorageClass(typeName));
                var (notNull, primaryKey, autoIncrement) = ColumnMetadata(db, tableName, origin);
                row[isKey] = primaryKey;
                row[allowNull] = aliased || !notNull;
                row[isAutoIncrement] = autoIncrement;
            }
            table.Rows.Add(row);
        }
        return table;
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>Runs a query on the engine connection and returns its rows (metadata queries only).</summary>
    private static List<SqlValue[]> Query(Database db, string sql)
    {
        var rows = new List<SqlValue[]>();
        using var statement = db.Prepare(sql);
        if (statement is null) return rows;
        while (statement.Step())
        {
            var values = new SqlValue[statement.ColumnCount];
            for (int i = 0; i < values.Length; i++) values[i] = statement.Column(i);
            rows.Add(values);
        }
        return rows;
    }

    private static string Text(SqlValue v) => v.IsNull ? string.Empty : ValueReader.GetString(v);

    /// <summary>True when a UNIQUE index of the table covers exactly this column.</summary>
    private static bool IsAloneInUniqueIndex(Database db, string table, string column)
    {
        foreach (var index in Query(db, "PRAGMA index_list(" + QuoteIdentifier(table) + ")"))
        {
            if (index[2].AsInteger != 1) continue;
            var columns = Query(db, "PRAGMA index_info(" + QuoteIdentifier(Text(index[1])) + ")");
            if (columns.Count == 1 && string.Equals(Text(columns[0][2]), column, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>The storage class name ("integer", "text", ...) most values of the column have, or null if all are NULL.</summary>
    private static string? MostCommonStorageClass(Database db, string table, string column)
    {
        string type = "typeof(" + QuoteIdentifier(column) + ")";
        var rows = Query(db, "SELECT " + type + " FROM " + QuoteIdentifier(table) + " WHERE " + type + " != 'null' GROUP BY " + type + " ORDER BY count() DESC LIMIT 1");
        return rows.Count == 0 ? null : Text(rows[0][0]);
    }

    /// <summary>sqlite3_table_column_metadata's NOT NULL, primary-key and autoincrement flags of a column (or the rowid).</summary>
    private static (bool NotNull, bool PrimaryKey, bool AutoIncrement) ColumnMetadata(Database db, string table, string column)
    {
        var columns = Query(db, "PRAGMA table_info(" + QuoteIdentifier(table) + ")");
        int keyColumns = 0;
        SqlValue[]? match = null, integerKey = null;
        foreach (var c in columns)
        {
            if (c[5].AsInteger > 0)
            {
                keyColumns++;
                if (string.Equals(Text(c[2]), "INTEGER", StringComparison.OrdinalIgnoreCase)) integerKey = c;
            }
            if (string.Equals(Text(c[1]), column, StringComparison.OrdinalIgnoreCase)) match = c;
        }
        if (keyColumns != 1) integerKey = null;
        if (match is null && column.ToLowerInvariant() is "rowid" or "oid" or "_rowid_")
        {
            // The rowid: the INTEGER PRIMARY KEY column when there is one, else INTEGER, nullable, key, no autoincrement.
            if (integerKey is null) return (false, true, false);
            match = integerKey;
        }
        if (match is null) return (false, false, false);
        bool autoIncrement = false;
        if (ReferenceEquals(match, integerKey))
        {
            var sql = Query(db, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = " + "'" + table.Replace("'", "''") + "'");
            autoIncrement = sql.Count == 1 && Text(sql[0][0]).Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase);
        }
        return (match[3].AsInteger != 0, match[5].AsInteger > 0, autoIncrement);
    }
}
