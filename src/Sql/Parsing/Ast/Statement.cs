using System.Collections.Immutable;

namespace MiniSql.Sql.Parsing.Ast;

/// <summary>
/// Base of every statement node. <see cref="Start"/>..<see cref="End"/> is the statement's source text from its first
/// token to the end of its last token (no trailing ';' or whitespace) — the exact text SQLite stores in sqlite_schema.
/// </summary>
public abstract record Statement
{
    /// <summary>Offset in the source string of the first character of the statement.</summary>
    public int Start { get; init; }

    /// <summary>Offset one past the last character of the statement's last token.</summary>
    public int End { get; init; }

    /// <summary>
    /// Parameter names by index (element i is the name of parameter ?(i+1): "?NNN", ":a", "@a", "$a", or null for a
    /// nameless "?" or an unused index). Length = highest parameter index (sqlite3_bind_parameter_count).
    /// Set on top-level statements only; empty for nested ones.
    /// </summary>
    public ImmutableArray<string?> Parameters { get; init; } = ImmutableArray<string?>.Empty;

    /// <summary>The source text of this statement within <paramref name="sql"/> (the string it was parsed from).</summary>
    public string GetText(string sql) => sql.Substring(Start, End - Start);
}

/// <summary>ON CONFLICT / OR resolution algorithm; Default when none was given.</summary>
public enum ConflictResolution { Default, Rollback, Abort, Fail, Ignore, Replace }
