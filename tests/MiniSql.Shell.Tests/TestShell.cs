using System.Text;
using Microsoft.Data.Sqlite;

namespace MiniSql.Shell.Tests;

/// <summary>
/// Runs the shell in-process over real SQLite (Microsoft.Data.Sqlite) through the same ADO.NET adapter the shell
/// uses for MiniSqlConnection, so output formatting is tested independently of the MiniSql engine.
/// </summary>
internal static class TestShell
{
    /// <summary>Opens a SQLite connection for the shell (":memory:" or a file).</summary>
    public static IShellDatabase OpenSqlite(string file, bool readOnly)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false };
        if (readOnly) builder.Mode = SqliteOpenMode.ReadOnly;
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        return new AdoShellDatabase(connection, file);
    }

    /// <summary>Runs <paramref name="script"/> as a stdin script and returns stdout, stderr and the error count.</summary>
    public static (string Out, string Err, int Errors) Run(string script, string file = ":memory:", Action<Shell>? configure = null)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        using (var shell = new Shell(OpenSqlite, stdout, stderr))
        {
            configure?.Invoke(shell);
            shell.Open(file);
            shell.RunScript(new StringReader(script));
            shell.Flush();
            return (stdout.ToString(), stderr.ToString(), shell.ErrorCount);
        }
    }

    /// <summary>A fresh temporary directory, deleted by the returned handle.</summary>
    public static TempDir CreateTempDir() => new();

    /// <summary>A unique temporary folder removed on dispose.</summary>
    internal sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "minisql-shell-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>Reads a golden file as UTF-8.</summary>
    public static string Golden(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name), Encoding.UTF8);
}
