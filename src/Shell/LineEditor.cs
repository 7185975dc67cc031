using System.Text;

namespace MiniSql.Shell;

/// <summary>
/// A small line editor over <see cref="Console.ReadKey(bool)"/> for the interactive shell: cursor movement, Home/End,
/// Backspace/Delete, Ctrl-A/E/U/K/W, Up/Down history. History is persisted one entry per line. Not thread-safe.
/// </summary>
internal sealed class LineEditor
{
    private const int MaxHistory = 2000;
    private readonly List<string> _history = new();
    private readonly string? _historyFile;

    /// <summary>Creates an editor that loads and appends history to <paramref name="historyFile"/> (null for none).</summary>
    public LineEditor(string? historyFile)
    {
        _historyFile = historyFile;
        if (historyFile is null || !File.Exists(historyFile)) return;
        try
        {
            foreach (var line in File.ReadLines(historyFile))
                if (line.Length > 0) _history.Add(line);
            if (_history.Count > MaxHistory) _history.RemoveRange(0, _history.Count - MaxHistory);
        }
        catch (IOException)
        {
            // An unreadable history file only costs the history.
        }
    }

    /// <summary>Reads one line after showing <paramref name="prompt"/>; null at end of input (Ctrl-D on an empty line).</summary>
    public string? ReadLine(string prompt)
    {
        var buffer = new StringBuilder();
        int cursor = 0;
        int historyIndex = _history.Count;
        string pending = "";
        Console.Write(prompt);
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            bool ctrl = (key.Modifiers & ConsoleModifiers.Control) != 0;
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.Write("\n");
                    string line = buffer.ToString();
                    AddHistory(line);
                    return line;
                case ConsoleKey.D when ctrl:
                    if (buffer.Length == 0) { Console.Write("\n"); return null; }
                    if (cursor < buffer.Length) buffer.Remove(cursor, 1);
                    break;
                case ConsoleKey.Backspace:
                    if (cursor > 0) buffer.Remove(--cursor, 1);
                    break;
                case ConsoleKey.Delete:
                    if (cursor < buffer.Length) buffer.Remove(cursor, 1);
                    break;
                case ConsoleKey.LeftArrow or ConsoleKey.B when key.Key == ConsoleKey.LeftArrow || ctrl:
                    if (cursor > 0) cursor--;
                    break;
                case ConsoleKey.RightArrow or ConsoleKey.F when key.Key == ConsoleKey.RightArrow || ctrl:
                    if (cursor < buffer.Length) cursor++;
                    break;
                case ConsoleKey.Home or ConsoleKey.A when key.Key == ConsoleKey.Home || ctrl:
                    cursor = 0;
                    break;
                case ConsoleKey.End or ConsoleKey.E when key.Key == ConsoleKey.End || ctrl:
                    cursor = buffer.Length;
                    break;
                case ConsoleKey.U when ctrl:
                    buffer.Remove(0, cursor);
                    cursor = 0;
                    break;
                case ConsoleKey.K when ctrl:
                    buffer.Length = cursor;
                    break;
                case ConsoleKey.W when ctrl:
                    int start = cursor;
                    while (start > 0 && buffer[start - 1] == ' ') start--;
                    while (start > 0 && buffer[start - 1] != ' ') start--;
                    buffer.Remove(start, cursor - start);
                    cursor = start;
                    break;
                case ConsoleKey.UpArrow or ConsoleKey.P when key.Key == ConsoleKey.UpArrow || ctrl:
                    if (historyIndex > 0)
                    {
                        if (historyIndex == _history.Count) pending = buffer.ToString();
                        historyIndex--;
                        buffer.Clear().Append(_history[historyIndex]);
                        cursor = buffer.Length;
                    }
                    break;
                case ConsoleKey.DownArrow or ConsoleKey.N when key.Key == ConsoleKey.DownArrow || ctrl:
                    if (historyIndex < _history.Count)
                    {
                        historyIndex++;
                        buffer.Clear().Append(historyIndex == _history.Count ? pending : _history[historyIndex]);
                        cursor = buffer.Length;
                    }
                    break;
                default:
                    if (key.KeyChar >= ' ' || key.KeyChar == '\t')
                    {
                        buffer.Insert(cursor++, key.KeyChar == '\t' ? ' ' : key.KeyChar);
                        if (cursor == buffer.Length) { Console.Write(key.KeyChar == '\t' ? ' ' : key.KeyChar); continue; }
                    }
                    break;
            }
            Redraw(prompt, buffer, cursor);
        }
    }

    private static void Redraw(string prompt, StringBuilder buffer, int cursor)
    {
        var sb = new StringBuilder("\r").Append(prompt).Append(buffer).Append("\x1b[K");
        int back = buffer.Length - cursor;
        if (back > 0) sb.Append("\x1b[").Append(back).Append('D');
        Console.Write(sb.ToString());
    }

    private void AddHistory(string line)
    {
        if (line.Trim().Length == 0) return;
        if (_history.Count > 0 && _history[^1] == line) return;
        _history.Add(line);
        if (_historyFile is null) return;
        try
        {
            File.AppendAllText(_historyFile, line.Replace('\n', ' ') + "\n");
        }
        catch (IOException)
        {
            // History is a convenience; a read-only home directory must not break the shell.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
