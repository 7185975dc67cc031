namespace MiniSql.Sql.Semantics;

/// <summary>The flags of one printf conversion ('-', '+', ' ', '#', '!', '0', ',').</summary>
internal struct PrintfFlags
{
    /// <summary>'-': pad on the right.</summary>
    public bool LeftJustify;

    /// <summary>'+' or ' ' to print before non-negative numbers, or '\0'.</summary>
    public char Prefix;

    /// <summary>'#': alternate form.</summary>
    public bool AlternateForm;

    /// <summary>'!': SQLite's second alternate form (more digits, widths in characters).</summary>
    public bool AlternateForm2;

    /// <summary>'0': pad numbers with zeros.</summary>
    public bool ZeroPad;

    /// <summary>',': thousands separators.</summary>
    public bool Thousands;
}
