namespace MiniSql.OracleTests.SqlLogicTest;

/// <summary>A <c>skipif &lt;db&gt;</c> (<see cref="Skip"/> true) or <c>onlyif &lt;db&gt;</c> line before a record.</summary>
internal readonly record struct SltCondition(bool Skip, string Engine)
{
    /// <summary>True if this condition lets the record run on an engine of dialect <paramref name="dialect"/>.</summary>
    public bool Allows(string dialect)
    {
        bool same = string.Equals(Engine, dialect, StringComparison.OrdinalIgnoreCase);
        return Skip ? !same : same;
    }
}
