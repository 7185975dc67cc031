using System.Text;

namespace MiniSql.Shell;

/// <summary>
/// RFC 4180 record reader: fields separated by commas, records by CRLF or LF; a field in double quotes may hold
/// commas, line breaks and doubled quotes. Not thread-safe.
/// </summary>
internal sealed class CsvReader
{
    private readonly TextReader _reader;
    private int _line = 1;

    /// <summary>Reads from <paramref name="reader"/>.</summary>
    public CsvReader(TextReader reader) => _reader = reader;

    /// <summary>1-based line on which the last record returned by <see cref="ReadRecord"/> started.</summary>
    public int RecordStartLine { get; private set; }

    /// <summary>The next record's fields, or null at end of input.</summary>
    public List<string>? ReadRecord()
    {
        if (_reader.Peek() < 0) return null;
        RecordStartLine = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        while (true)
        {
            int c = _reader.Read();
            if (c < 0) { fields.Add(field.ToString()); return fields; }
            if (quoted)
            {
                if (c == '"')
                {
                    if (_reader.Peek() == '"') { _reader.Read(); field.Append('"'); }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') _line++;
                    field.Append((char)c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !wasQuoted:
                    quoted = wasQuoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                    break;
                case '\r' when _reader.Peek() == '\n':
                    break;
                case '\n':
                    _line++;
                    fields.Add(field.ToString());
                    return fields;
                default:
                    field.Append((char)c);
                    break;
            }
        }
    }
}
