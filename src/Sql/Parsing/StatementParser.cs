using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Parsing;

/// <summary>Drives tokenizing and the grammar for one statement.</summary>
internal static class StatementParser
{
    /// <summary>See <see cref="SqlParser.ParseStatement"/>.</summary>
    public static Statement? Parse(string sql, int start, out int end)
    {
        end = sql.Length;
        if (Tokenizer.IsBlank(sql, start)) return null;
        throw new MiniSqlException(ResultCode.Error, "SQL parser grammar not merged yet");
    }

    /// <summary>See <see cref="SqlParser.ParseExpression"/>.</summary>
    public static Expr ParseExpression(string sql) =>
        throw new MiniSqlException(ResultCode.Error, "SQL parser grammar not merged yet");
}
