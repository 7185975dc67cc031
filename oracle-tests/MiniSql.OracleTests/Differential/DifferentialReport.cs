using System.Globalization;
using System.Text;

namespace MiniSql.OracleTests.Differential;

/// <summary>Counts and mismatches of one differential run (one seed).</summary>
internal sealed class DifferentialReport
{
    /// <summary>Creates an empty report.</summary>
    public DifferentialReport(int seed, string oracle, string subject)
    {
        Seed = seed;
        Oracle = oracle;
        Subject = subject;
    }

    /// <summary>Generator seed.</summary>
    public int Seed { get; }

    /// <summary>Oracle engine name.</summary>
    public string Oracle { get; }

    /// <summary>Subject engine name.</summary>
    public string Subject { get; }

    /// <summary>Setup statements run (schema and data).</summary>
    public int SetupStatements { get; set; }

    /// <summary>Setup statements the oracle rejected.</summary>
    public int SetupErrors { get; set; }

    /// <summary>Cases run.</summary>
    public int Cases { get; set; }

    /// <summary>Of those, queries.</summary>
    public int Queries { get; set; }

    /// <summary>Of those, INSERT/UPDATE/DELETE statements.</summary>
    public int Mutations { get; set; }

    /// <summary>Of those, transaction-control statements.</summary>
    public int TransactionStatements { get; set; }

    /// <summary>Comparisons made (cases plus the changes() and table checks after mutations).</summary>
    public int Comparisons { get; set; }

    /// <summary>Cases on which the oracle failed at prepare time.</summary>
    public int PrepareErrors { get; set; }

    /// <summary>Cases on which the oracle failed while stepping.</summary>
    public int StepErrors { get; set; }

    /// <summary>Queries the oracle answered with at least one row.</summary>
    public int NonEmptyQueries { get; set; }

    /// <summary>Queries compared in order (ORDER BY over every column).</summary>
    public int OrderedQueries { get; set; }

    /// <summary>Oracle error messages and how often each occurred.</summary>
    public Dictionary<string, int> ErrorMessages { get; } = new(StringComparer.Ordinal);

    /// <summary>The disagreements found (up to the runner's limit).</summary>
    public List<DiffMismatch> Mismatches { get; } = [];

    /// <summary>Wall-clock time.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>Share of cases on which the oracle raised an error.</summary>
    public double ErrorRate => Cases == 0 ? 0 : (double)(PrepareErrors + StepErrors) / Cases;

    /// <summary>One summary line.</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"seed {Seed}: {Cases} cases ({Queries} queries, {Mutations} mutations, {TransactionStatements} transaction, {OrderedQueries} ordered, {NonEmptyQueries} non-empty), " +
        $"{Comparisons} comparisons, {PrepareErrors} prepare + {StepErrors} step errors ({ErrorRate:P1}), " +
        $"setup {SetupStatements} ({SetupErrors} rejected), {Mismatches.Count} mismatches, {Elapsed.TotalSeconds:F1} s");

    /// <summary>Summary, the most frequent oracle errors, and the mismatches.</summary>
    public string ToText(int maxMismatches = 10)
    {
        var sb = new StringBuilder(Summary()).AppendLine();
        foreach (var (message, count) in ErrorMessages.OrderByDescending(kv => kv.Value).Take(8))
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {count,5} x {message}");
        foreach (var m in Mismatches.Take(maxMismatches)) sb.AppendLine(m.ToString());
        return sb.ToString();
    }
}
