using System.Text;

namespace MiniSql.Shell;

/// <summary>
/// Prints statement results in the current <see cref="ShellSettings.Mode"/>, matching sqlite3's layout. Row modes
/// stream; columnar modes (column, table, box, markdown) buffer one result to size the columns. Not thread-safe.
/// </summary>
internal sealed class ResultPrinter : IResultSink
{
    private readonly ShellSettings _settings;
    private readonly Func<TextWriter> _output;
    private IReadOnlyList<string> _columns = [];
    private readonly List<string[]> _buffered = new();
    private int _rowCount;

    /// <summary>Creates a printer that writes to whatever <paramref name="output"/> returns at the time.</summary>
    public ResultPrinter(ShellSettings settings, Func<TextWriter> output)
    {
        _settings = settings;
        _output = output;
    }

    private TextWriter Out => _output();

    /// <inheritdoc />
    public void BeginResult(IReadOnlyList<string> columns)
    {
        _columns = columns;
        _buffered.Clear();
        _rowCount = 0;
    }

    /// <inheritdoc />
    public void Row(object?[] values)
    {
        var s = _settings;
        bool first = _rowCount++ == 0;
        switch (s.Mode)
        {
            case OutputMode.Column or OutputMode.Table or OutputMode.Box or OutputMode.Markdown:
                var cells = new string[values.Length];
                for (int i = 0; i < values.Length; i++) cells[i] = ExpandTabs(ValueFormatter.Text(values[i], s.NullValue));
                _buffered.Add(cells);
                break;
            case OutputMode.List or OutputMode.Tabs:
                if (first && s.Headers) WriteSeparated(_columns, c => c);
                WriteSeparated(values, v => ValueFormatter.Text(v, s.NullValue));
                break;
            case OutputMode.Csv:
                if (first && s.Headers) WriteSeparated(_columns, c => ValueFormatter.Csv(c, s.ColumnSeparator));
                WriteSeparated(values, v => v is null ? s.NullValue : ValueFormatter.Csv(ValueFormatter.Text(v, ""), s.ColumnSeparator));
                break;
            case OutputMode.Quote:
                if (first && s.Headers) WriteSeparated(_columns, c => ValueFormatter.SqlLiteral(c, false));
                WriteSeparated(values, v => ValueFormatter.SqlLiteral(v, false));
                break;
            case OutputMode.Line:
                WriteLineRecord(values, first);
                break;
            case OutputMode.Json:
                WriteJsonRecord(values, first);
                break;
            case OutputMode.Insert:
                WriteInsert(values);
                break;
        }
    }

    /// <inheritdoc />
    public void EndResult()
    {
        switch (_settings.Mode)
        {
            case OutputMode.Json when _rowCount > 0:
                Out.Write("]\n");
                break;
            case OutputMode.Column or OutputMode.Table or OutputMode.Box or OutputMode.Markdown when _rowCount > 0:
                WriteColumnar();
                break;
        }
        _buffered.Clear();
    }

    private void WriteSeparated<T>(IReadOnlyList<T> items, Func<T, string> render)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(_settings.ColumnSeparator);
            sb.Append(render(items[i]));
        }
        sb.Append(_settings.RowSeparator);
        Out.Write(sb.ToString());
    }

    private void WriteLineRecord(object?[] values, bool first)
    {
        int width = 5;
        foreach (var c in _columns) width = Math.Max(width, ValueFormatter.Width(c));
        var sb = new StringBuilder();
        if (!first) sb.Append(_settings.RowSeparator);
        for (int i = 0; i < values.Length; i++)
        {
            sb.Append(' ', width - ValueFormatter.Width(_columns[i])).Append(_columns[i]).Append(" = ")
              .Append(ValueFormatter.Text(values[i], _settings.NullValue)).Append(_settings.RowSeparator);
        }
        Out.Write(sb.ToString());
    }

    private void WriteJsonRecord(object?[] values, bool first)
    {
        var sb = new StringBuilder(first ? "[{" : ",\n{");
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(ValueFormatter.JsonString(_columns[i])).Append(':').Append(ValueFormatter.Json(values[i]));
        }
        sb.Append('}');
        Out.Write(sb.ToString());
    }

    private void WriteInsert(object?[] values)
    {
        var sb = new StringBuilder("INSERT INTO ").Append(ValueFormatter.Identifier(_settings.InsertTable));
        if (_settings.Headers)
        {
            sb.Append('(');
            for (int i = 0; i < _columns.Count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(ValueFormatter.Identifier(_columns[i]));
            }
            sb.Append(')');
        }
        sb.Append(" VALUES(");
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(ValueFormatter.SqlLiteral(values[i], forInsert: true));
        }
        sb.Append(");\n");
        Out.Write(sb.ToString());
    }

    private void WriteColumnar()
    {
        var mode = _settings.Mode;
        int n = _columns.Count;
        var widths = new int[n];
        var rightAlign = new bool[n];
        bool multiLine = false;
        var rows = new List<string[][]>(_buffered.Count);
        foreach (var row in _buffered)
        {
            var split = new string[n][];
            for (int i = 0; i < n; i++)
            {
                split[i] = row[i].Split('\n');
                if (split[i].Length > 1) multiLine = true;
                int explicitWidth = i < _settings.Widths.Count ? Math.Abs(_settings.Widths[i]) : 0;
                if (explicitWidth > 0) split[i] = Wrap(split[i], explicitWidth);
            }
            rows.Add(split);
        }
        for (int i = 0; i < n; i++)
        {
            int explicitWidth = i < _settings.Widths.Count ? _settings.Widths[i] : 0;
            if (explicitWidth != 0)
            {
                widths[i] = Math.Abs(explicitWidth);
                rightAlign[i] = explicitWidth < 0;
                continue;
            }
            int w = ValueFormatter.Width(_columns[i]);
            foreach (var row in rows)
                foreach (var line in row[i])
                    w = Math.Max(w, ValueFormatter.Width(line));
            widths[i] = w;
        }

        var sb = new StringBuilder();
        switch (mode)
        {
            case OutputMode.Column:
                if (_settings.Headers)
                {
                    AppendCells(sb, widths, rightAlign, i => _columns[i], "", "  ", "", center: false);
                    AppendCells(sb, widths, rightAlign, i => new string('-', widths[i]), "", "  ", "", center: false);
                }
                break;
            case OutputMode.Table:
                AppendRule(sb, widths, "+", "+", "+", '-');
                AppendCells(sb, widths, rightAlign, i => _columns[i], "| ", " | ", " |", center: true);
                AppendRule(sb, widths, "+", "+", "+", '-');
                break;
            case OutputMode.Box:
                AppendRule(sb, widths, "┌", "┬", "┐", '─');
                AppendCells(sb, widths, rightAlign, i => _columns[i], "│ ", " │ ", " │", center: true);
                AppendRule(sb, widths, "├", "┼", "┤", '─');
                break;
            case OutputMode.Markdown:
                AppendCells(sb, widths, rightAlign, i => _columns[i], "| ", " | ", " |", center: true);
                AppendRule(sb, widths, "|", "|", "|", '-');
                break;
        }

        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (r > 0 && multiLine)
            {
                if (mode == OutputMode.Column) sb.Append('\n');
                else if (mode == OutputMode.Table) AppendRule(sb, widths, "+", "+", "+", '-');
                else if (mode == OutputMode.Box) AppendRule(sb, widths, "├", "┼", "┤", '─');
            }
            int height = 1;
            foreach (var cell in row) height = Math.Max(height, cell.Length);
            for (int line = 0; line < height; line++)
            {
                Func<int, string> text = i => line < row[i].Length ? row[i][line] : "";
                switch (mode)
                {
                    case OutputMode.Column: AppendCells(sb, widths, rightAlign, text, "", "  ", "", false); break;
                    case OutputMode.Box: AppendCells(sb, widths, rightAlign, text, "│ ", " │ ", " │", false); break;
                    default: AppendCells(sb, widths, rightAlign, text, "| ", " | ", " |", false); break;
                }
            }
        }
        if (mode == OutputMode.Table) AppendRule(sb, widths, "+", "+", "+", '-');
        else if (mode == OutputMode.Box) AppendRule(sb, widths, "└", "┴", "┘", '─');
        Out.Write(sb.ToString());
    }

    private static void AppendRule(StringBuilder sb, int[] widths, string left, string middle, string right, char fill)
    {
        sb.Append(left);
        for (int i = 0; i < widths.Length; i++)
        {
            if (i > 0) sb.Append(middle);
            sb.Append(fill, widths[i] + 2);
        }
        sb.Append(right).Append('\n');
    }

    private static void AppendCells(StringBuilder sb, int[] widths, bool[] rightAlign, Func<int, string> text,
        string left, string middle, string right, bool center)
    {
        sb.Append(left);
        for (int i = 0; i < widths.Length; i++)
        {
            if (i > 0) sb.Append(middle);
            string t = Truncate(text(i), widths[i]);
            int pad = widths[i] - ValueFormatter.Width(t);
            if (center) sb.Append(' ', pad / 2).Append(t).Append(' ', pad - pad / 2);
            else if (rightAlign[i]) sb.Append(' ', pad).Append(t);
            else sb.Append(t).Append(' ', pad);
        }
        sb.Append(right).Append('\n');
    }

    /// <summary>Columnar modes show a tab as spaces up to the next multiple of eight, as sqlite3 does.</summary>
    private static string ExpandTabs(string s)
    {
        if (!s.Contains('\t')) return s;
        var sb = new StringBuilder();
        int column = 0;
        foreach (char c in s)
        {
            if (c == '\n') { sb.Append(c); column = 0; continue; }
            if (c == '\t')
            {
                do { sb.Append(' '); column++; } while (column % 8 != 0);
                continue;
            }
            sb.Append(c);
            if (!char.IsLowSurrogate(c)) column++;
        }
        return sb.ToString();
    }

    /// <summary>Splits lines longer than an explicit column width into width-sized pieces (sqlite3 wraps, not truncates).</summary>
    private static string[] Wrap(string[] lines, int width)
    {
        var result = new List<string>();
        foreach (var line in lines)
        {
            string rest = line;
            while (ValueFormatter.Width(rest) > width)
            {
                string head = Truncate(rest, width);
                result.Add(head);
                rest = rest[head.Length..];
            }
            result.Add(rest);
        }
        return result.ToArray();
    }

    private static string Truncate(string s, int width)
    {
        if (ValueFormatter.Width(s) <= width) return s;
        var sb = new StringBuilder();
        int n = 0;
        for (int i = 0; i < s.Length && n < width; i++)
        {
            sb.Append(s[i]);
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length) sb.Append(s[++i]);
            n++;
        }
        return sb.ToString();
    }
}
