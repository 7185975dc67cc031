namespace MiniSql.Data.Tests;

/// <summary>Keywords, aliases and defaults of the connection string builder.</summary>
public sealed class MiniSqlConnectionStringBuilderTests
{
    [Fact]
    public void Defaults()
    {
        var b = new MiniSqlConnectionStringBuilder();
        Assert.Equal(MiniSqlOpenMode.ReadWriteCreate, b.Mode);
        Assert.Equal(30, b.DefaultTimeout);
        Assert.True(b.Pooling);
        Assert.Null(b.ForeignKeys);
        Assert.Equal(MiniSqlJournalMode.Delete, b.JournalMode);
        Assert.Equal(MiniSqlSynchronous.Full, b.Synchronous);
    }

    [Fact]
    public void AliasesAndMiniSqlKeywords()
    {
        var b = new MiniSqlConnectionStringBuilder("filename=a.db;command timeout=5;mode=readonly;journal mode=wal;synchronous=normal;cache=shared");
        Assert.Equal("a.db", b.DataSource);
        Assert.Equal(5, b.DefaultTimeout);
        Assert.Equal(MiniSqlOpenMode.ReadOnly, b.Mode);
        Assert.Equal(MiniSqlJournalMode.Wal, b.JournalMode);
        Assert.Equal(MiniSqlSynchronous.Normal, b.Synchronous);
        Assert.Equal(MiniSqlCacheMode.Shared, b.Cache);
    }

    [Fact]
    public void UnknownKeywordThrows() =>
        Assert.Throws<ArgumentException>(() => new MiniSqlConnectionStringBuilder("Nope=1"));
}
