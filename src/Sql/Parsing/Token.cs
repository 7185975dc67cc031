namespace MiniSql.Sql.Parsing;

/// <summary>One token: its class, keyword (for words), source span and decoded value. Immutable.</summary>
internal readonly struct Token
{
    /// <summary>Creates a token.</summary>
    public Token(TokenKind kind, int start, int length, string? value = null, Keyword keyword = Keyword.None, int parameterIndex = 0)
    {
        Kind = kind;
        Start = start;
        Length = length;
        Value = value;
        Keyword = keyword;
        ParameterIndex = parameterIndex;
    }

    /// <summary>The token class.</summary>
    public TokenKind Kind { get; }

    /// <summary>For words: the keyword this word spells, or None.</summary>
    public Keyword Keyword { get; }

    /// <summary>Offset of the first character in the SQL text.</summary>
    public int Start { get; }

    /// <summary>Length in characters.</summary>
    public int Length { get; }

    /// <summary>Offset one past the last character.</summary>
    public int End => Start + Length;

    /// <summary>Decoded value: identifier name, string text, blob hex digits, or an Illegal token's message.</summary>
    public string? Value { get; }

    /// <summary>For variables: the 1-based parameter index SQLite assigns.</summary>
    public int ParameterIndex { get; }

    /// <summary>True when this is the given keyword.</summary>
    public bool Is(Keyword keyword) => Kind == TokenKind.Word && Keyword == keyword;

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Keyword} @{Start}+{Length} {Value}";
}
