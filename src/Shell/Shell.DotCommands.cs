using System.Globalization;
using System.Text;

namespace MiniSql.Shell;

internal sealed partial class Shell
{
    private const string HelpText =
        ".bail on|off             Stop after hitting an error.  Default OFF\n" +
        ".changes on|off          Show number of rows changed by SQL\n" +
        ".checkpoint ?MODE?       Run PRAGMA wal_checkpoint(MODE) (PASSIVE, FULL, RESTART, TRUNCATE)\n" +
        ".databases               List names and files of attached databases\n" +
        ".dbinfo                  Show status information about the database\n" +
        ".dump ?TABLE?            Render database content as SQL\n" +
        ".echo on|off             Turn command echo on or off\n" +
        ".eqp on|off              Enable or disable automatic EXPLAIN QUERY PLAN\n" +
        ".exit ?CODE?             Exit this program with return-code CODE\n" +
        ".headers on|off          Turn display of headers on or off\n" +
        ".help                    Show this message\n" +
        ".import FILE TABLE       Import CSV data from FILE into TABLE\n" +
        ".indexes ?TABLE?         Show names of indexes\n" +
        ".mode MODE ?TABLE?       Set output mode: box column csv html insert json line list markdown quote table tabs\n" +
        ".nullvalue STRING        Use STRING in place of NULL values\n" +
        ".once FILE               Output for the next SQL command only to FILE\n" +
        ".open FILE               Close existing database and reopen FILE\n" +
        ".output ?FILE?           Send output to FILE or stdout if FILE is omitted\n" +
        ".print STRING...         Print literal STRING\n" +
        ".quit                    Exit this program\n" +
        ".read FILE               Read input from FILE\n" +
        ".schema ?PATTERN?        Show the CREATE statements matching PATTERN\n" +
        ".separator COL ?ROW?     Change the column and row separators\n" +
        ".show                    Show the current values for various settings\n" +
        ".tables ?PATTERN?        List names of tables matching LIKE pattern PATTERN\n" +
        ".timer on|off            Turn SQL timer on or off\n" +
        ".wal                     Show WAL state: frames, checkpointed frames, read marks\n" +
        ".width NUM1 NUM2 ...     Set minimum column widths for columnar output\n";

    /// <summary>Runs one dot-command line (leading '.' included).</summary>
    public void RunDotCommand(string line)
    {
        var args = SplitArguments(line[1..]);
        if (args.Count == 0) return;
        string cmd = args[0];
        try
        {
            if (!Dispatch(cmd, args)) Fail("Error: unknown command or invalid arguments:  \"" + cmd + "\". Enter \".help\" for help");
        }
        catch (ShellSqlException ex)
        {
            Fail("Error: " + ex.Message);
        }
        catch (IOException ex)
        {
            Fail("Error: " + ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            Fail("Error: " + ex.Message);
        }
        _out.Flush();
    }

    private void Fail(string message)
    {
        ErrorCount++;
        _stderr.Write(message + "\n");
        _stderr.Flush();
        if (Settings.Bail) _quit = true;
    }

    private bool Dispatch(string cmd, List<string> args)
    {
        var s = Settings;
        switch (cmd)
        {
            case "quit":
                _quit = true;
                return true;
            case "exit":
                _quit = true;
                if (args.Count > 1) ExitCode = int.Parse(args[1], CultureInfo.InvariantCulture);
                return true;
            case "print":
                _out.Write(string.Join(" ", args.Skip(1)) + "\n");
                return true;
            case "help":
                _out.Write(HelpText);
                return true;
            case "bail": return SetFlag(args, v => s.Bail = v);
            case "changes": return SetFlag(args, v => s.Changes = v);
            case "echo": return SetFlag(args, v => s.Echo = v);
            case "eqp": return SetFlag(args, v => s.Eqp = v);
            case "timer": return SetFlag(args, v => s.Timer = v);
            case "headers" or "header": return SetFlag(args, v => s.Headers = v);
            case "nullvalue":
                if (args.Count != 2) return false;
                s.NullValue = args[1];
                return true;
            case "separator":
                if (args.Count < 2) return false;
                s.ColumnSeparator = Unescape(args[1]);
                if (args.Count > 2) s.RowSeparator = Unescape(args[2]);
                return true;
            case "width":
                s.Widths.Clear();
                for (int i = 1; i < args.Count; i++) s.Widths.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
                return true;
            case "mode":
                return SetMode(args);
            case "output":
                SetOutput(args.Count > 1 ? args[1] : null);
                _outputIsOnce = false;
                return true;
            case "once":
                if (args.Count != 2) return false;
                SetOutput(args[1]);
                _outputIsOnce = true;
                return true;
            case "open":
                if (args.Count != 2) return false;
                Open(args[1]);
                return true;
            case "read":
                if (args.Count != 2) return false;
                using (var reader = new StreamReader(args[1], Encoding.UTF8))
                {
                    var style = ErrorStyle;
                    ErrorStyle = ErrorStyle.Script;
                    RunScript(reader);
                    ErrorStyle = style;
                }
                return true;
            case "tables":
                PrintTables(args.Count > 1 ? args[1] : null);
                return true;
            case "indexes" or "indices":
                PrintIndexes(args.Count > 1 ? args[1] : null);
                return true;
            case "schema":
                PrintSchema(args.Count > 1 ? args[1] : null);
                return true;
            case "databases":
                _out.Write("main: " + (Db.FileName == DatabaseOpener.Memory ? "" : Path.GetFullPath(Db.FileName)) + " " + (ReadOnly ? "r/o" : "r/w") + "\n");
                return true;
            case "dump":
                new Dumper(Query, _out).Dump(args.Count > 1 ? args[1] : null);
                return true;
            case "import":
                return Import(args);
            case "show":
                PrintShow();
                return true;
            case "dbinfo":
                PrintDbInfo();
                return true;
            case "wal":
                PrintWal();
                return true;
            case "checkpoint":
                string mode = args.Count > 1 ? args[1].ToUpperInvariant() : "PASSIVE";
                if (mode is not ("PASSIVE" or "FULL" or "RESTART" or "TRUNCATE")) return false;
                var saved = (s.Mode, s.Headers);
                s.SetMode(OutputMode.List);
                s.Headers = false;
                RunSql("PRAGMA wal_checkpoint(" + mode + ");", 0);
                s.SetMode(saved.Mode);
                s.Headers = saved.Headers;
                return true;
            default:
                return false;
        }
    }

    private static bool SetFlag(List<string> args, Action<bool> set)
    {
        if (args.Count != 2) return false;
        string v = args[1].ToLowerInvariant();
        if (v is "on" or "yes" or "1" or "true") set(true);
        else if (v is "off" or "no" or "0" or "false") set(false);
        else return false;
        return true;
    }

    private bool SetMode(List<string> args)
    {
        if (args.Count < 2)
        {
            _out.Write("current output mode: " + Settings.Mode.ToString().ToLowerInvariant() + "\n");
            return true;
        }
        OutputMode? mode = args[1].ToLowerInvariant() switch
        {
            "list" => OutputMode.List,
            "csv" => OutputMode.Csv,
            "tabs" => OutputMode.Tabs,
            "column" => OutputMode.Column,
            "table" => OutputMode.Table,
            "box" => OutputMode.Box,
            "markdown" => OutputMode.Markdown,
            "json" => OutputMode.Json,
            "line" => OutputMode.Line,
            "insert" => OutputMode.Insert,
            "quote" => OutputMode.Quote,
            _ => null,
        };
        if (mode is null) return false;
        Settings.SetMode(mode.Value);
        // sqlite3 turns headers on when switching to a columnar mode with .mode (the -column option does not).
        if (mode is OutputMode.Column or OutputMode.Table or OutputMode.Box or OutputMode.Markdown) Settings.Headers = true;
        if (mode == OutputMode.Insert) Settings.InsertTable = args.Count > 2 ? args[2] : "table";
        return true;
    }

    /// <summary>Splits dot-command arguments on spaces; '...' and "..." group words ("..." also honours backslash escapes).</summary>
    internal static List<string> SplitArguments(string text)
    {
        var result = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length) break;
            var sb = new StringBuilder();
            char q = text[i];
            if (q is '\'' or '"')
            {
                i++;
                while (i < text.Length && text[i] != q)
                {
                    if (q == '"' && text[i] == '\\' && i + 1 < text.Length) sb.Append(text[i++]);
                    sb.Append(text[i++]);
                }
                i++;
                result.Add(q == '"' ? Unescape(sb.ToString()) : sb.ToString());
            }
            else
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i])) sb.Append(text[i++]);
                result.Add(sb.ToString());
            }
        }
        return result;
    }

    /// <summary>C-style backslash escapes in separators (\t, \n, \r, \\, \").</summary>
    private static string Unescape(string s)
    {
        if (!s.Contains('\\')) return s;
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 >= s.Length) { sb.Append(s[i]); continue; }
            char c = s[++i];
            sb.Append(c switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => c });
        }
        return sb.ToString();
    }

    private void PrintTables(string? pattern)
    {
        string sql = "SELECT name FROM sqlite_schema WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%'" +
            (pattern is null ? "" : " AND name LIKE " + ValueFormatter.SqlLiteral(pattern, false)) + " ORDER BY 1";
        var names = Query(sql).Select(r => Convert.ToString(r[0], CultureInfo.InvariantCulture) ?? "").ToList();
        PrintInColumns(names);
    }

    /// <summary>Lists names column-major in as many columns as fit 80 characters, as sqlite3's .tables does.</summary>
    private void PrintInColumns(List<string> names)
    {
        if (names.Count == 0) return;
        int max = names.Max(ValueFormatter.Width);
        int columns = Math.Max(1, 80 / (max + 2));
        int rows = (names.Count + columns - 1) / columns;
        var sb = new StringBuilder();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0, j = r; j < names.Count; c++, j += rows)
            {
                if (c > 0) sb.Append("  ");
                sb.Append(names[j]).Append(' ', max - ValueFormatter.Width(names[j]));
            }
            sb.Append('\n');
        }
        _out.Write(sb.ToString());
    }

    private void PrintIndexes(string? table)
    {
        string sql = "SELECT name FROM sqlite_schema WHERE type='index'" +
            (table is null ? "" : " AND tbl_name LIKE " + ValueFormatter.SqlLiteral(table, false)) + " ORDER BY 1";
        PrintInColumns(Query(sql).Select(r => Convert.ToString(r[0], CultureInfo.InvariantCulture) ?? "").ToList());
    }

    private void PrintSchema(string? pattern)
    {
        string like = pattern is null ? "" : ValueFormatter.SqlLiteral(pattern, false);
        string sql = "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL" +
            (pattern is null ? "" : " AND (name LIKE " + like + " OR tbl_name LIKE " + like + ")") + " ORDER BY rowid";
        var sb = new StringBuilder();
        foreach (var row in Query(sql))
        {
            string type = (string)row[0]!, name = (string)row[1]!, text = (string)row[2]!;
            if (type == "table") text = Dumper.CreateStatement(text);
            sb.Append(text);
            // sqlite3 follows a view with a comment naming its result columns.
            if (type == "view") sb.Append("\n/* ").Append(ValueFormatter.Identifier(name)).Append('(').Append(string.Join(",", ColumnNames(name).Select(ValueFormatter.Identifier))).Append(") */");
            sb.Append(";\n");
        }
        _out.Write(sb.ToString());
    }

    private IReadOnlyList<string> ColumnNames(string table)
    {
        var collector = new RowCollector();
        try
        {
            Db.Execute("SELECT * FROM \"" + table.Replace("\"", "\"\"") + "\" LIMIT 0", collector);
        }
        catch (ShellSqlException)
        {
            return [];
        }
        return collector.Columns;
    }

    private void PrintShow()
    {
        var s = Settings;
        var sb = new StringBuilder();
        void Line(string name, string value) => sb.Append(name.PadLeft(12)).Append(": ").Append(value).Append('\n');
        Line("echo", s.Echo ? "on" : "off");
        Line("eqp", s.Eqp ? "on" : "off");
        Line("explain", "auto");
        Line("headers", s.Headers ? "on" : "off");
        Line("mode", s.Mode.ToString().ToLowerInvariant());
        Line("nullvalue", "\"" + s.NullValue + "\"");
        Line("output", ReferenceEquals(_out, _stdout) ? "stdout" : "file");
        Line("colseparator", "\"" + Escape(s.ColumnSeparator) + "\"");
        Line("rowseparator", "\"" + Escape(s.RowSeparator) + "\"");
        Line("stats", "off");
        Line("width", string.Join(" ", s.Widths.Select(w => w.ToString(CultureInfo.InvariantCulture))) + " ");
        Line("filename", Db.FileName);
        _out.Write(sb.ToString());
    }

    private static string Escape(string s) =>
        s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r").Replace("\"", "\\\"");

    private void PrintDbInfo()
    {
        var sb = new StringBuilder();
        void Pragma(string label, string sql)
        {
            var rows = Query(sql);
            string value = rows.Count > 0 ? ValueFormatter.Text(rows[0][0], "") : "";
            sb.Append((label + ":").PadRight(21)).Append(value).Append('\n');
        }
        Pragma("database page size", "PRAGMA page_size");
        Pragma("database page count", "PRAGMA page_count");
        Pragma("freelist page count", "PRAGMA freelist_count");
        Pragma("schema cookie", "PRAGMA schema_version");
        Pragma("text encoding", "PRAGMA encoding");
        Pragma("user version", "PRAGMA user_version");
        Pragma("application id", "PRAGMA application_id");
        Pragma("journal mode", "PRAGMA journal_mode");
        Pragma("number of tables", "SELECT count(*) FROM sqlite_schema WHERE type='table'");
        Pragma("number of indexes", "SELECT count(*) FROM sqlite_schema WHERE type='index'");
        Pragma("number of triggers", "SELECT count(*) FROM sqlite_schema WHERE type='trigger'");
        Pragma("number of views", "SELECT count(*) FROM sqlite_schema WHERE type='view'");
        _out.Write(sb.ToString());
    }

    private void PrintWal()
    {
        var rows = Query("PRAGMA journal_mode");
        string journalMode = rows.Count > 0 ? ValueFormatter.Text(rows[0][0], "") : "unknown";
        if (!journalMode.Equals("wal", StringComparison.OrdinalIgnoreCase))
        {
            _out.Write("database is not in WAL mode (journal_mode=" + journalMode + "); use PRAGMA journal_mode=WAL\n");
            return;
        }
        _out.Write(WalInspector.Describe(Db.FileName));
    }

    private bool Import(List<string> args)
    {
        var positional = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (positional.Count != 2) return false;
        var importer = new CsvImporter(Db, _stderr, Console.IsErrorRedirected ? null : _stderr);
        var result = importer.Import(positional[0], positional[1]);
        ErrorCount += result.Errors;
        return true;
    }
}
