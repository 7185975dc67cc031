using System.Text;

namespace MiniSql.Shell;

/// <summary>
/// The interactive read-eval-print loop on a terminal: banner, "minisql> " and "   ...> " prompts, line editing with
/// history in ~/.minisql_history, and Ctrl-C interrupting the running statement instead of the shell.
/// </summary>
internal sealed class InteractiveLoop
{
    private const string Prompt = "minisql> ";
    private const string ContinuationPrompt = "   ...> ";
    private readonly Shell _shell;
    private readonly TextWriter _stdout;

    /// <summary>Creates the loop for <paramref name="shell"/>.</summary>
    public InteractiveLoop(Shell shell, TextWriter stdout)
    {
        _shell = shell;
        _stdout = stdout;
    }

    /// <summary>Runs until .quit or end of input.</summary>
    public void Run(bool transient)
    {
        var banner = new StringBuilder()
            .Append("MiniSql version ").Append(typeof(Program).Assembly.GetName().Version).Append(" (SQLite 3 file format)\n")
            .Append("Enter \".help\" for usage hints.\n");
        if (transient)
        {
            banner.Append("Connected to a transient in-memory database.\n")
                  .Append("Use \".open FILENAME\" to reopen on a persistent database.\n");
        }
        _stdout.Write(banner.ToString());
        _stdout.Flush();

        Console.CancelKeyPress += OnCancel;
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var editor = new LineEditor(home.Length == 0 ? null : Path.Combine(home, ".minisql_history"));
        var buffer = new StringBuilder();
        int lineNumber = 0, startLine = 0;
        try
        {
            while (!_shell.QuitRequested)
            {
                string? line = editor.ReadLine(buffer.Length == 0 ? Prompt : ContinuationPrompt);
                if (line is null) break;
                lineNumber++;
                _shell.Feed(buffer, line, lineNumber, ref startLine);
                _shell.Flush();
            }
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _shell.Interrupt();
    }
}
