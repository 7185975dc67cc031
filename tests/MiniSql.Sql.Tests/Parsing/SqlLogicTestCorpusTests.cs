using System.Diagnostics;
using System.Text;
using MiniSql.Sql.Parsing;
using Xunit.Abstractions;

namespace MiniSql.Sql.Tests.Parsing;

/// <summary>
/// Parses the SQL of every record SQLite runs in the shared sqllogictest corpus (../shared/sqllogictest, see its
/// SOURCE.md): "statement ok" and "query" records, except those marked "onlyif &lt;other engine&gt;" or
/// "skipif sqlite". Everything SQLite accepts must parse. To keep the suite fast, every record of the small files
/// (select1-5, evidence) and every <see cref="SampleStride"/>-th record of the large generated ones are parsed.
/// </summary>
public class SqlLogicTestCorpusTests(ITestOutputHelper output)
{
    /// <summary>Sampling stride for the large generated files (index/, random/).</summary>
    private const int SampleStride = 8;

    [Fact]
    public void EverySqliteRecordParses()
    {
        string root = FindCorpus();
        string[] files = Directory.GetFiles(root, "*.test", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        Assert.NotEmpty(files);
        int parsed = 0;
        var failures = new List<string>();
        var watch = Stopwatch.StartNew();
        foreach (string file in files)
        {
            bool large = file.Contains("random", StringComparison.Ordinal) || file.Contains("index", StringComparison.Ordinal);
            int ordinal = 0;
            foreach (string sql in Records(file))
            {
                if (large && ordinal++ % SampleStride != 0) continue;
                try
                {
                    var statements = SqlParser.ParseScript(sql);
                    Assert.NotEmpty(statements);
                    parsed++;
                }
                catch (MiniSqlException e)
                {
                    if (failures.Count < 50) failures.Add($"{Path.GetFileName(file)}: {e.Message}\n    {sql}");
                    else failures.Add("");
                }
            }
        }
        output.WriteLine($"parsed {parsed} records from {files.Length} files in {watch.ElapsedMilliseconds} ms; {failures.Count} failures");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(50)));
        Assert.True(parsed > 30_000, $"only {parsed} records parsed");
    }

    /// <summary>SQL text of the records SQLite executes in one .test file.</summary>
    internal static IEnumerable<string> Records(string file)
    {
        using var reader = new StreamReader(file);
        bool skip = false;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.StartsWith("onlyif ", StringComparison.Ordinal))
            {
                if (!line.StartsWith("onlyif sqlite", StringComparison.Ordinal)) skip = true;
                continue;
            }
            if (line.StartsWith("skipif ", StringComparison.Ordinal))
            {
                if (line.StartsWith("skipif sqlite", StringComparison.Ordinal)) skip = true;
                continue;
            }
            bool statement = line.StartsWith("statement ok", StringComparison.Ordinal);
            bool query = line.StartsWith("query ", StringComparison.Ordinal);
            if (!statement && !query)
            {
                if (line.Length == 0) skip = false;
                continue;
            }
            var sql = new StringBuilder();
            while ((line = reader.ReadLine()) is not null && line.Length > 0 && line != "----")
                sql.Append(line).Append('\n');
            if (!skip) yield return sql.ToString();
            skip = false;
            // skip the expected results of a query
            while (line is not null && line.Length > 0) line = reader.ReadLine();
        }
    }

    internal static string FindCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "sqllogictest");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("shared/sqllogictest corpus not found above " + AppContext.BaseDirectory);
    }
}
