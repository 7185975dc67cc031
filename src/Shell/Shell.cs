using System.Diagnostics;
using System.Globalization;
using System.Text;
using MiniSql.Sql.Parsing;

namespace MiniSql.Shell;

/// <summary>
/// The sqlite3-style command processor: collects input lines into complete SQL statements (sqlite3_complete
/// semantics), runs them, handles dot-commands and reports errors the way sqlite3 does. Owned by one thread; only
/// <see cref="Interrupt"/> may be called from another (Ctrl-C).
/// </summary>
internal sealed partial class Shell : IDisposable
{
    private readonly Func<string, bool, IShellDatabase> _open;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly ResultPrinter _printer;
    private TextWriter _out;
    private bool _outputIsOnce;
    private IShellDatabase? _db;
    private bool _quit;

    /// <summary>Creates a shell writing to the given streams; <paramref name="open"/> opens (file, readOnly).</summary>
    public Shell(Func<string, bool, IShellDatabase> open, TextWriter stdout, TextWriter stderr)
    {
        _open = open;
        _stdout = stdout;
        _stderr = stderr;
        _out = stdout;
        _printer = new ResultPrinter(Settings, () => _out);
    }

    /// <summary>Output settings (mode, headers, separators...).</summary>
    public ShellSettings Settings { get; } = new();

    /// <summary>How errors are worded: "Parse error near line N" in scripts, "Error: in prepare" for SQL arguments.</summary>
    public ErrorStyle ErrorStyle { get; set; } = ErrorStyle.Script;

    /// <summary>Open the database read-only (-readonly).</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Number of errors reported so far; the exit code is 1 when non-zero.</summary>
    public int ErrorCount { get; private set; }

    /// <summary>Set by .quit/.exit or by an error under -bail.</summary>
    public bool QuitRequested => _quit;

    /// <summary>Exit code requested by ".exit CODE", if any.</summary>
    public int? ExitCode { get; private set; }

    private string _pendingFile = DatabaseOpener.Memory;

    /// <summary>The open database, opened on first use like sqlite3 does.</summary>
    /// <exception cref="ShellSqlException">The pending file cannot be opened.</exception>
    private IShellDatabase Db
    {
        get
        {
            if (_db is not null) return _db;
            try
            {
                return _db = _open(_pendingFile, ReadOnly);
            }
            catch (ShellSqlException ex)
            {
                throw new ShellSqlException(ex.ResultCode, "unable to open database \"" + _pendingFile + "\": " + ex.Message, null, ex);
            }
        }
    }

    /// <summary>Opens the database named on the command line (or a transient one) now.</summary>
    /// <exception cref="ShellSqlException">The file cannot be opened.</exception>
    public void Open(string fileName)
    {
        OpenLater(fileName);
        _ = Db;
    }

    /// <summary>Closes the current database and names the one to open on first use (interactive start, as sqlite3).</summary>
    public void OpenLater(string fileName)
    {
        _db?.Dispose();
        _db = null;
        _pendingFile = fileName;
    }

    /// <summary>Interrupts the running statement (Ctrl-C handler).</summary>
    public void Interrupt() => _db?.Cancel();

    /// <summary>Reads and runs commands from <paramref name="input"/> until end of input or .quit.</summary>
    public void RunScript(TextReader input)
    {
        var buffer = new StringBuilder();
        int lineNumber = 0, startLine = 0;
        string? line;
        while (!_quit && (line = input.ReadLine()) is not null)
        {
            lineNumber++;
            if (!Feed(buffer, line, lineNumber, ref startLine)) continue;
        }
        FlushIncomplete(buffer, startLine);
    }

    /// <summary>
    /// Adds one input line: runs it when it is a dot-command at statement start, or when the accumulated
    /// SQL becomes complete. Returns true when something ran.
    /// </summary>
    public bool Feed(StringBuilder buffer, string line, int lineNumber, ref int startLine)
    {
        if (buffer.Length == 0 || SqlParser.IsBlank(buffer.ToString(), 0))
        {
            string trimmed = line.TrimStart();
            if (trimmed.StartsWith('.'))
            {
                buffer.Clear();
                if (Settings.Echo) _out.Write(line + "\n");
                RunDotCommand(trimmed);
                return true;
            }
            if (buffer.Length == 0 && trimmed.Length == 0) return false;
            if (buffer.Length == 0 || SqlParser.IsBlank(buffer.ToString(), 0)) { buffer.Clear(); startLine = lineNumber; }
        }
        buffer.Append(line).Append('\n');
        string sql = buffer.ToString();
        if (!SqlParser.IsComplete(sql)) return false;
        buffer.Clear();
        if (Settings.Echo) _out.Write(sql);
        RunSql(sql, startLine);
        return true;
    }

    /// <summary>Runs what is left in the buffer at end of input (sqlite3 reports it as incomplete).</summary>
    public void FlushIncomplete(StringBuilder buffer, int startLine)
    {
        if (buffer.Length == 0 || _quit) return;
        string sql = buffer.ToString();
        buffer.Clear();
        if (SqlParser.IsBlank(sql, 0)) return;
        RunSql(sql + ";", startLine);
    }

    /// <summary>Runs SQL text (one or more statements), printing results and errors. Returns false on error.</summary>
    public bool RunSql(string sql, int startLine)
    {
        try
        {
            _ = Db;
        }
        catch (ShellSqlException ex)
        {
            Fail("Error: " + ex.Message);
            return false;
        }
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        try
        {
            if (Settings.Eqp) PrintQueryPlan(sql);
            Db.Execute(sql, _printer);
            return true;
        }
        catch (ShellSqlException ex)
        {
            ReportSqlError(ex, sql, startLine);
            return false;
        }
        finally
        {
            EndOnce();
            if (Settings.Timer)
            {
                var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                _out.Write(string.Create(CultureInfo.InvariantCulture,
                    $"Run Time: real {watch.Elapsed.TotalSeconds:F3} user {used.TotalSeconds:F6} sys 0.000000\n"));
            }
            if (Settings.Changes) PrintChanges();
        }
    }

    private void PrintChanges()
    {
        var rows = Query("SELECT changes(), total_changes()");
        if (rows.Count == 1)
            _out.Write(string.Create(CultureInfo.InvariantCulture, $"changes: {rows[0][0]}   total_changes: {rows[0][1]}\n"));
    }

    /// <summary>Prints an error in sqlite3's words for the current <see cref="ErrorStyle"/>, with the statement and a caret.</summary>
    private void ReportSqlError(ShellSqlException ex, string sql, int startLine)
    {
        ErrorCount++;
        bool parse = ex.ResultCode == 1;
        string head = ErrorStyle switch
        {
            ErrorStyle.Interactive => parse ? "Parse error: " : "Runtime error: ",
            ErrorStyle.Argument => parse ? "Error: in prepare, " : "Error: stepping, ",
            _ => (parse ? "Parse error near line " : "Runtime error near line ") + startLine.ToString(CultureInfo.InvariantCulture) + ": ",
        };
        var sb = new StringBuilder(head).Append(ex.Message);
        if (!parse) sb.Append(" (").Append(ex.ResultCode.ToString(CultureInfo.InvariantCulture)).Append(')');
        sb.Append('\n');
        // sqlite3 shows the statement with a caret for syntax errors, where the offset is exact.
        if (ex.Offset is int offset && offset >= 0 && parse && IsSyntaxError(ex.Message)) AppendErrorContext(sb, sql, offset);
        _stderr.Write(sb.ToString());
        _stderr.Flush();
        if (Settings.Bail) _quit = true;
    }

    private static bool IsSyntaxError(string message) =>
        message.EndsWith("syntax error", StringComparison.Ordinal) || message.StartsWith("unrecognized token", StringComparison.Ordinal) ||
        message == "incomplete input";

    /// <summary>The statement on one line (line breaks shown as spaces) and a caret under the error offset.</summary>
    internal static void AppendErrorContext(StringBuilder sb, string sql, int offset)
    {
        int start = 0;
        while (start < sql.Length && start < offset && char.IsWhiteSpace(sql[start])) start++;
        string text = sql[start..].TrimEnd().Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');
        int caret = Math.Min(offset - start, text.Length);
        if (text.Length > 78 && caret > 30)
        {
            int cut = caret - 30;
            text = "..." + text[cut..];
            caret = caret - cut + 3;
        }
        if (text.Length > 78) text = text[..75] + "...";
        sb.Append("  ").Append(text).Append('\n');
        sb.Append(' ', caret + 2).Append("^--- error here\n");
    }

    /// <summary>Runs a query for a dot-command and returns its rows (errors are reported and yield no rows).</summary>
    private List<object?[]> Query(string sql)
    {
        var collector = new RowCollector();
        try
        {
            Db.Execute(sql, collector);
        }
        catch (ShellSqlException ex)
        {
            ErrorCount++;
            _stderr.Write("Error: " + ex.Message + "\n");
        }
        return collector.Rows;
    }

    private void PrintQueryPlan(string sql)
    {
        var collector = new RowCollector();
        try
        {
            Db.Execute("EXPLAIN QUERY PLAN " + sql, collector);
        }
        catch (ShellSqlException)
        {
            return;
        }
        if (collector.Rows.Count == 0) return;
        // EXPLAIN QUERY PLAN rows are (id, parent, notused, detail); draw them as sqlite3's tree.
        var sb = new StringBuilder("QUERY PLAN\n");
        var rows = collector.Rows;
        AppendPlanChildren(sb, rows, 0L, "");
        _out.Write(sb.ToString());
    }

    private static void AppendPlanChildren(StringBuilder sb, List<object?[]> rows, long parent, string prefix)
    {
        var children = rows.Where(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture) == parent).ToList();
        for (int i = 0; i < children.Count; i++)
        {
            bool last = i == children.Count - 1;
            sb.Append(prefix).Append(last ? "`--" : "|--").Append(Convert.ToString(children[i][3], CultureInfo.InvariantCulture)).Append('\n');
            long id = Convert.ToInt64(children[i][0], CultureInfo.InvariantCulture);
            if (id != parent) AppendPlanChildren(sb, rows, id, prefix + (last ? "   " : "|  "));
        }
    }

    private void EndOnce()
    {
        if (!_outputIsOnce) return;
        _outputIsOnce = false;
        SetOutput(null);
    }

    private void SetOutput(string? path)
    {
        if (!ReferenceEquals(_out, _stdout)) _out.Dispose();
        _out = _stdout;
        if (path is null || path == "stdout") return;
        _out = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    /// <summary>Flushes output.</summary>
    public void Flush() => _out.Flush();

    /// <inheritdoc />
    public void Dispose()
    {
        SetOutput(null);
        _db?.Dispose();
        _db = null;
    }

    /// <summary>Collects rows in memory for dot-commands.</summary>
    private sealed class RowCollector : IResultSink
    {
        public List<object?[]> Rows { get; } = new();

        public IReadOnlyList<string> Columns { get; private set; } = [];

        public void BeginResult(IReadOnlyList<string> columns) => Columns = columns.ToArray();

        public void Row(object?[] values) => Rows.Add((object?[])values.Clone());

        public void EndResult() { }
    }
}
