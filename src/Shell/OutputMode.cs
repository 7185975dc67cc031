namespace MiniSql.Shell;

/// <summary>The shell's output modes, as sqlite3's <c>.mode</c> names them.</summary>
internal enum OutputMode
{
    List, Csv, Tabs, Column, Table, Box, Markdown, Json, Line, Insert, Quote,
}
