using System.Data.Common;

namespace MiniSql.Data;

/// <summary>
/// Creates MiniSql provider objects. Register it once at start-up with
/// <c>DbProviderFactories.RegisterFactory("MiniSql.Data", MiniSqlFactory.Instance)</c>, then
/// <c>DbProviderFactories.GetFactory("MiniSql.Data")</c> returns it.
/// </summary>
public sealed class MiniSqlFactory : DbProviderFactory
{
    /// <summary>The provider invariant name to register under.</summary>
    public const string ProviderInvariantName = "MiniSql.Data";

    /// <summary>The singleton instance.</summary>
    public static readonly MiniSqlFactory Instance = new();

    private MiniSqlFactory()
    {
    }

    /// <inheritdoc />
    public override DbCommand CreateCommand() => new MiniSqlCommand();

    /// <inheritdoc />
    public override DbConnection CreateConnection() => new MiniSqlConnection();

    /// <inheritdoc />
    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new MiniSqlConnectionStringBuilder();

    /// <inheritdoc />
    public override DbParameter CreateParameter() => new MiniSqlParameter();
}
