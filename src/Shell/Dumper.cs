using System.Text;

namespace MiniSql.Shell;

/// <summary>
/// Writes a database as SQL text that sqlite3 loads back into an identical database (.dump): tables with their rows,
/// then indexes, triggers and views, inside one transaction. Stateless apart from its output.
/// </summary>
internal sealed class Dumper
{
    private readonly Func<string, List<object?[]>> _query;
    private readonly TextWriter _out;

    /// <summary>Creates a dumper that reads through <paramref name="query"/> and writes to <paramref name="output"/>.</summary>
    public Dumper(Func<string, List<object?[]>> query, TextWriter output)
    {
        _query = query;
        _out = output;
    }

    /// <summary>Dumps every object, or only those whose table name matches the LIKE <paramref name="pattern"/>.</summary>
    public void Dump(string? pattern)
    {
        string filter = pattern is null ? "" : " AND tbl_name LIKE " + ValueFormatter.SqlLiteral(pattern, false);
        _out.Write("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n");
        var tables = _query("SELECT name, sql FROM sqlite_schema WHERE sql NOT NULL AND type='table'" + filter +
                            " ORDER BY tbl_name='sqlite_sequence', rowid");
        foreach (var row in tables)
        {
            string name = (string)row[0]!;
            string sql = (string)row[1]!;
            if (name == "sqlite_sequence") _out.Write("DELETE FROM sqlite_sequence;\n");
            else if (name == "sqlite_stat1") _out.Write("ANALYZE sqlite_schema;\n");
            else if (name.StartsWith("sqlite_", StringComparison.Ordinal)) continue;
            else if (sql.StartsWith("CREATE VIRTUAL TABLE", StringComparison.OrdinalIgnoreCase)) continue;
            else _out.Write(CreateStatement(sql) + ";\n");
            DumpRows(name);
        }
        var others = _query("SELECT sql FROM sqlite_schema WHERE sql NOT NULL AND type IN ('index','trigger','view')" + filter + " ORDER BY rowid");
        foreach (var row in others) _out.Write((string)row[0]! + ";\n");
        _out.Write("COMMIT;\n");
    }

    /// <summary>sqlite3 adds IF NOT EXISTS when the table name in the stored CREATE TABLE is quoted.</summary>
    internal static string CreateStatement(string sql)
    {
        const string prefix = "CREATE TABLE ";
        if (sql.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && sql.Length > prefix.Length && sql[prefix.Length] is '"' or '\'')
            return "CREATE TABLE IF NOT EXISTS " + sql[prefix.Length..];
        return sql;
    }

    private void DumpRows(string table)
    {
        string ident = ValueFormatter.Identifier(table);
        var rows = _query("SELECT * FROM " + "\"" + table.Replace("\"", "\"\"") + "\"");
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            sb.Clear();
            sb.Append("INSERT INTO ").Append(ident).Append(" VALUES(");
            for (int i = 0; i < row.Length; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(ValueFormatter.SqlLiteral(row[i], forInsert: true));
            }
            sb.Append(");\n");
            _out.Write(sb.ToString());
        }
    }
}
