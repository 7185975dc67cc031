namespace MiniSql.Shell;

/// <summary>Mutable output settings changed by dot-commands and options (sqlite3's ShellState). Owned by one shell.</summary>
internal sealed class ShellSettings
{
    /// <summary>The current output mode.</summary>
    public OutputMode Mode { get; set; } = OutputMode.List;

    /// <summary>Whether column names are printed (".headers on").</summary>
    public bool Headers { get; set; }

    /// <summary>Column separator (".separator COL").</summary>
    public string ColumnSeparator { get; set; } = "|";

    /// <summary>Row separator (".separator COL ROW").</summary>
    public string RowSeparator { get; set; } = "\n";

    /// <summary>Text shown for NULL (".nullvalue").</summary>
    public string NullValue { get; set; } = "";

    /// <summary>Explicit column widths (".width"); negative means right-aligned, 0 means automatic.</summary>
    public List<int> Widths { get; } = new();

    /// <summary>Table name used by insert mode (".mode insert TABLE").</summary>
    public string InsertTable { get; set; } = "table";

    /// <summary>Stop at the first error (".bail on", -bail).</summary>
    public bool Bail { get; set; }

    /// <summary>Print elapsed time after each statement (".timer on").</summary>
    public bool Timer { get; set; }

    /// <summary>Print change counts after each statement (".changes on").</summary>
    public bool Changes { get; set; }

    /// <summary>Echo each command before running it (".echo on").</summary>
    public bool Echo { get; set; }

    /// <summary>Show the query plan before each query (".eqp on").</summary>
    public bool Eqp { get; set; }

    /// <summary>Sets the mode with the separators sqlite3 pairs with it.</summary>
    public void SetMode(OutputMode mode)
    {
        Mode = mode;
        switch (mode)
        {
            case OutputMode.List: ColumnSeparator = "|"; RowSeparator = "\n"; break;
            case OutputMode.Csv: ColumnSeparator = ","; RowSeparator = "\r\n"; break;
            case OutputMode.Tabs: ColumnSeparator = "\t"; RowSeparator = "\n"; break;
            case OutputMode.Quote: ColumnSeparator = ","; RowSeparator = "\n"; break;
            default: RowSeparator = "\n"; break;
        }
    }
}
