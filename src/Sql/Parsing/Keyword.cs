namespace MiniSql.Sql.Parsing;

/// <summary>
/// SQLite's keywords (lang_keywords: the 147 words that may be keywords in some build). None = not a keyword.
/// TRUE, FALSE and ROWID are not keywords: they are ordinary identifiers given meaning later.
/// </summary>
internal enum Keyword : byte
{
    None,
    Abort, Action, Add, After, All, Alter, Always, Analyze, And, As, Asc, Attach, Autoincrement,
    Before, Begin, Between, By,
    Cascade, Case, Cast, Check, Collate, Column, Commit, Conflict, Constraint, Create, Cross, Current,
    CurrentDate, CurrentTime, CurrentTimestamp,
    Database, Default, Deferrable, Deferred, Delete, Desc, Detach, Distinct, Do, Drop,
    Each, Else, End, Escape, Except, Exclude, Exclusive, Exists, Explain,
    Fail, Filter, First, Following, For, Foreign, From, Full,
    Generated, Glob, Group, Groups,
    Having,
    If, Ignore, Immediate, In, Index, Indexed, Initially, Inner, Insert, Instead, Intersect, Into, Is, Isnull,
    Join,
    Key,
    Last, Left, Like, Limit,
    Match, Materialized,
    Natural, No, Not, Nothing, Notnull, Null, Nulls,
    Of, Offset, On, Or, Order, Others, Outer, Over,
    Partition, Plan, Pragma, Preceding, Primary,
    Query,
    Raise, Range, Recursive, References, Regexp, Reindex, Release, Rename, Replace, Restrict, Returning, Right,
    Rollback, Row, Rows,
    Savepoint, Select, Set,
    Table, Temp, Temporary, Then, Ties, To, Transaction, Trigger,
    Unbounded, Union, Unique, Update, Using,
    Vacuum, Values, View, Virtual,
    When, Where, Window, With, Without,
}
