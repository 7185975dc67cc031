namespace MiniSql.Shell;

/// <summary>How sqlite3 words an SQL error, which depends on where the SQL came from.</summary>
internal enum ErrorStyle
{
    /// <summary>Script on stdin or .read: "Parse error near line N: ...".</summary>
    Script,

    /// <summary>Interactive terminal: "Parse error: ...".</summary>
    Interactive,

    /// <summary>SQL given on the command line: "Error: in prepare, ...".</summary>
    Argument,
}
