using System.Text;
using MiniSql.Sql.Functions;

namespace MiniSql.Shell;

/// <summary>Entry point of <c>minisql [OPTIONS] [FILE] [SQL...]</c>, a sqlite3-compatible command-line shell.</summary>
internal static class Program
{
    private const string Usage =
        "Usage: minisql [OPTIONS] FILENAME [SQL...]\n" +
        "FILENAME is the name of a MiniSql (SQLite 3 format) database. A new database is created\n" +
        "if the file does not previously exist. Defaults to a transient in-memory database.\n" +
        "OPTIONS include:\n" +
        "   -bail                stop after hitting an error\n" +
        "   -box                 set output mode to 'box'\n" +
        "   -cmd COMMAND         run \"COMMAND\" before reading stdin\n" +
        "   -column              set output mode to 'column'\n" +
        "   -csv                 set output mode to 'csv'\n" +
        "   -header              turn headers on\n" +
        "   -help                show this message\n" +
        "   -json                set output mode to 'json'\n" +
        "   -line                set output mode to 'line'\n" +
        "   -list                set output mode to 'list'\n" +
        "   -markdown            set output mode to 'markdown'\n" +
        "   -noheader            turn headers off\n" +
        "   -nullvalue TEXT      set text string for NULL values. Default ''\n" +
        "   -quote               set output mode to 'quote'\n" +
        "   -readonly            open the database read-only\n" +
        "   -separator SEP       set output column separator. Default: '|'\n" +
        "   -table               set output mode to 'table'\n" +
        "   -tabs                set output mode to 'tabs'\n" +
        "   -version             show MiniSql version\n";

    private static int Main(string[] args)
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false, NewLine = "\n" };
        var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        try
        {
            return Run(args, stdout, stderr);
        }
        finally
        {
            stdout.Flush();
        }
    }

    private static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        using var shell = new Shell(DatabaseOpener.Open, stdout, stderr);
        var commands = new List<string>();
        string? file = null;
        var sql = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (file is not null || !a.StartsWith('-') || a == "-")
            {
                if (file is null) file = a;
                else sql.Add(a);
                continue;
            }
            string option = a.StartsWith("--", StringComparison.Ordinal) ? a[1..] : a;
            string? Next()
            {
                if (i + 1 < args.Length) return args[++i];
                stderr.Write("Error: missing argument to " + a + "\n");
                return null;
            }
            switch (option)
            {
                case "-bail": shell.Settings.Bail = true; break;
                case "-readonly": shell.ReadOnly = true; break;
                case "-header" or "-headers": shell.Settings.Headers = true; break;
                case "-noheader" or "-noheaders": shell.Settings.Headers = false; break;
                case "-csv": shell.Settings.SetMode(OutputMode.Csv); break;
                case "-json": shell.Settings.SetMode(OutputMode.Json); break;
                case "-box": shell.Settings.SetMode(OutputMode.Box); break;
                case "-table": shell.Settings.SetMode(OutputMode.Table); break;
                case "-markdown": shell.Settings.SetMode(OutputMode.Markdown); break;
                case "-line": shell.Settings.SetMode(OutputMode.Line); break;
                case "-list": shell.Settings.SetMode(OutputMode.List); break;
                case "-column": shell.Settings.SetMode(OutputMode.Column); break;
                case "-quote": shell.Settings.SetMode(OutputMode.Quote); break;
                case "-tabs": shell.Settings.SetMode(OutputMode.Tabs); break;
                case "-echo": shell.Settings.Echo = true; break;
                case "-separator":
                    if (Next() is not string sep) return 1;
                    shell.Settings.ColumnSeparator = sep;
                    break;
                case "-nullvalue":
                    if (Next() is not string nv) return 1;
                    shell.Settings.NullValue = nv;
                    break;
                case "-cmd":
                    if (Next() is not string cmd) return 1;
                    commands.Add(cmd);
                    break;
                case "-version":
                    stdout.Write(FunctionRegistry.SqliteVersion + " (MiniSql " + typeof(Program).Assembly.GetName().Version + ")\n");
                    return 0;
                case "-help":
                    stderr.Write(Usage);
                    return 0;
                default:
                    stderr.Write("minisql: Error: unknown option: " + a + "\nUse -help for a list of options.\n");
                    return 1;
            }
        }

        bool interactive = sql.Count == 0 && !Console.IsInputRedirected;
        try
        {
            if (interactive) shell.OpenLater(file ?? DatabaseOpener.Memory);
            else shell.Open(file ?? DatabaseOpener.Memory);
        }
        catch (ShellSqlException ex)
        {
            stderr.Write("Error: " + ex.Message + "\n");
            return 1;
        }

        shell.ErrorStyle = ErrorStyle.Argument;
        foreach (var c in commands)
        {
            RunArgument(shell, c);
            if (shell.QuitRequested) return Finish(shell);
        }

        if (sql.Count > 0)
        {
            foreach (var s in sql)
            {
                RunArgument(shell, s);
                if (shell.QuitRequested) break;
            }
            return Finish(shell);
        }

        if (!interactive)
        {
            shell.ErrorStyle = ErrorStyle.Script;
            shell.RunScript(Console.In);
            return Finish(shell);
        }

        shell.ErrorStyle = ErrorStyle.Interactive;
        new InteractiveLoop(shell, stdout).Run(file is null);
        shell.Flush();
        return shell.ExitCode ?? 0;
    }

    private static void RunArgument(Shell shell, string text)
    {
        if (text.TrimStart().StartsWith('.')) shell.RunDotCommand(text.TrimStart());
        else shell.RunSql(text, 1);
    }

    private static int Finish(Shell shell)
    {
        shell.Flush();
        return shell.ExitCode ?? (shell.ErrorCount > 0 ? 1 : 0);
    }
}
