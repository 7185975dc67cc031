using System.Globalization;
using System.Text;

namespace MiniSql.Shell;

/// <summary>
/// .import FILE TABLE: reads RFC 4180 CSV, creates TABLE from the header row when it does not exist (every column
/// TEXT, as sqlite3 does), and inserts all rows in one transaction. Owned by one shell command.
/// </summary>
internal sealed class CsvImporter
{
    private const int RowsPerStatement = 200;
    private const long ProgressThreshold = 1 << 20;
    private readonly IShellDatabase _db;
    private readonly TextWriter _errors;
    private readonly TextWriter? _progress;

    /// <summary>Creates an importer; <paramref name="progress"/> is the terminal to draw a progress bar on, or null.</summary>
    public CsvImporter(IShellDatabase db, TextWriter errors, TextWriter? progress)
    {
        _db = db;
        _errors = errors;
        _progress = progress;
    }

    /// <summary>The outcome of an import.</summary>
    public readonly record struct Result(long Rows, int Errors);

    /// <summary>Imports <paramref name="path"/> into <paramref name="table"/>.</summary>
    /// <exception cref="ShellSqlException">Creating the table or inserting failed; the transaction is rolled back.</exception>
    public Result Import(string path, string table)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var csv = new CsvReader(reader);
        long length = stream.Length;
        bool showProgress = _progress is not null && length >= ProgressThreshold;
        int errors = 0;

        string quoted = "\"" + table.Replace("\"", "\"\"") + "\"";
        int columnCount = ColumnCount(quoted);
        List<string>? fields;
        if (columnCount == 0)
        {
            var header = csv.ReadRecord();
            if (header is null) return new Result(0, 0);
            var create = new StringBuilder("CREATE TABLE ").Append(quoted).Append("(\n");
            for (int i = 0; i < header.Count; i++)
            {
                if (i > 0) create.Append(",\n");
                create.Append('"').Append(header[i].Replace("\"", "\"\"")).Append("\" TEXT");
            }
            create.Append(')');
            _db.Execute(create.ToString(), NullSink.Instance);
            columnCount = header.Count;
        }

        long rows = 0;
        int pending = 0;
        int lastPercent = -1;
        var batch = new StringBuilder();
        _db.Execute("BEGIN", NullSink.Instance);
        try
        {
            while ((fields = csv.ReadRecord()) is not null)
            {
                if (fields.Count == 1 && fields[0].Length == 0 && columnCount > 1) continue;
                if (fields.Count != columnCount)
                {
                    string tail = fields.Count < columnCount ? "filling the rest with NULL" : "extras ignored";
                    _errors.Write(string.Create(CultureInfo.InvariantCulture,
                        $"{path}:{csv.RecordStartLine}: expected {columnCount} columns but found {fields.Count} - {tail}\n"));
                    errors++;
                }
                batch.Append(pending == 0 ? "INSERT INTO " + quoted + " VALUES(" : ",(");
                for (int i = 0; i < columnCount; i++)
                {
                    if (i > 0) batch.Append(',');
                    batch.Append(i < fields.Count ? "'" + fields[i].Replace("'", "''") + "'" : "NULL");
                }
                batch.Append(')');
                rows++;
                if (++pending == RowsPerStatement)
                {
                    _db.Execute(batch.ToString(), NullSink.Instance);
                    batch.Clear();
                    pending = 0;
                    if (showProgress) DrawProgress(stream.Position, length, ref lastPercent);
                }
            }
            if (pending > 0) _db.Execute(batch.ToString(), NullSink.Instance);
            _db.Execute("COMMIT", NullSink.Instance);
        }
        catch
        {
            try { _db.Execute("ROLLBACK", NullSink.Instance); }
            catch (ShellSqlException) { /* the failed statement may already have ended the transaction */ }
            throw;
        }
        if (showProgress) { DrawProgress(length, length, ref lastPercent); _progress!.Write('\n'); }
        return new Result(rows, errors);
    }

    private void DrawProgress(long position, long length, ref int lastPercent)
    {
        int percent = (int)(position * 100 / Math.Max(1, length));
        if (percent == lastPercent) return;
        lastPercent = percent;
        int filled = percent * 40 / 100;
        _progress!.Write("\rimporting [" + new string('#', filled) + new string(' ', 40 - filled) + "] " + percent.ToString(CultureInfo.InvariantCulture).PadLeft(3) + "%");
        _progress.Flush();
    }

    private int ColumnCount(string quotedTable)
    {
        var counter = new ColumnCounter();
        try
        {
            _db.Execute("SELECT * FROM " + quotedTable + " LIMIT 0", counter);
        }
        catch (ShellSqlException)
        {
            return 0;
        }
        return counter.Count;
    }

    /// <summary>Discards results.</summary>
    private sealed class NullSink : IResultSink
    {
        public static readonly NullSink Instance = new();
        public void BeginResult(IReadOnlyList<string> columns) { }
        public void Row(object?[] values) { }
        public void EndResult() { }
    }

    /// <summary>Remembers how many columns a result has.</summary>
    private sealed class ColumnCounter : IResultSink
    {
        public int Count { get; private set; }
        public void BeginResult(IReadOnlyList<string> columns) => Count = columns.Count;
        public void Row(object?[] values) { }
        public void EndResult() { }
    }
}
