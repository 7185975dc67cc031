namespace MiniSql.Sql.Parsing;

/// <summary>Token classes produced by <see cref="Tokenizer"/> (SQLite tokenizer rules, lang_expr / tokenize).</summary>
internal enum TokenKind : byte
{
    /// <summary>End of input (synthetic, zero length).</summary>
    End,
    /// <summary>A token SQLite cannot recognize; Value holds the error message.</summary>
    Illegal,
    Semicolon,
    /// <summary>A bare word: an identifier or a keyword (Token.Keyword).</summary>
    Word,
    /// <summary>"quoted", [bracketed] or `backticked` identifier; Value is the unquoted name.</summary>
    QuotedIdentifier,
    /// <summary>'string' literal; Value is the unescaped text.</summary>
    String,
    /// <summary>x'hex' blob literal; Value is the hex digits.</summary>
    Blob,
    /// <summary>Integer literal (decimal or 0x hex); Value is null, the text is the token's source span.</summary>
    Integer,
    /// <summary>Floating point literal; Value is null, the text is the token's source span.</summary>
    Float,
    /// <summary>Parameter ?, ?NNN, :name, @name, $name; Token.ParameterIndex is its index.</summary>
    Variable,
    LeftParen, RightParen, Comma, Dot,
    Plus, Minus, Star, Slash, Percent,
    Concat, Arrow, DoubleArrow,
    Equal, DoubleEqual, NotEqual, LessGreater, Less, LessEqual, Greater, GreaterEqual,
    ShiftLeft, ShiftRight, BitAnd, BitOr, BitNot,
}
