namespace MiniSql.TestWorker;

/// <summary>
/// Entry point of the test worker: one role per process, chosen by the first argument. Every role reports on stdout
/// (one line per event, flushed) and exits 0 on success, 1 on an unexpected error, 3 on a broken invariant.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0)
            return Usage();
        try
        {
            string[] rest = args[1..];
            return args[0] switch
            {
                "minisql-ledger-writer" => LedgerWriter.RunMiniSql(rest),
                "sqlite-ledger-writer" => LedgerWriter.RunSqlite(rest),
                "bank-writer" => BankWorkload.RunWriter(rest),
                "bank-reader" => BankWorkload.RunReader(rest),
                "sqlite-bank-writer" => SqliteBankWorkload.RunWriter(rest),
                "sqlite-bank-reader" => SqliteBankWorkload.RunReader(rest),
                "sqlite-journal-writer" => JournalWriter.Run(rest),
                "datetime-compare" => DateTimeCompare.Run(),
                "lock-server" => LockServer.Run(),
                _ => Usage(),
            };
        }
        catch (Exception e)
        {
            Console.WriteLine("error " + e.GetType().Name + ": " + e.Message.ReplaceLineEndings(" "));
            Console.Error.WriteLine(e);
            return 1;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("""
            usage: dotnet MiniSql.TestWorker.dll <role> <args>
              minisql-ledger-writer <db> <full|normal>   ledger transactions in WAL mode, "ack <n>" after each commit
              sqlite-ledger-writer <db>                  the same through Microsoft.Data.Sqlite (real SQLite)
              bank-writer <db> <seconds> <accounts> <autocheckpoint> <seed>
              bank-reader <db> <seconds> <total> <seed>
              sqlite-bank-writer, sqlite-bank-reader     the same roles through real SQLite
              sqlite-journal-writer <db> stream|hold <n> real SQLite, rollback journal, killed mid-transaction
              datetime-compare                           date/time queries (stdin) on both engines, in this TZ
              lock-server                                POSIX locks and SQLite statements on request (stdin)
            """);
        return 2;
    }
}
