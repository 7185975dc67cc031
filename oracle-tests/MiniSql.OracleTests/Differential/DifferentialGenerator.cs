using System.Globalization;

namespace MiniSql.OracleTests.Differential;

// Seeded random generator of a schema, its data and a stream of SQL cases for differential testing.
// Everything is derived from one System.Random(seed), so a seed reproduces the same script everywhere.
//
// Rules that keep results comparable between engines whose plans differ (a generated case must have one
// right answer, not one per plan):
//  G1. LIMIT/OFFSET only after an ORDER BY that ends with every output column, so the rows kept are fixed.
//  G2. Scalar subqueries are aggregates (one row), never "first row of many".
//  G3. Aggregate queries output only GROUP BY expressions and aggregates (no bare columns).
//  G4. Column references are always qualified by their source alias, so joins are never ambiguous.
//  G5. INSERT ... SELECT orders by every column; UPDATE OR IGNORE/REPLACE/FAIL touches one row (by rowid), since
//      which row conflicts first depends on the plan's update order.
//  G6. INTEGER PRIMARY KEY values never reach the largest rowid (SQLite then picks random rowids).
// Known residual plan-dependence, reported rather than avoided: group_concat order; the last bits of sum/avg of
// REALs (summation order); and which of several rows that compare equal but are not identical (1 and 1.0, 'a' and
// 'A' under NOCASE, 'x' and 'x ' under RTRIM) DISTINCT, GROUP BY, compound operators and min/max keep. Mismatches
// of that last kind are flagged (DiffMismatch.OnlyTieBreaksDiffer).

/// <summary>Generates a random schema, data and SQL cases from a seed. Not thread-safe.</summary>
internal sealed partial class DifferentialGenerator
{
    private static readonly string[] ColumnNames = ["a", "b", "c", "d", "e", "f"];
    private static readonly string[] ColumnTypes = ["INTEGER", "INT", "TEXT", "VARCHAR(20)", "REAL", "DOUBLE", "BLOB", "NUMERIC", ""];
    private static readonly string[] Collations = ["BINARY", "NOCASE", "RTRIM"];

    private readonly Random _random;
    private readonly List<DiffTable> _tables = [];
    private readonly List<string> _setup = [];
    private int _caseIndex;
    private int _aliasCounter;
    private bool _inTransaction;
    private int _savepoints;

    /// <summary>Creates the generator and the schema and data for <paramref name="seed"/>.</summary>
    public DifferentialGenerator(int seed)
    {
        Seed = seed;
        _random = new Random(seed);
        GenerateSchema();
    }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The generated tables.</summary>
    public IReadOnlyList<DiffTable> Tables => _tables;

    /// <summary>CREATE TABLE / CREATE INDEX / INSERT statements to run before the cases.</summary>
    public IReadOnlyList<string> Setup => _setup;

    /// <summary>The next case: about 82% queries, 15% mutations, 3% transaction control.</summary>
    public DiffCase Next()
    {
        int index = _caseIndex++;
        _aliasCounter = 0;
        if (Chance(0.03)) return Transaction(index);
        if (Chance(0.15)) return Mutation(index);
        if (Chance(0.03)) return new DiffCase(index, DiffCaseKind.Query, InvalidQuery(), DiffCompareMode.Unordered);
        return TopQuery(index);
    }

    private void GenerateSchema()
    {
        int tableCount = 2 + _random.Next(3);
        for (int t = 0; t < tableCount; t++)
        {
            int columnCount = 2 + _random.Next(4);
            var names = ColumnNames.OrderBy(_ => _random.Next()).Take(columnCount).Order(StringComparer.Ordinal).ToList();
            var columns = new List<DiffColumn>();
            bool ipk = Chance(0.35);
            for (int c = 0; c < names.Count; c++)
            {
                if (c == 0 && ipk)
                {
                    columns.Add(new DiffColumn(names[c], "INTEGER", true, false, false, null));
                    continue;
                }
                string type = Pick(ColumnTypes);
                string? collation = Chance(0.15) ? Pick(Collations) : null;
                columns.Add(new DiffColumn(names[c], type, false, Chance(0.1), Chance(0.1), collation));
            }
            var table = new DiffTable("t" + t, columns);
            _tables.Add(table);
            _setup.Add(table.CreateSql());

            int indexCount = _random.Next(3);
            for (int i = 0; i < indexCount; i++)
            {
                var keyColumns = columns.OrderBy(_ => _random.Next()).Take(1 + _random.Next(Math.Min(3, columns.Count))).ToList();
                string keys = string.Join(", ", keyColumns.Select(k =>
                    k.Name + (Chance(0.2) ? " COLLATE " + Pick(Collations) : "") + (Chance(0.25) ? " DESC" : "")));
                _setup.Add($"CREATE {(Chance(0.25) ? "UNIQUE " : "")}INDEX {table.Name}_i{i} ON {table.Name}({keys})");
            }
        }
        foreach (var table in _tables)
        {
            int rows = Chance(0.1) ? 0 : 1 + _random.Next(24);
            while (rows > 0)
            {
                int batch = Math.Min(rows, 1 + _random.Next(6));
                rows -= batch;
                var tuples = Enumerable.Range(0, batch).Select(_ => "(" + string.Join(", ", table.Columns.Select(ValueFor)) + ")");
                _setup.Add($"INSERT OR IGNORE INTO {table.Name}({string.Join(", ", table.Columns.Select(c => c.Name))}) VALUES {string.Join(", ", tuples)}");
            }
        }
    }

    /// <summary>A literal for a column: mostly of the column's kind, sometimes anything.</summary>
    private string ValueFor(DiffColumn column)
    {
        if (column.IsIntegerPrimaryKey) return Chance(0.2) ? "NULL" : RowidLiteral();
        if (Chance(0.3)) return Literal();
        string type = column.Type;
        if (type.Contains("INT", StringComparison.Ordinal)) return Chance(0.1) ? "NULL" : IntegerLiteral();
        if (type.Contains("CHAR", StringComparison.Ordinal) || type == "TEXT") return Chance(0.1) ? "NULL" : TextLiteral();
        if (type is "REAL" or "DOUBLE") return Chance(0.1) ? "NULL" : RealLiteral();
        if (type == "BLOB") return Chance(0.5) ? BlobLiteral() : Literal();
        return Literal();
    }

    // ---- literals ----------------------------------------------------------------------------------------

    private static readonly long[] Integers =
    [
        0, 1, -1, 2, 3, 7, 10, 42, 100, -100, 255, 256, 1000, 65536, 2147483647, -2147483648, 4294967296,
        9007199254740993, 9223372036854775807, -9223372036854775808, 9223372036854775806, -9223372036854775807,
    ];

    private static readonly double[] Reals =
    [
        0.0, -0.0, 0.1, 0.5, 1.0, -1.5, 2.5, 3.14159, 1e300, -1e300, 1e-300, 1e15, 1.7976931348623157e308,
        9.2233720368547758e18, -9.2233720368547758e18, 123.456, 4.5, -2.5, 1e-5, 100.0, 0.30000000000000004,
    ];

    private static readonly string[] Texts =
    [
        "", "a", "A", "b", "abc", "ABC", "Abc ", "hello world", " 12", "12", "12.5", "1e3", "-0", "0x10", "x'y", "ä", "Ä",
        "ß", "日本", "😀", "a%b", "a_b", "NULL", "  ", "z", "Z", "10", "9", "1.0", "abc\u0001", "tab\there",
    ];

    private static readonly string[] Blobs = ["", "00", "41", "0102", "ff", "616263", "3132"];

    private string IntegerLiteral() => Chance(0.8)
        ? Integers[_random.Next(Integers.Length)].ToString(CultureInfo.InvariantCulture)
        : (_random.Next(-50, 50)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// An INTEGER PRIMARY KEY value. Never the largest rowid: once a table holds it, SQLite picks new rowids at
    /// random, and the engines could no longer agree.
    /// </summary>
    private string RowidLiteral() =>
        (Chance(0.8) ? _random.Next(-30, 60) : Pick([-9223372036854775808, 2147483647, 4294967296, 1L << 40])).ToString(CultureInfo.InvariantCulture);

    private string RealLiteral()
    {
        double v = Chance(0.8) ? Reals[_random.Next(Reals.Length)] : Math.Round(_random.NextDouble() * 200 - 100, _random.Next(0, 4));
        return FormatReal(v);
    }

    /// <summary>A SQL literal that reads back as exactly <paramref name="v"/> and as a REAL.</summary>
    private static string FormatReal(double v)
    {
        string s = v.ToString("R", CultureInfo.InvariantCulture);
        if (!s.Contains('.') && !s.Contains('E')) s += ".0";
        if (v == 0 && double.IsNegative(v)) s = "-0.0";
        return s;
    }

    private string TextLiteral() => Quote(Texts[_random.Next(Texts.Length)]);

    private string BlobLiteral() => "X'" + Blobs[_random.Next(Blobs.Length)] + "'";

    private static string Quote(string s) => "'" + s.Replace("'", "''") + "'";

    /// <summary>Any literal: NULL, integer, real, text or blob.</summary>
    private string Literal() => _random.Next(10) switch
    {
        0 => "NULL",
        1 or 2 or 3 => IntegerLiteral(),
        4 or 5 => RealLiteral(),
        6 or 7 or 8 => TextLiteral(),
        _ => BlobLiteral(),
    };

    // ---- helpers -----------------------------------------------------------------------------------------

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string NewAlias(string prefix) => prefix + (_aliasCounter++).ToString(CultureInfo.InvariantCulture);

    private static string Join(IEnumerable<string> parts) => string.Join(", ", parts);

    private static string Numbers(int count) => Join(Enumerable.Range(1, count).Select(i => i.ToString(CultureInfo.InvariantCulture)));
}
