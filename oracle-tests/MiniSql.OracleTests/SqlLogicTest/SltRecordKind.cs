namespace MiniSql.OracleTests.SqlLogicTest;

/// <summary>The kinds of record in a sqllogictest script.</summary>
internal enum SltRecordKind
{
    /// <summary><c>statement ok</c> / <c>statement error</c>.</summary>
    Statement,

    /// <summary><c>query &lt;types&gt; [&lt;sort&gt; [&lt;label&gt;]]</c>.</summary>
    Query,

    /// <summary><c>hash-threshold N</c>.</summary>
    HashThreshold,

    /// <summary><c>halt</c>: stop the file.</summary>
    Halt,

    /// <summary>A record whose first line names no known command (reported as a failure).</summary>
    Unknown,
}
