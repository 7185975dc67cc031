using System.Collections;
using System.Data.Common;
using System.Globalization;

namespace MiniSql.Data;

/// <summary>
/// Builds and parses MiniSql connection strings. Keywords and meanings follow Microsoft.Data.Sqlite
/// (<c>Data Source</c>/<c>DataSource</c>/<c>Filename</c>, <c>Mode</c>, <c>Cache</c>, <c>Password</c>,
/// <c>Foreign Keys</c>, <c>Recursive Triggers</c>, <c>Default Timeout</c>/<c>Command Timeout</c>, <c>Pooling</c>),
/// plus MiniSql's own <c>Journal Mode</c> and <c>Synchronous</c>. See docs/provider.md.
/// </summary>
public sealed class MiniSqlConnectionStringBuilder : DbConnectionStringBuilder
{
    private const string DataSourceKeyword = "Data Source";
    private const string ModeKeyword = "Mode";
    private const string CacheKeyword = "Cache";
    private const string PasswordKeyword = "Password";
    private const string ForeignKeysKeyword = "Foreign Keys";
    private const string RecursiveTriggersKeyword = "Recursive Triggers";
    private const string DefaultTimeoutKeyword = "Default Timeout";
    private const string PoolingKeyword = "Pooling";
    private const string JournalModeKeyword = "Journal Mode";
    private const string SynchronousKeyword = "Synchronous";

    private static readonly Dictionary<string, string> Canonical = new(StringComparer.OrdinalIgnoreCase)
    {
        [DataSourceKeyword] = DataSourceKeyword,
        ["DataSource"] = DataSourceKeyword,
        ["Filename"] = DataSourceKeyword,
        [ModeKeyword] = ModeKeyword,
        [CacheKeyword] = CacheKeyword,
        [PasswordKeyword] = PasswordKeyword,
        [ForeignKeysKeyword] = ForeignKeysKeyword,
        [RecursiveTriggersKeyword] = RecursiveTriggersKeyword,
        [DefaultTimeoutKeyword] = DefaultTimeoutKeyword,
        ["Command Timeout"] = DefaultTimeoutKeyword,
        [PoolingKeyword] = PoolingKeyword,
        [JournalModeKeyword] = JournalModeKeyword,
        [SynchronousKeyword] = SynchronousKeyword,
    };

    private static readonly string[] ValidKeywords =
    [
        DataSourceKeyword, ModeKeyword, CacheKeyword, PasswordKeyword, ForeignKeysKeyword, RecursiveTriggersKeyword,
        DefaultTimeoutKeyword, PoolingKeyword, JournalModeKeyword, SynchronousKeyword,
    ];

    private string _dataSource = string.Empty;
    private MiniSqlOpenMode _mode;
    private MiniSqlCacheMode _cache;
    private string _password = string.Empty;
    private bool? _foreignKeys;
    private bool _recursiveTriggers;
    private int _defaultTimeout = 30;
    private bool _pooling = true;
    private MiniSqlJournalMode _journalMode;
    private MiniSqlSynchronous _synchronous = MiniSqlSynchronous.Full;

    /// <summary>Creates an empty builder.</summary>
    public MiniSqlConnectionStringBuilder()
    {
    }

    /// <summary>Creates a builder from a connection string.</summary>
    /// <exception cref="ArgumentException">An unknown keyword or an invalid value.</exception>
    public MiniSqlConnectionStringBuilder(string? connectionString) => ConnectionString = connectionString;

    /// <summary>The database file, or the name of an in-memory database; ":memory:" for a private in-memory database.</summary>
    public string DataSource
    {
        get => _dataSource;
        set => base[DataSourceKeyword] = _dataSource = value ?? string.Empty;
    }

    /// <summary>The open mode (default <see cref="MiniSqlOpenMode.ReadWriteCreate"/>).</summary>
    public MiniSqlOpenMode Mode
    {
        get => _mode;
        set => base[ModeKeyword] = (_mode = value).ToString();
    }

    /// <summary>The cache mode (default <see cref="MiniSqlCacheMode.Default"/>).</summary>
    public MiniSqlCacheMode Cache
    {
        get => _cache;
        set => base[CacheKeyword] = (_cache = value).ToString();
    }

    /// <summary>An encryption key. MiniSql does not encrypt: opening with a password fails.</summary>
    public string Password
    {
        get => _password;
        set => base[PasswordKeyword] = _password = value ?? string.Empty;
    }

    /// <summary>True or false to set PRAGMA foreign_keys at open; null leaves the default (off).</summary>
    public bool? ForeignKeys
    {
        get => _foreignKeys;
        set
        {
            _foreignKeys = value;
            if (value is null) base.Remove(ForeignKeysKeyword);
            else base[ForeignKeysKeyword] = value.Value ? "True" : "False";
        }
    }

    /// <summary>True to set PRAGMA recursive_triggers at open.</summary>
    public bool RecursiveTriggers
    {
        get => _recursiveTriggers;
        set => base[RecursiveTriggersKeyword] = (_recursiveTriggers = value) ? "True" : "False";
    }

    /// <summary>The default command timeout in seconds (default 30; 0 = no limit).</summary>
    public int DefaultTimeout
    {
        get => _defaultTimeout;
        set
        {
            if (value < 0) throw new ArgumentOutOfRangeException(nameof(value));
            base[DefaultTimeoutKeyword] = (_defaultTimeout = value).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>True (default) to pool connections to the same file.</summary>
    public bool Pooling
    {
        get => _pooling;
        set => base[PoolingKeyword] = (_pooling = value) ? "True" : "False";
    }

    /// <summary>The journal mode set at open (MiniSql extension; default Delete).</summary>
    public MiniSqlJournalMode JournalMode
    {
        get => _journalMode;
        set => base[JournalModeKeyword] = (_journalMode = value).ToString();
    }

    /// <summary>The synchronous setting at open (MiniSql extension; default Full).</summary>
    public MiniSqlSynchronous Synchronous
    {
        get => _synchronous;
        set => base[SynchronousKeyword] = (_synchronous = value).ToString();
    }

    /// <inheritdoc />
    public override ICollection Keys => ValidKeywords;

    /// <inheritdoc />
    public override ICollection Values
    {
        get
        {
            var values = new object?[ValidKeywords.Length];
            for (int i = 0; i < values.Length; i++) values[i] = GetAt(ValidKeywords[i]);
            return values;
        }
    }

    /// <summary>Gets or sets a keyword's value; aliases are accepted.</summary>
    /// <exception cref="ArgumentException">Keyword not supported.</exception>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override object this[string keyword]
    {
        get => GetAt(GetCanonical(keyword))!;
        set
        {
            string key = GetCanonical(keyword);
            if (value is null)
            {
                Remove(key);
                return;
            }
            switch (key)
            {
                case DataSourceKeyword: DataSource = Convert.ToString(value, CultureInfo.InvariantCulture)!; break;
                case ModeKeyword: Mode = ParseEnum<MiniSqlOpenMode>(value, key); break;
                case CacheKeyword: Cache = ParseEnum<MiniSqlCacheMode>(value, key); break;
                case PasswordKeyword: Password = Convert.ToString(value, CultureInfo.InvariantCulture)!; break;
                case ForeignKeysKeyword:
                    ForeignKeys = value is string s && s.Length == 0 ? null : ParseBool(value);
                    break;
                case RecursiveTriggersKeyword: RecursiveTriggers = ParseBool(value); break;
                case DefaultTimeoutKeyword: DefaultTimeout = Convert.ToInt32(value, CultureInfo.InvariantCulture); break;
                case PoolingKeyword: Pooling = ParseBool(value); break;
                case JournalModeKeyword: JournalMode = ParseEnum<MiniSqlJournalMode>(value, key); break;
                case SynchronousKeyword: Synchronous = ParseEnum<MiniSqlSynchronous>(value, key); break;
            }
        }
    }

    /// <inheritdoc />
    public override void Clear()
    {
        base.Clear();
        for (int i = 0; i < ValidKeywords.Length; i++) Reset(ValidKeywords[i]);
    }

    /// <inheritdoc />
    public override bool ContainsKey(string keyword) => Canonical.ContainsKey(keyword);

    /// <inheritdoc />
    public override bool Remove(string keyword)
    {
        if (!Canonical.TryGetValue(keyword, out var key) || !base.Remove(key)) return false;
        Reset(key);
        return true;
    }

    /// <inheritdoc />
    public override bool ShouldSerialize(string keyword) =>
        Canonical.TryGetValue(keyword, out var key) && base.ShouldSerialize(key);

    /// <inheritdoc />
    public override bool TryGetValue(string keyword, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? value)
    {
        if (!Canonical.TryGetValue(keyword, out var key))
        {
            value = null;
            return false;
        }
        value = GetAt(key);
        return value is not null;
    }

    private static string GetCanonical(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        if (!Canonical.TryGetValue(keyword, out var key)) throw new ArgumentException($"Connection string keyword '{keyword}' is not supported.");
        return key;
    }

    private object? GetAt(string key) => key switch
    {
        DataSourceKeyword => DataSource,
        ModeKeyword => Mode,
        CacheKeyword => Cache,
        PasswordKeyword => Password,
        ForeignKeysKeyword => ForeignKeys,
        RecursiveTriggersKeyword => RecursiveTriggers,
        DefaultTimeoutKeyword => DefaultTimeout,
        PoolingKeyword => Pooling,
        JournalModeKeyword => JournalMode,
        SynchronousKeyword => Synchronous,
        _ => null,
    };

    private void Reset(string key)
    {
        switch (key)
        {
            case DataSourceKeyword: _dataSource = string.Empty; break;
            case ModeKeyword: _mode = MiniSqlOpenMode.ReadWriteCreate; break;
            case CacheKeyword: _cache = MiniSqlCacheMode.Default; break;
            case PasswordKeyword: _password = string.Empty; break;
            case ForeignKeysKeyword: _foreignKeys = null; break;
            case RecursiveTriggersKeyword: _recursiveTriggers = false; break;
            case DefaultTimeoutKeyword: _defaultTimeout = 30; break;
            case PoolingKeyword: _pooling = true; break;
            case JournalModeKeyword: _journalMode = MiniSqlJournalMode.Delete; break;
            case SynchronousKeyword: _synchronous = MiniSqlSynchronous.Full; break;
        }
    }

    private static TEnum ParseEnum<TEnum>(object value, string keyword)
        where TEnum : struct, Enum
    {
        if (value is TEnum e) return e;
        string s = Convert.ToString(value, CultureInfo.InvariantCulture)!.Trim();
        return Enum.Parse<TEnum>(s, ignoreCase: true);
    }

    private static bool ParseBool(object value)
    {
        if (value is bool b) return b;
        string s = Convert.ToString(value, CultureInfo.InvariantCulture)!.Trim();
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("yes", StringComparison.OrdinalIgnoreCase) || s == "1") return true;
        if (s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.Equals("no", StringComparison.OrdinalIgnoreCase) || s == "0") return false;
        throw new FormatException($"String '{s}' was not recognized as a valid Boolean.");
    }
}
