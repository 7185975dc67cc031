namespace MiniSql.Shell;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.WriteLine("MiniSql shell (under construction)");
        return 0;
    }
}
