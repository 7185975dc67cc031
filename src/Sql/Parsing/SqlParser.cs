// SqlParser.cs — public entry points of the SQL front end's parser (SQLite's tokenize.c + parse.y counterpart).
//
// Pipeline for one statement (StatementParser):
//   1. Tokenizer: hand-written, SQLite's tokenizer rules; one statement at a time (through its ';', or through
//      "END ;" for CREATE TRIGGER), so a bad token later in a script never hides an earlier statement. Parameter
//      indexes are assigned here in textual order (ParameterNumbering). Unrecognized input becomes an Illegal token
//      carrying SQLite's message. The same pass measures parenthesis/CASE nesting (stack bound, see StatementParser).
//   2. Grammar: Pidgin parsers over the token array, built once in static readonly fields (ExpressionGrammar,
//      SelectGrammar, StatementGrammar; Rec for recursion). Operators use one precedence-climbing Pidgin parser
//      (PrecedenceParser). Identifier classes follow SQLite's fallback rule (Lexemes: id / nm / ids).
//   3. Errors: every failed token match records its position (ParseContext); on failure the furthest position is
//      the token SQLite's LALR parser would have stopped at: 'near "X": syntax error', "incomplete input" at the end,
//      or the Illegal token's own message. MiniSqlException.ErrorOffset holds the character offset.
//
// Invariants:
//  P1. Statement.Start..End is the exact source text of the statement (what sqlite_schema.sql stores).
//  P2. The tail offset returned by ParseStatement is just after the statement's ';' (sqlite3_prepare's pzTail).
//  P3. No input can overflow the stack: nesting is bounded before parsing and guarded during it.

using System.Collections.Immutable;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Parsing;

using Statement = MiniSql.Sql.Parsing.Ast.Statement;

/// <summary>
/// Entry points of the SQL parser (SQLite dialect, "SQL As Understood By SQLite"). Thread-safe: the grammar is
/// built once in static fields; each call allocates only its tokens and AST.
/// </summary>
public static class SqlParser
{
    /// <summary>
    /// Parses one statement starting at <paramref name="start"/>. The statement ends at ';' or at the end of the text.
    /// </summary>
    /// <param name="sql">The SQL text.</param>
    /// <param name="start">Offset where parsing starts.</param>
    /// <param name="end">
    /// Offset where the unparsed tail begins (just after the terminating ';', or <c>sql.Length</c>), like the tail of
    /// sqlite3_prepare.
    /// </param>
    /// <returns>
    /// The statement, or null when there is no statement here: only whitespace/comments remain (end = sql.Length) or
    /// an empty statement ";" (end is after it). Loop while <c>end &lt; sql.Length</c> to walk a script.
    /// </returns>
    /// <exception cref="MiniSqlException">ResultCode.Error with SQLite's message ("near \"X\": syntax error",
    /// "incomplete input", "unrecognized token: ..."); <see cref="MiniSqlException.ErrorOffset"/> is set.</exception>
    public static Statement? ParseStatement(string sql, int start, out int end) =>
        StatementParser.Parse(sql, start, out end);

    /// <summary>Parses every statement of a script (empty statements are skipped).</summary>
    /// <exception cref="MiniSqlException">On the first syntax error.</exception>
    public static ImmutableArray<Statement> ParseScript(string sql)
    {
        var builder = ImmutableArray.CreateBuilder<Statement>();
        int position = 0;
        while (position < sql.Length)
        {
            Statement? statement = ParseStatement(sql, position, out int end);
            if (statement is not null) builder.Add(statement);
            position = end;
        }
        return builder.ToImmutable();
    }

    /// <summary>Parses a lone expression (e.g. a DEFAULT or CHECK expression text from the schema).</summary>
    /// <exception cref="MiniSqlException">On a syntax error or trailing text.</exception>
    public static Expr ParseExpression(string sql) => StatementParser.ParseExpression(sql);

    /// <summary>True when only whitespace and comments remain from <paramref name="start"/> on.</summary>
    public static bool IsBlank(string sql, int start) => Tokenizer.IsBlank(sql, start);

    /// <summary>
    /// sqlite3_complete semantics: true when the text ends with a ';' that is outside strings, identifiers, comments
    /// and outside a CREATE TRIGGER body (which needs its "END;").
    /// </summary>
    public static bool IsComplete(string sql) => CompletenessChecker.IsComplete(sql);
}
