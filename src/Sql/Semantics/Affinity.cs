namespace MiniSql.Sql.Semantics;

/// <summary>
/// SQLite's type affinities ("Datatypes In SQLite" section 3). <see cref="None"/> is the affinity of an
/// expression that is not a column or CAST; it differs from <see cref="Blob"/> only in comparisons (section 4.2).
/// </summary>
public enum Affinity : byte
{
    /// <summary>No affinity (an expression such as a literal or a function result).</summary>
    None = 0,
    /// <summary>BLOB affinity (formerly "NONE"): values are stored as given.</summary>
    Blob = 1,
    /// <summary>TEXT affinity: numbers are converted to text.</summary>
    Text = 2,
    /// <summary>NUMERIC affinity: well-formed numeric text becomes INTEGER or REAL, REAL becomes INTEGER when exact.</summary>
    Numeric = 3,
    /// <summary>INTEGER affinity: same as NUMERIC except in CAST.</summary>
    Integer = 4,
    /// <summary>REAL affinity: like NUMERIC but integers are forced to REAL.</summary>
    Real = 5,
}
