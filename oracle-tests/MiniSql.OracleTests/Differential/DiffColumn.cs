namespace MiniSql.OracleTests.Differential;

/// <summary>One generated column: name, declared type ("" for none) and constraints.</summary>
internal sealed record DiffColumn(string Name, string Type, bool IsIntegerPrimaryKey, bool NotNull, bool Unique, string? Collation)
{
    /// <summary>The column definition as written in CREATE TABLE.</summary>
    public string Definition()
    {
        var parts = new List<string> { Name };
        if (Type.Length > 0) parts.Add(Type);
        if (IsIntegerPrimaryKey) parts.Add("PRIMARY KEY");
        if (NotNull) parts.Add("NOT NULL");
        if (Unique) parts.Add("UNIQUE");
        if (Collation is not null) parts.Add("COLLATE " + Collation);
        return string.Join(' ', parts);
    }
}
