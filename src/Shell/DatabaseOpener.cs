using System.Data.Common;

namespace MiniSql.Shell;

/// <summary>Opens a MiniSql database for the shell through the ADO.NET provider. Stateless.</summary>
internal static class DatabaseOpener
{
    /// <summary>The file name sqlite3 uses for a transient in-memory database.</summary>
    public const string Memory = ":memory:";

    /// <summary>Opens <paramref name="fileName"/> (created when missing unless read-only).</summary>
    /// <exception cref="ShellSqlException">The file cannot be opened (SQLITE_CANTOPEN, SQLITE_NOTADB, ...).</exception>
    public static IShellDatabase Open(string fileName, bool readOnly)
    {
        DbConnection connection = CreateConnection(fileName, readOnly);
        try
        {
            connection.Open();
        }
        catch (DbException ex)
        {
            connection.Dispose();
            throw AdoShellDatabase.Translate(ex);
        }
        return new AdoShellDatabase(connection, fileName);
    }

    private static DbConnection CreateConnection(string fileName, bool readOnly)
    {
        string dataSource = fileName.Contains(';') || fileName.Contains('"') ? "\"" + fileName.Replace("\"", "\"\"") + "\"" : fileName;
        string connectionString = "Data Source=" + dataSource + ";Pooling=False" + (readOnly ? ";Mode=ReadOnly" : "");
        return new MiniSql.Data.MiniSqlConnection(connectionString);
    }
}
