using MiniSql.Sql.Parsing;

namespace MiniSql.Sql.Execution;

/// <summary>
/// Edits the CREATE statements stored in sqlite_schema for ALTER TABLE, at the token level so that comments,
/// spacing and everything not renamed stay exactly as written (as SQLite does):
/// <list type="bullet">
/// <item>table renames rewrite every reference to the table: the name after CREATE TABLE, ON (indexes, triggers),
/// FROM/JOIN/comma-separated FROM lists, INTO, UPDATE, REFERENCES, and qualifiers (<c>t.col</c>, <c>main.t</c>);
/// the new name is always written double-quoted;</item>
/// <item>column renames rewrite the column's definition and every reference to it in the table's constraints, in
/// its indexes, in REFERENCES clauses that point at it, and in views and triggers that read the table (qualified by
/// the table, an alias of it, or NEW/OLD in its triggers, or unqualified where the table is a source); the new name is
/// quoted when the old token was quoted or the new name needs it.</item>
/// </list>
/// </summary>
internal static class SchemaSqlEditor
{
    /// <summary>One significant token of a schema statement and its identifier name (null when not an identifier).</summary>
    private readonly record struct Tok(Token Token, string Text, string? Identifier)
    {
        public TokenKind Kind => Token.Kind;

        public bool Is(Keyword keyword) => Token.Kind == TokenKind.Word && Token.Keyword == keyword;

        public bool Named(string name) => Identifier is not null && string.Equals(Identifier, name, StringComparison.OrdinalIgnoreCase);
    }

    private static List<Tok> Tokenize(string sql)
    {
        var tokens = new List<Tok>();
        int position = 0;
        while (true)
        {
            position = Tokenizer.SkipTrivia(sql, position);
            if (position >= sql.Length) break;
            var token = Tokenizer.Next(sql, ref position, null);
            if (token.Kind is TokenKind.End) break;
            string text = sql.Substring(token.Start, token.Length);
            string? identifier = token.Kind switch
            {
                TokenKind.Word => text,
                TokenKind.QuotedIdentifier => token.Value,
                _ => null,
            };
            tokens.Add(new Tok(token, text, identifier));
        }
        return tokens;
    }

    /// <summary>True when <paramref name="sql"/> holds the keyword <paramref name="keyword"/> as a token.</summary>
    public static bool ContainsKeyword(string sql, Keyword keyword) => Tokenize(sql).Exists(t => t.Is(keyword));

    /// <summary>Quotes <paramref name="name"/> as SQLite writes identifiers: "name" with doubled quotes.</summary>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>True when <paramref name="name"/> can be written without quotes (a plain word that is not a keyword).</summary>
    public static bool IsPlainIdentifier(string name)
    {
        if (name.Length == 0 || !Tokenizer.IsIdStart(name[0])) return false;
        foreach (char c in name)
        {
            if (!Tokenizer.IsIdChar(c)) return false;
        }
        return KeywordTable.Lookup(name) == Keyword.None;
    }

    private static string Apply(string sql, List<(int Start, int Length, string Text)> edits)
    {
        if (edits.Count == 0) return sql;
        edits.Sort((a, b) => a.Start.CompareTo(b.Start));
        var sb = new System.Text.StringBuilder(sql.Length + 16 * edits.Count);
        int at = 0;
        foreach (var (start, length, text) in edits)
        {
            if (start < at) continue;
            sb.Append(sql, at, start - at).Append(text);
            at = start + length;
        }
        return sb.Append(sql, at, sql.Length - at).ToString();
    }

    /// <summary>Indexes of the tokens that name a table (FROM/JOIN/INTO/UPDATE/ON/TABLE/REFERENCES positions or qualifiers).</summary>
    private static List<int> TablePositions(List<Tok> t)
    {
        var result = new List<int>();
        // fromDepth: paren depths at which a FROM list is open (a comma there starts another table).
        var fromDepths = new Stack<int>();
        int depth = 0;
        for (int i = 0; i < t.Count; i++)
        {
            var tok = t[i];
            switch (tok.Kind)
            {
                case TokenKind.LeftParen:
                    depth++;
                    continue;
                case TokenKind.RightParen:
                    while (fromDepths.Count > 0 && fromDepths.Peek() >= depth) fromDepths.Pop();
                    depth--;
                    continue;
            }
            if (tok.Is(Keyword.From)) fromDepths.Push(depth);
            else if (tok.Kind == TokenKind.Word && tok.Token.Keyword is Keyword.Where or Keyword.Group or Keyword.Order or Keyword.Limit
                         or Keyword.Having or Keyword.Window or Keyword.Union or Keyword.Intersect or Keyword.Except or Keyword.Select
                         or Keyword.Values or Keyword.Set or Keyword.Returning or Keyword.End)
            {
                while (fromDepths.Count > 0 && fromDepths.Peek() >= depth) fromDepths.Pop();
            }
            if (tok.Identifier is null || IsStructuralKeyword(tok)) continue;
            bool qualifier = i + 1 < t.Count && t[i + 1].Kind == TokenKind.Dot && !(i > 0 && t[i - 1].Kind == TokenKind.Dot);
            if (qualifier)
            {
                // main.t: "main" is the schema, not a table.
                if (!(IsSchemaName(tok) && (IsTableContext(t, i) || InFromList(t, i, fromDepths, depth)))) result.Add(i);
                continue;
            }
            bool afterSchema = i >= 2 && t[i - 1].Kind == TokenKind.Dot && IsSchemaName(t[i - 2])
                && (IsTableContext(t, i - 2) || InFromList(t, i - 2, fromDepths, depth));
            if (afterSchema || IsTableContext(t, i)) { result.Add(i); continue; }
            if (InFromList(t, i, fromDepths, depth)) result.Add(i);
        }
        return result;
    }

    private static bool InFromList(List<Tok> t, int i, Stack<int> fromDepths, int depth) =>
        i > 0 && t[i - 1].Kind == TokenKind.Comma && fromDepths.Count > 0 && fromDepths.Peek() == depth;

    private static bool IsSchemaName(Tok tok) => tok.Named("main") || tok.Named("temp");

    private static bool IsStructuralKeyword(Tok tok) =>
        tok.Kind == TokenKind.Word && tok.Token.Keyword is Keyword.Select or Keyword.From or Keyword.Where or Keyword.On or Keyword.Join
            or Keyword.Set or Keyword.Values or Keyword.Default or Keyword.As or Keyword.Begin or Keyword.End or Keyword.When
            or Keyword.Then or Keyword.Else or Keyword.Case or Keyword.And or Keyword.Or or Keyword.Not or Keyword.Null
            or Keyword.Using or Keyword.Natural or Keyword.Left or Keyword.Inner or Keyword.Cross or Keyword.Outer
            or Keyword.Group or Keyword.Order or Keyword.By or Keyword.Limit or Keyword.Having;

    /// <summary>True when the token at <paramref name="i"/> stands where a table name goes.</summary>
    private static bool IsTableContext(List<Tok> t, int i)
    {
        if (i == 0) return false;
        var prev = t[i - 1];
        if (prev.Kind != TokenKind.Word) return false;
        switch (prev.Token.Keyword)
        {
            case Keyword.Table or Keyword.On or Keyword.From or Keyword.Join or Keyword.Into or Keyword.Update or Keyword.References:
                return true;
            case Keyword.Exists:
                return i >= 4 && t[i - 4].Is(Keyword.Table);
            case Keyword.Replace or Keyword.Ignore or Keyword.Abort or Keyword.Fail or Keyword.Rollback:
                return i >= 3 && t[i - 2].Is(Keyword.Or) && t[i - 3].Is(Keyword.Update);
            default:
                return false;
        }
    }

    /// <summary>Rewrites every reference to table <paramref name="oldName"/> in <paramref name="sql"/> as <paramref name="newName"/>.</summary>
    public static string RenameTable(string sql, string oldName, string newName)
    {
        var t = Tokenize(sql);
        var edits = new List<(int, int, string)>();
        foreach (int i in TablePositions(t))
        {
            if (t[i].Named(oldName)) edits.Add((t[i].Token.Start, t[i].Token.Length, Quote(newName)));
        }
        return Apply(sql, edits);
    }

    /// <summary>True when <paramref name="sql"/> mentions table <paramref name="table"/> as a table (source, target or qualifier).</summary>
    public static bool ReferencesTable(string sql, string table)
    {
        var t = Tokenize(sql);
        foreach (int i in TablePositions(t))
        {
            if (t[i].Named(table)) return true;
        }
        return false;
    }

    /// <summary>
    /// Finds the references to column <paramref name="column"/> of <paramref name="table"/> in a view or trigger
    /// (or any statement that is not the table's own CREATE TABLE): tokens qualified by the table, one of its aliases
    /// or (in a trigger on the table) NEW/OLD, and unqualified tokens when the table is a source of the statement.
    /// Returns the token indexes; <paramref name="written"/> gets the first reference as written (e.g. "new.h").
    /// </summary>
    private static List<int> ColumnReferences(List<Tok> t, string table, string column, bool triggerOnTable, out string? written)
    {
        written = null;
        var result = new List<int>();
        var tablePositions = new HashSet<int>(TablePositions(t));
        var qualifiers = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { table };
        bool isSource = false;
        foreach (int i in tablePositions)
        {
            if (!t[i].Named(table) || (i + 1 < t.Count && t[i + 1].Kind == TokenKind.Dot)) continue;
            isSource = true;
            int a = i + 1;
            if (a < t.Count && t[a].Is(Keyword.As)) a++;
            if (a < t.Count && t[a].Identifier is not null && !IsStructuralKeyword(t[a]) && t[a].Token.Keyword is Keyword.None)
                qualifiers.Add(t[a].Identifier!);
        }
        if (triggerOnTable)
        {
            qualifiers.Add("new");
            qualifiers.Add("old");
        }
        // The column list of INSERT INTO table (...) names the table's columns.
        var insertColumns = new HashSet<int>();
        for (int i = 0; i + 1 < t.Count; i++)
        {
            if (!tablePositions.Contains(i) || !t[i].Named(table) || i == 0 || !t[i - 1].Is(Keyword.Into)) continue;
            if (t[i + 1].Kind != TokenKind.LeftParen) continue;
            for (int k = i + 2; k < t.Count && t[k].Kind != TokenKind.RightParen; k++) insertColumns.Add(k);
        }
        for (int i = 0; i < t.Count; i++)
        {
            var tok = t[i];
            if (!tok.Named(column) || tablePositions.Contains(i)) continue;
            if (i + 1 < t.Count && t[i + 1].Kind is TokenKind.LeftParen or TokenKind.Dot) continue;
            bool qualified = i >= 2 && t[i - 1].Kind == TokenKind.Dot;
            if (qualified)
            {
                if (!qualifiers.Contains(t[i - 2].Identifier ?? "")) continue;
                written ??= t[i - 2].Text + "." + tok.Text;
            }
            else
            {
                if (i > 0 && (t[i - 1].Is(Keyword.As) || t[i - 1].Is(Keyword.Collate))) continue;
                if (!isSource && !insertColumns.Contains(i)) continue;
                written ??= tok.Text;
            }
            result.Add(i);
        }
        return result;
    }

    /// <summary>True when a view or trigger reads or writes column <paramref name="column"/> of <paramref name="table"/>.</summary>
    public static bool ReferencesColumn(string sql, string table, string column, bool triggerOnTable, out string? written) =>
        ColumnReferences(Tokenize(sql), table, column, triggerOnTable, out written).Count > 0;

    /// <summary>Renames column references in a view or trigger (see <see cref="ColumnReferences"/>).</summary>
    public static string RenameColumnInStatement(string sql, string table, string oldName, string newName, bool triggerOnTable)
    {
        var t = Tokenize(sql);
        var edits = new List<(int, int, string)>();
        foreach (int i in ColumnReferences(t, table, oldName, triggerOnTable, out _))
            edits.Add((t[i].Token.Start, t[i].Token.Length, ColumnName(t[i], newName)));
        return Apply(sql, edits);
    }

    private static string ColumnName(Tok original, string newName) =>
        original.Kind == TokenKind.QuotedIdentifier || !IsPlainIdentifier(newName) ? Quote(newName) : newName;

    /// <summary>
    /// Renames a column inside CREATE TABLE <paramref name="table"/> text: its definition and its uses in column and
    /// table constraints (not type names, collation names or other tables' column lists).
    /// </summary>
    public static string RenameColumnInTable(string sql, string table, string oldName, string newName)
    {
        var t = Tokenize(sql);
        var edits = new List<(int, int, string)>();
        foreach (int i in ColumnPositionsInTable(t, table, oldName))
            edits.Add((t[i].Token.Start, t[i].Token.Length, ColumnName(t[i], newName)));
        return Apply(sql, edits);
    }

    /// <summary>
    /// Where CREATE TABLE text still uses <paramref name="column"/> (after its definition was removed): null when
    /// nowhere, "fk" when in a FOREIGN KEY column list, otherwise "constraint".
    /// </summary>
    public static string? TableUseOfColumn(string sql, string table, string column)
    {
        var t = Tokenize(sql);
        string? use = null;
        foreach (int i in ColumnPositionsInTable(t, table, column))
        {
            int k = i - 1;
            while (k >= 0 && t[k].Kind is TokenKind.Word or TokenKind.QuotedIdentifier or TokenKind.Comma && !t[k].Is(Keyword.Key)) k--;
            bool inForeignKey = k >= 2 && t[k].Kind == TokenKind.LeftParen && t[k - 1].Is(Keyword.Key) && t[k - 2].Is(Keyword.Foreign);
            if (inForeignKey) return "fk";
            use = "constraint";
        }
        return use;
    }

    private static List<int> ColumnPositionsInTable(List<Tok> t, string table, string oldName)
    {
        var result = new List<int>();
        int open = t.FindIndex(x => x.Kind == TokenKind.LeftParen);
        if (open < 0) return result;
        int depth = 0;
        bool atDefinitionStart = true, inTypeName = false;
        string? referencedTable = null;
        int referencesDepth = -1;
        for (int i = open; i < t.Count; i++)
        {
            var tok = t[i];
            if (tok.Kind == TokenKind.LeftParen)
            {
                depth++;
                inTypeName = false;
                if (depth == 1) atDefinitionStart = true;
                continue;
            }
            if (tok.Kind == TokenKind.RightParen)
            {
                if (depth == referencesDepth) { referencedTable = null; referencesDepth = -1; }
                depth--;
                continue;
            }
            if (depth == 1 && tok.Kind == TokenKind.Comma)
            {
                atDefinitionStart = true;
                inTypeName = false;
                referencedTable = null;
                continue;
            }
            if (depth == 1 && atDefinitionStart)
            {
                atDefinitionStart = false;
                bool tableConstraint = tok.Kind == TokenKind.Word && tok.Token.Keyword is Keyword.Constraint or Keyword.Primary or Keyword.Unique
                    or Keyword.Check or Keyword.Foreign;
                if (!tableConstraint)
                {
                    if (tok.Named(oldName)) result.Add(i);
                    inTypeName = true;
                    continue;
                }
            }
            if (depth == 1 && inTypeName)
            {
                if (tok.Kind == TokenKind.Word && tok.Token.Keyword is Keyword.Constraint or Keyword.Primary or Keyword.Not or Keyword.Null
                        or Keyword.Unique or Keyword.Check or Keyword.Default or Keyword.Collate or Keyword.References or Keyword.Generated
                        or Keyword.As)
                    inTypeName = false;
                else
                    continue;
            }
            if (tok.Is(Keyword.References))
            {
                if (i + 1 < t.Count && t[i + 1].Identifier is { } target)
                {
                    referencedTable = target;
                    referencesDepth = depth + 1;
                    i++;
                }
                continue;
            }
            if (i > 0 && t[i - 1].Is(Keyword.Collate)) continue;
            if (!tok.Named(oldName)) continue;
            if (referencedTable is not null && depth >= referencesDepth)
            {
                if (!string.Equals(referencedTable, table, StringComparison.OrdinalIgnoreCase)) continue;
            }
            if (i + 1 < t.Count && t[i + 1].Kind is TokenKind.LeftParen or TokenKind.Dot) continue;
            if (i >= 2 && t[i - 1].Kind == TokenKind.Dot && !t[i - 2].Named(table)) continue;
            result.Add(i);
        }
        return result;
    }

    /// <summary>
    /// Renames a column inside CREATE INDEX text (its column list and WHERE clause), or inside another table's
    /// REFERENCES <paramref name="table"/>(columns) lists.
    /// </summary>
    public static string RenameColumnInIndexOrReferences(string sql, string table, string oldName, string newName, bool isIndex)
    {
        var t = Tokenize(sql);
        var edits = new List<(int, int, string)>();
        if (isIndex)
        {
            int on = t.FindIndex(x => x.Is(Keyword.On));
            for (int i = on + 2; on >= 0 && i < t.Count; i++)
            {
                var tok = t[i];
                if (!tok.Named(oldName) || (i > 0 && t[i - 1].Is(Keyword.Collate))) continue;
                if (i + 1 < t.Count && t[i + 1].Kind is TokenKind.LeftParen or TokenKind.Dot) continue;
                edits.Add((tok.Token.Start, tok.Token.Length, ColumnName(tok, newName)));
            }
            return Apply(sql, edits);
        }
        for (int i = 0; i + 2 < t.Count; i++)
        {
            if (!t[i].Is(Keyword.References) || !t[i + 1].Named(table) || t[i + 2].Kind != TokenKind.LeftParen) continue;
            for (int k = i + 3; k < t.Count && t[k].Kind != TokenKind.RightParen; k++)
            {
                if (t[k].Named(oldName)) edits.Add((t[k].Token.Start, t[k].Token.Length, ColumnName(t[k], newName)));
            }
        }
        return Apply(sql, edits);
    }

    /// <summary>True when CREATE INDEX text uses <paramref name="column"/> (in its column list or WHERE clause).</summary>
    public static bool IndexUsesColumn(string sql, string column)
    {
        var t = Tokenize(sql);
        int on = t.FindIndex(x => x.Is(Keyword.On));
        for (int i = on + 2; on >= 0 && i < t.Count; i++)
        {
            if (t[i].Named(column) && !t[i - 1].Is(Keyword.Collate) && !(i + 1 < t.Count && t[i + 1].Kind == TokenKind.LeftParen)) return true;
        }
        return false;
    }

    /// <summary>
    /// The span of column <paramref name="index"/>'s definition in CREATE TABLE text, including the separating comma
    /// (the one after it, or for the last column definition the one before it), for DROP COLUMN.
    /// </summary>
    public static (int Start, int End) ColumnDefinitionSpan(string sql, int index)
    {
        var t = Tokenize(sql);
        int open = t.FindIndex(x => x.Kind == TokenKind.LeftParen);
        var starts = new List<int>();   // token index of each definition's first token
        var commas = new List<int>();   // token index of the comma ending each definition (or the closing paren)
        int depth = 0;
        for (int i = open; i < t.Count; i++)
        {
            if (t[i].Kind == TokenKind.LeftParen)
            {
                if (++depth == 1 && i + 1 < t.Count) starts.Add(i + 1);
                continue;
            }
            if (t[i].Kind == TokenKind.RightParen)
            {
                if (depth-- == 1) { commas.Add(i); break; }
                continue;
            }
            if (depth == 1 && t[i].Kind == TokenKind.Comma)
            {
                commas.Add(i);
                starts.Add(i + 1);
            }
        }
        int first = t[starts[index]].Token.Start;
        bool lastColumn = index + 1 >= starts.Count || IsTableConstraintStart(t[starts[index + 1]]);
        if (!lastColumn) return (first, t[starts[index + 1]].Token.Start);
        // The last column definition: remove from the end of the previous definition to the end of this one.
        var previousEnd = t[commas[index - 1] - 1].Token;
        var lastToken = t[commas[index] - 1].Token;
        return (previousEnd.Start + previousEnd.Length, lastToken.Start + lastToken.Length);
    }

    /// <summary>The offset just after the last column definition in CREATE TABLE text (where ADD COLUMN inserts).</summary>
    public static int EndOfColumnDefinitions(string sql)
    {
        var t = Tokenize(sql);
        int open = t.FindIndex(x => x.Kind == TokenKind.LeftParen);
        int depth = 0;
        int lastEnd = -1;
        for (int i = open; i < t.Count; i++)
        {
            var tok = t[i];
            if (tok.Kind == TokenKind.LeftParen) depth++;
            else if (tok.Kind == TokenKind.RightParen && --depth == 0) return t[i - 1].Token.Start + t[i - 1].Token.Length;
            else if (depth == 1 && tok.Kind == TokenKind.Comma && i + 1 < t.Count && IsTableConstraintStart(t[i + 1]))
                return t[i - 1].Token.Start + t[i - 1].Token.Length;
            lastEnd = tok.Token.Start + tok.Token.Length;
        }
        return lastEnd;
    }

    private static bool IsTableConstraintStart(Tok tok) =>
        tok.Kind == TokenKind.Word && tok.Token.Keyword is Keyword.Constraint or Keyword.Primary or Keyword.Unique or Keyword.Check or Keyword.Foreign;
}
