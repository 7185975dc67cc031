using System.Text;
using Microsoft.Data.Sqlite;

namespace MiniSql.Shell.Tests;

/// <summary>.import of RFC 4180 CSV: table created from the header row, quoted fields, one transaction.</summary>
public sealed class ImportTests
{
    internal const int LineCount = 100_000;

    /// <summary>Writes a CSV of <see cref="LineCount"/> data rows with quoted commas, quotes and line breaks.</summary>
    internal static void WriteCsv(string path)
    {
        var sb = new StringBuilder("id,name,note\r\n");
        for (int i = 0; i < LineCount; i++)
        {
            sb.Append(i).Append(',');
            sb.Append(i % 7 == 0 ? "\"comma, \"\"quote\"\"\"" : "name" + i).Append(',');
            sb.Append(i % 1000 == 0 ? "\"multi\nline\"" : "ü" + (i * 3)).Append("\r\n");
        }
        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
    }

    [Fact]
    public void Import_creates_table_from_header_and_loads_every_row()
    {
        using var dir = TestShell.CreateTempDir();
        string csv = dir.File("data.csv"), db = dir.File("import.db");
        WriteCsv(csv);

        var (_, err, errors) = TestShell.Run(".import " + csv + " people\n", db);
        Assert.Equal("", err);
        Assert.Equal(0, errors);

        using var c = new SqliteConnection("Data Source=" + db + ";Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*), sum(id), (SELECT name FROM people WHERE id = '7'), (SELECT note FROM people WHERE id = '1000'), " +
                          "(SELECT group_concat(name || ':' || type) FROM pragma_table_info('people')) FROM people";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal((long)LineCount, r.GetInt64(0));
        Assert.Equal((long)LineCount * (LineCount - 1) / 2, r.GetInt64(1));
        Assert.Equal("comma, \"quote\"", r.GetString(2));
        Assert.Equal("multi\nline", r.GetString(3));
        Assert.Equal("id:TEXT,name:TEXT,note:TEXT", r.GetString(4));
    }

    [Fact]
    public void Import_into_existing_table_treats_first_row_as_data_and_pads_short_rows()
    {
        using var dir = TestShell.CreateTempDir();
        string csv = dir.File("short.csv");
        File.WriteAllText(csv, "1,2,3\n4,5\n");
        var (stdout, err, errors) = TestShell.Run("CREATE TABLE t(a, b, c);\n.import " + csv + " t\n.mode quote\nSELECT * FROM t;\n");
        Assert.Equal("'1','2','3'\n'4','5',NULL\n", stdout);
        Assert.Contains("short.csv:2: expected 3 columns but found 2 - filling the rest with NULL", err);
        Assert.Equal(1, errors);
    }
}
