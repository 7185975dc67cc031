using System.Data.Common;
using System.Globalization;
using System.Text;

namespace MiniSql.OracleTests.Provider;

/// <summary>
/// The observable behaviour of one scenario run, as text: values with their .NET types, and exceptions with their
/// type (provider exceptions as "DbException"), result codes and message (provider type names normalised).
/// Two providers behave the same for a scenario when their transcripts are equal.
/// </summary>
public sealed class Transcript
{
    private readonly StringBuilder _text = new();

    /// <summary>Appends a labelled value.</summary>
    public void Add(string label, object? value) => _text.Append(label).Append(" = ").Append(Format(value)).Append('\n');

    /// <summary>Runs <paramref name="action"/>, recording "ok" or the exception it throws.</summary>
    public void Try(string label, Action action)
    {
        try
        {
            action();
            _text.Append(label).Append(": ok\n");
        }
        catch (Exception ex)
        {
            AddException(label, ex);
        }
    }

    /// <summary>Evaluates <paramref name="func"/>, recording its value or the exception it throws.</summary>
    public void Try(string label, Func<object?> func)
    {
        try
        {
            Add(label, func());
        }
        catch (Exception ex)
        {
            AddException(label, ex);
        }
    }

    /// <summary>Appends an exception.</summary>
    public void AddException(string label, Exception ex)
    {
        if (ex is AggregateException { InnerExceptions.Count: 1 } agg) ex = agg.InnerExceptions[0];
        if (ex is System.Reflection.TargetInvocationException { InnerException: { } inner }) ex = inner;
        var codes = ProviderTarget.Codes(ex);
        string type = codes is null ? ex.GetType().Name : "DbException";
        if (ex is OperationCanceledException) type = "OperationCanceledException";
        _text.Append(label).Append(": throws ").Append(type);
        if (codes is { } c) _text.Append(' ').Append(c.Code).Append('/').Append(c.Extended);
        _text.Append(" \"").Append(Normalize(ex.Message)).Append("\"\n");
    }

    /// <summary>Dumps every result set of a reader: columns, field types, data type names, typed values.</summary>
    public void Dump(DbDataReader reader)
    {
        int set = 0;
        do
        {
            Add($"set{set}.FieldCount", reader.FieldCount);
            Add($"set{set}.HasRows", reader.HasRows);
            for (int i = 0; i < reader.FieldCount; i++)
            {
                Add($"set{set}.col{i}", reader.GetName(i));
                Try($"set{set}.col{i}.DataTypeName", () => reader.GetDataTypeName(i));
                Try($"set{set}.col{i}.FieldType(before)", () => reader.GetFieldType(i));
            }
            int row = 0;
            while (reader.Read())
            {
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    Add($"set{set}.row{row}.{i}", reader.GetValue(i));
                    Add($"set{set}.row{row}.{i}.FieldType", reader.GetFieldType(i));
                    Add($"set{set}.row{row}.{i}.DataTypeName", reader.GetDataTypeName(i));
                }
                row++;
            }
            Add($"set{set}.rows", row);
            for (int i = 0; i < reader.FieldCount; i++) Try($"set{set}.col{i}.FieldType(after)", () => reader.GetFieldType(i));
            set++;
        }
        while (reader.NextResult());
        Add("RecordsAffected", reader.RecordsAffected);
    }

    /// <summary>Provider type names and message prefixes replaced so both providers' texts compare.</summary>
    public static string Normalize(string message) => message
        .Replace("the native SQLite library 'e_sqlite3' doesn't", "MiniSql doesn't", StringComparison.Ordinal)
        .Replace(" For a possible alternative, see https://go.microsoft.com/fwlink/?linkid=2142181.", string.Empty, StringComparison.Ordinal)
        .Replace("MiniSql", "Sqlite", StringComparison.Ordinal)
        .Replace("Microsoft.Data.Sqlite", "Sqlite", StringComparison.Ordinal)
        .Replace("'e_sqlite3' ", string.Empty, StringComparison.Ordinal)
        .Replace("native SQLite library doesn't", "Sqlite doesn't", StringComparison.Ordinal);

    /// <summary>A value with its type: "Int64:1", "String:'a'", "Byte[]:0102", "DBNull", "null".</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        DBNull => "DBNull",
        string s => "String:'" + s + "'",
        byte[] b => "Byte[]:" + Convert.ToHexString(b),
        Type t => "Type:" + Normalize(t.FullName ?? t.Name),
        System.Data.Common.DbDataReader => "reader",
        System.Data.Common.DbConnection => "connection",
        double d => "Double:" + d.ToString("R", CultureInfo.InvariantCulture),
        float f => "Single:" + f.ToString("R", CultureInfo.InvariantCulture),
        DateTime dt => "DateTime:" + dt.ToString("O", CultureInfo.InvariantCulture) + "/" + dt.Kind,
        DateTimeOffset dto => "DateTimeOffset:" + dto.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => value.GetType().Name + ":" + f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.GetType().Name + ":" + value,
    };

    /// <inheritdoc />
    public override string ToString() => _text.ToString();
}
