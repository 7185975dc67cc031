using System.Globalization;

namespace MiniSql.OracleTests.SqlLogicTest;

// Parses the sqllogictest script format (see shared/sqllogictest/SOURCE.md):
//
//   - line oriented; a trailing '\r' is removed; a line holding only whitespace is blank;
//   - a line starting with '#' is a comment, removed before parsing (it does not end a record);
//   - records are separated by one or more blank lines;
//   - a record may start with any number of "skipif <db>" / "onlyif <db>" lines (text after <db> ignored);
//   - "statement ok|error" + SQL lines;
//   - "query <types> [<sort> [<label>]]" + SQL lines + "----" + expected lines (one value per line, or one line
//     "<n> values hashing to <md5>");
//   - "hash-threshold <n>", "halt".

/// <summary>Parser of sqllogictest scripts into <see cref="SltRecord"/>s.</summary>
internal static class SltParser
{
    /// <summary>Parses a whole script.</summary>
    public static List<SltRecord> Parse(string text)
    {
        var records = new List<SltRecord>();
        var block = new List<(int Line, string Text)>();
        int lineNumber = 0;
        int start = 0;
        while (start <= text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl;
            string line = text[start..end];
            if (line.EndsWith('\r')) line = line[..^1];
            lineNumber++;
            if (line.StartsWith('#'))
            {
                // A comment: dropped, does not end the record.
            }
            else if (string.IsNullOrWhiteSpace(line))
            {
                if (block.Count > 0) records.Add(ParseRecord(block));
                block.Clear();
            }
            else
            {
                block.Add((lineNumber, line));
            }
            if (nl < 0) break;
            start = nl + 1;
        }
        if (block.Count > 0) records.Add(ParseRecord(block));
        return records;
    }

    /// <summary>Parses one non-empty block of lines (comments already removed).</summary>
    private static SltRecord ParseRecord(List<(int Line, string Text)> block)
    {
        int firstLine = block[0].Line;
        var conditions = new List<SltCondition>();
        int i = 0;
        for (; i < block.Count; i++)
        {
            string[] words = Words(block[i].Text);
            if (words.Length >= 2 && (words[0] == "skipif" || words[0] == "onlyif"))
                conditions.Add(new SltCondition(words[0] == "skipif", words[1]));
            else
                break;
        }
        if (i == block.Count)
        {
            return new SltRecord { Kind = SltRecordKind.Unknown, Line = firstLine, Conditions = conditions, Command = block[^1].Text };
        }

        string command = block[i].Text;
        string[] head = Words(command);
        var rest = block.Skip(i + 1).Select(l => l.Text).ToList();
        switch (head[0])
        {
            case "statement" when head.Length >= 2 && (head[1] == "ok" || head[1] == "error"):
                return new SltRecord
                {
                    Kind = SltRecordKind.Statement,
                    Line = firstLine,
                    Conditions = conditions,
                    ExpectError = head[1] == "error",
                    Sql = string.Join('\n', rest),
                };
            case "query" when head.Length >= 2:
            {
                int separator = rest.IndexOf("----");
                var sort = head.Length >= 3 ? ParseSortMode(head[2]) : SltSortMode.NoSort;
                if (sort is null)
                {
                    return new SltRecord { Kind = SltRecordKind.Unknown, Line = firstLine, Conditions = conditions, Command = command };
                }
                return new SltRecord
                {
                    Kind = SltRecordKind.Query,
                    Line = firstLine,
                    Conditions = conditions,
                    ColumnTypes = head[1],
                    SortMode = sort.Value,
                    Label = head.Length >= 4 ? head[3] : null,
                    Sql = string.Join('\n', separator < 0 ? rest : rest.Take(separator)),
                    HasExpected = separator >= 0,
                    Expected = separator < 0 ? [] : rest.Skip(separator + 1).ToList(),
                };
            }
            case "hash-threshold" when head.Length >= 2 && int.TryParse(head[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n):
                return new SltRecord { Kind = SltRecordKind.HashThreshold, Line = firstLine, Conditions = conditions, Threshold = n };
            case "halt":
                return new SltRecord { Kind = SltRecordKind.Halt, Line = firstLine, Conditions = conditions };
            default:
                return new SltRecord { Kind = SltRecordKind.Unknown, Line = firstLine, Conditions = conditions, Command = command };
        }
    }

    private static SltSortMode? ParseSortMode(string word) => word switch
    {
        "nosort" => SltSortMode.NoSort,
        "rowsort" => SltSortMode.RowSort,
        "valuesort" => SltSortMode.ValueSort,
        _ => null,
    };

    private static string[] Words(string line) =>
        line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
}
