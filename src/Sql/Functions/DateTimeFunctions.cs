namespace MiniSql.Sql.Functions;

/// <summary>SQLite's date and time functions (registered into a <see cref="FunctionRegistry"/>).</summary>
internal static partial class DateTimeFunctions
{
    public static void RegisterAll(FunctionRegistry registry)
    {
    }
}
