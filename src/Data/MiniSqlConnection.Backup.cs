using System.Data;
using System.Text;

namespace MiniSql.Data;

/// <summary>Online backup (Microsoft.Data.Sqlite's BackupDatabase).</summary>
public sealed partial class MiniSqlConnection
{
    /// <summary>
    /// Replaces the contents of <paramref name="destination"/> with a copy of this database. MiniSql copies
    /// logically (schema, then rows with their rowids, then indexes, views and triggers) inside one transaction on
    /// the destination, rather than page by page; the result holds the same data and schema.
    /// </summary>
    /// <exception cref="InvalidOperationException">Either connection is closed.</exception>
    /// <exception cref="MiniSqlException">Errors reading the source or writing the destination.</exception>
    public void BackupDatabase(MiniSqlConnection destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (_state != ConnectionState.Open) throw ProviderErrors.RequiresOpenConnection(nameof(BackupDatabase));
        if (destination.State != ConnectionState.Open) throw ProviderErrors.RequiresOpenConnection(nameof(BackupDatabase));

        var objects = new List<(string Type, string Name, string Sql)>();
        using (var command = CreateCommand())
        {
            command.Transaction = Transaction;
            command.CommandText = "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid";
            using var reader = command.ExecuteReader();
            while (reader.Read()) objects.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        using var transaction = destination.BeginTransaction();
        var existing = new List<(string Type, string Name)>();
        using (var command = destination.CreateCommand())
        {
            command.CommandText = "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND type IN ('table', 'view')";
            using var reader = command.ExecuteReader();
            while (reader.Read()) existing.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (type, name) in existing) destination.ExecuteNonQuery("DROP " + type.ToUpperInvariant() + " IF EXISTS " + Quote(name) + ";");

        foreach (var o in objects)
        {
            if (o.Type != "table") continue;
            destination.ExecuteNonQuery(o.Sql);
            CopyRows(o.Name, o.Sql, destination);
        }
        if (TableExists("sqlite_sequence")) CopyRows("sqlite_sequence", string.Empty, destination, clearFirst: true);
        foreach (var o in objects)
        {
            if (o.Type != "table") destination.ExecuteNonQuery(o.Sql);
        }
        transaction.Commit();
    }

    private bool TableExists(string name)
    {
        using var command = CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private void CopyRows(string table, string createSql, MiniSqlConnection destination, bool clearFirst = false)
    {
        bool withoutRowid = createSql.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase);
        if (clearFirst) destination.ExecuteNonQuery("DELETE FROM " + Quote(table) + ";");
        using var select = CreateCommand();
        select.Transaction = Transaction;
        select.CommandText = (withoutRowid || clearFirst ? "SELECT * FROM " : "SELECT _rowid_, * FROM ") + Quote(table);
        using var reader = select.ExecuteReader();
        using var insert = destination.CreateCommand();
        var sql = new StringBuilder("INSERT INTO ").Append(Quote(table)).Append('(');
        int first = withoutRowid || clearFirst ? 0 : 1;
        if (first == 1) sql.Append("_rowid_");
        for (int i = first; i < reader.FieldCount; i++)
        {
            if (i > 0) sql.Append(", ");
            sql.Append(Quote(reader.GetName(i)));
        }
        sql.Append(") VALUES (");
        for (int i = 0; i < reader.FieldCount; i++)
        {
            if (i > 0) sql.Append(", ");
            sql.Append("?").Append(i + 1);
            insert.Parameters.Add(new MiniSqlParameter("?" + (i + 1), DBNull.Value));
        }
        insert.CommandText = sql.Append(')').ToString();
        while (reader.Read())
        {
            for (int i = 0; i < reader.FieldCount; i++) insert.Parameters[i].Value = reader.GetValue(i);
            insert.ExecuteNonQuery();
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
