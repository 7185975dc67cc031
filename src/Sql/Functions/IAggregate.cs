using MiniSql.Engine.Records;

namespace MiniSql.Sql.Functions;

/// <summary>
/// The accumulator of one aggregate function over one group. The caller feeds each row's arguments to
/// <see cref="Step"/> (filtering duplicates itself for DISTINCT) and reads the result from <see cref="Finish"/>.
/// Owned by one statement; not thread-safe.
/// </summary>
public interface IAggregate
{
    /// <summary>Adds one row's arguments (empty for count(*)).</summary>
    void Step(ReadOnlySpan<SqlValue> args);

    /// <summary>The aggregate's value over the rows seen so far.</summary>
    /// <exception cref="MiniSqlException">"integer overflow" from sum().</exception>
    SqlValue Finish();
}
