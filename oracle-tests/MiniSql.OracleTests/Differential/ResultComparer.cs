using System.Globalization;
using System.Text;
using MiniSql.Engine.Records;
using MiniSql.OracleTests.Infrastructure;

namespace MiniSql.OracleTests.Differential;

/// <summary>
/// Compares two outcomes: prepare errors by code, extended code and message; results by column count, column
/// names (when both engines report them), step error,
/// and rows value by value and storage class by storage class (REALs bit for bit), in order or as multisets.
/// </summary>
internal static class ResultComparer
{
    /// <summary>Returns null when the outcomes agree, else the reason they do not.</summary>
    public static string? Difference(DiffOutcome oracle, DiffOutcome subject, DiffCompareMode mode)
    {
        if (oracle.Error is not null || subject.Error is not null)
        {
            if (oracle.Error is null) return "only the subject failed to prepare";
            if (subject.Error is null) return "only the oracle failed to prepare";
            return SameError(oracle.Error, subject.Error) ? null : "different prepare errors";
        }
        var o = oracle.Result!;
        var s = subject.Result!;
        if (o.ColumnCount != s.ColumnCount) return "different column counts";
        if (o.ColumnNames is not null && s.ColumnNames is not null && !o.ColumnNames.SequenceEqual(s.ColumnNames, StringComparer.Ordinal))
            return "different column names";
        if (o.StepError is not null || s.StepError is not null)
        {
            // Rows produced before a step error depend on the plan, so only the error is compared.
            if (o.StepError is null) return "only the subject failed while stepping";
            if (s.StepError is null) return "only the oracle failed while stepping";
            return SameError(o.StepError, s.StepError) ? null : "different step errors";
        }
        if (o.Rows.Count != s.Rows.Count) return "different row counts";
        return mode == DiffCompareMode.Ordered ? OrderedDifference(o.Rows, s.Rows) : UnorderedDifference(o.Rows, s.Rows, Key);
    }

    /// <summary>True if the rows agree once values that compare equal under some collation are treated alike:
    /// INTEGER and REAL by numeric value, TEXT with ASCII case folded and trailing spaces removed.</summary>
    public static bool SameUpToTies(DiffOutcome oracle, DiffOutcome subject) =>
        oracle.Result is { StepError: null } o && subject.Result is { StepError: null } s &&
        o.ColumnCount == s.ColumnCount && o.Rows.Count == s.Rows.Count &&
        UnorderedDifference(o.Rows, s.Rows, TieKey) is null;

    private static bool SameError(SqlEngineException a, SqlEngineException b) =>
        a.ResultCode == b.ResultCode && a.ExtendedResultCode == b.ExtendedResultCode && a.Message == b.Message;

    private static string? UnorderedDifference(IReadOnlyList<SqlValue[]> a, IReadOnlyList<SqlValue[]> b, Func<SqlValue[], string> key)
    {
        var x = a.Select(key).Order(StringComparer.Ordinal).ToList();
        var y = b.Select(key).Order(StringComparer.Ordinal).ToList();
        for (int i = 0; i < x.Count; i++)
        {
            if (x[i] != y[i]) return "different rows";
        }
        return null;
    }

    /// <summary>
    /// In-order comparison that tolerates permutations inside runs of rows that compare equal in every column
    /// (the ORDER BY cannot order them). The last run may have been cut by LIMIT, so there only equality under
    /// comparison is required.
    /// </summary>
    private static string? OrderedDifference(IReadOnlyList<SqlValue[]> a, IReadOnlyList<SqlValue[]> b)
    {
        int start = 0;
        while (start < a.Count)
        {
            int end = start + 1;
            while (end < a.Count && RowsCompareEqual(a[start], a[end])) end++;
            for (int i = start; i < end; i++)
            {
                if (!RowsCompareEqual(a[start], b[i])) return $"different rows at position {i}";
            }
            if (end < a.Count)
            {
                var x = a.Skip(start).Take(end - start).ToList();
                var y = b.Skip(start).Take(end - start).ToList();
                if (UnorderedDifference(x, y, Key) is not null) return $"different rows among equal-sorting rows at {start}..{end - 1}";
            }
            start = end;
        }
        return null;
    }

    /// <summary>Equal under ORDER BY with BINARY collation: NULLs tie, 1 ties 1.0, texts/blobs by bytes.</summary>
    private static bool RowsCompareEqual(SqlValue[] a, SqlValue[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (!CompareEqual(a[i], b[i])) return false;
        }
        return true;
    }

    private static bool CompareEqual(SqlValue a, SqlValue b)
    {
        bool aNum = a.Type is StorageClass.Integer or StorageClass.Real;
        bool bNum = b.Type is StorageClass.Integer or StorageClass.Real;
        if (aNum && bNum)
        {
            if (a.Type == StorageClass.Integer && b.Type == StorageClass.Integer) return a.AsInteger == b.AsInteger;
            if (a.Type == StorageClass.Real && b.Type == StorageClass.Real) return a.AsReal == b.AsReal;
            var (i, r) = a.Type == StorageClass.Integer ? (a.AsInteger, b.AsReal) : (b.AsInteger, a.AsReal);
            return r == Math.Floor(r) && r >= -9223372036854775808.0 && r < 9223372036854775808.0 && (long)r == i;
        }
        if (a.Type != b.Type) return false;
        return a.Type == StorageClass.Null || a.Bytes.SequenceEqual(b.Bytes);
    }

    /// <summary>Exact key: storage class plus value (REAL by its bits).</summary>
    private static string Key(SqlValue[] row)
    {
        var sb = new StringBuilder();
        foreach (var v in row)
        {
            sb.Append(v.Type switch
            {
                StorageClass.Null => "N",
                StorageClass.Integer => "I" + v.AsInteger.ToString(CultureInfo.InvariantCulture),
                StorageClass.Real => "R" + BitConverter.DoubleToInt64Bits(v.AsReal).ToString("x16", CultureInfo.InvariantCulture),
                StorageClass.Text => "T" + Convert.ToHexString(v.Bytes),
                _ => "B" + Convert.ToHexString(v.Bytes),
            }).Append('|');
        }
        return sb.ToString();
    }

    /// <summary>Key under which values that some comparison treats as equal coincide (1 and 1.0, 'a' and 'A ').</summary>
    private static string TieKey(SqlValue[] row)
    {
        var sb = new StringBuilder();
        foreach (var v in row)
        {
            sb.Append(v.Type switch
            {
                StorageClass.Integer => "#" + ((double)v.AsInteger).ToString("R", CultureInfo.InvariantCulture),
                StorageClass.Real => "#" + (v.AsReal == 0 ? 0.0 : v.AsReal).ToString("R", CultureInfo.InvariantCulture),
                StorageClass.Text => "T" + Convert.ToHexString(FoldText(v.Bytes)),
                _ => Key([v]),
            }).Append('|');
        }
        return sb.ToString();
    }

    /// <summary>ASCII lower case (NOCASE) without trailing spaces (RTRIM).</summary>
    private static byte[] FoldText(ReadOnlySpan<byte> text)
    {
        int length = text.Length;
        while (length > 0 && text[length - 1] == (byte)' ') length--;
        var folded = text[..length].ToArray();
        for (int i = 0; i < folded.Length; i++)
        {
            if (folded[i] is >= (byte)'A' and <= (byte)'Z') folded[i] += 32;
        }
        return folded;
    }
}
