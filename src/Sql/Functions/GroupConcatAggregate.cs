using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Functions;

/// <summary>
/// group_concat(X [, SEP]) and string_agg(X, SEP): the text of every non-NULL X joined by SEP (default ",";
/// each row's own SEP goes before its value; a NULL SEP adds nothing). NULL when every X is NULL.
/// </summary>
internal sealed class GroupConcatAggregate : IAggregate
{
    private List<byte>? _text;

    public void Step(ReadOnlySpan<SqlValue> args)
    {
        if (args[0].IsNull) return;
        if (_text is null) _text = new List<byte>();
        else
        {
            var separator = args.Length >= 2 ? SqlConvert.ToTextBytes(args[1]) : [(byte)','];
            if (separator is not null) _text.AddRange(separator);
        }
        _text.AddRange(SqlConvert.ToTextBytes(args[0])!);
        if (_text.Count > 1_000_000_000) ThrowHelper.Throw(ResultCode.TooBig, "string or blob too big");
    }

    public SqlValue Finish() => _text is null ? SqlValue.Null : SqlValue.TextUtf8(_text.ToArray());
}
