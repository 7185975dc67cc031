using MiniSql.Engine.Records;

namespace MiniSql.Sql.Functions;

/// <summary>
/// What a built-in function may ask of the statement that calls it: connection counters, randomness, the
/// statement's clock and the collation of the call's arguments. Supplied by the executor; one per statement.
/// Functions report errors by throwing <see cref="MiniSqlException"/> with SQLite's message.
/// </summary>
public interface IFunctionContext
{
    /// <summary>sqlite3_last_insert_rowid() of the connection.</summary>
    long LastInsertRowId { get; }

    /// <summary>Rows changed by the most recent INSERT, UPDATE or DELETE (sqlite3_changes64).</summary>
    long Changes { get; }

    /// <summary>Rows changed since the connection opened (sqlite3_total_changes64).</summary>
    long TotalChanges { get; }

    /// <summary>
    /// The current time for 'now' in date and time functions. SQLite keeps it constant for the duration of one
    /// statement (sqlite3StmtCurrentTime), so the executor should capture it once per step.
    /// </summary>
    DateTimeOffset CurrentTime { get; }

    /// <summary>The collation for functions that compare TEXT (min, max, nullif, ...); BINARY by default.</summary>
    CollatingSequence Collation { get; }

    /// <summary>Fills <paramref name="destination"/> with random bytes (sqlite3_randomness).</summary>
    void Randomness(Span<byte> destination);
}
