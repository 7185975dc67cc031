namespace MiniSql.OracleTests.SqlLogicTest;

/// <summary>One parsed sqllogictest record (immutable).</summary>
internal sealed class SltRecord
{
    /// <summary>Record kind.</summary>
    public required SltRecordKind Kind { get; init; }

    /// <summary>1-based line number of the record's first line (conditions included).</summary>
    public required int Line { get; init; }

    /// <summary><c>skipif</c>/<c>onlyif</c> lines before the command.</summary>
    public IReadOnlyList<SltCondition> Conditions { get; init; } = [];

    /// <summary>SQL text (statement or query), lines joined with '\n'.</summary>
    public string Sql { get; init; } = "";

    /// <summary>For statements: true for <c>statement error</c>.</summary>
    public bool ExpectError { get; init; }

    /// <summary>For queries: one type letter per column (I, R, T).</summary>
    public string ColumnTypes { get; init; } = "";

    /// <summary>For queries: the sort mode.</summary>
    public SltSortMode SortMode { get; init; }

    /// <summary>For queries: the label, or null.</summary>
    public string? Label { get; init; }

    /// <summary>For queries: false when the record has no <c>----</c> line (results are then not checked).</summary>
    public bool HasExpected { get; init; }

    /// <summary>For queries: the expected result lines after <c>----</c>.</summary>
    public IReadOnlyList<string> Expected { get; init; } = [];

    /// <summary>For <c>hash-threshold</c>: the new threshold.</summary>
    public int Threshold { get; init; }

    /// <summary>For unknown records: the first line, for the report.</summary>
    public string Command { get; init; } = "";

    /// <summary>True if every condition allows the record to run on <paramref name="dialect"/>.</summary>
    public bool RunsOn(string dialect)
    {
        foreach (var c in Conditions)
        {
            if (!c.Allows(dialect)) return false;
        }
        return true;
    }
}
