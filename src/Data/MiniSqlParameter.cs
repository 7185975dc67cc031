using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using MiniSql.Engine.Records;
using MiniSql.Sql;

namespace MiniSql.Data;

/// <summary>
/// A command parameter. <see cref="ParameterName"/> may carry its prefix (<c>@a</c>, <c>:a</c>, <c>$a</c>, <c>?1</c>)
/// or omit it (<c>a</c> binds <c>@a</c>, <c>$a</c> or <c>:a</c>), as in Microsoft.Data.Sqlite.
/// </summary>
public sealed class MiniSqlParameter : DbParameter
{
    private string _parameterName = string.Empty;
    private object? _value;
    private MiniSqlType? _type;
    private DbType? _dbType;
    private string _sourceColumn = string.Empty;

    /// <summary>Creates an unnamed parameter.</summary>
    public MiniSqlParameter()
    {
    }

    /// <summary>Creates a parameter with a name and value.</summary>
    public MiniSqlParameter(string? name, object? value)
    {
        ParameterName = name;
        Value = value;
    }

    /// <summary>Creates a parameter with a name and storage class.</summary>
    public MiniSqlParameter(string? name, MiniSqlType type)
    {
        ParameterName = name;
        MiniSqlType = type;
    }

    /// <summary>Creates a parameter with a name, storage class and size.</summary>
    public MiniSqlParameter(string? name, MiniSqlType type, int size)
        : this(name, type) => Size = size;

    /// <summary>Creates a parameter with a name, storage class, size and source column.</summary>
    public MiniSqlParameter(string? name, MiniSqlType type, int size, string? sourceColumn)
        : this(name, type, size) => SourceColumn = sourceColumn;

    /// <inheritdoc />
    public override DbType DbType
    {
        get => _dbType ?? DbType.String;
        set => _dbType = value;
    }

    /// <summary>The storage class the value is bound as; inferred from the value's type when not set.</summary>
    public MiniSqlType MiniSqlType
    {
        get => _type ?? (_dbType is { } d ? TypeOf(d) : ValueBinder.InferType(_value));
        set => _type = value;
    }

    /// <inheritdoc />
    public override ParameterDirection Direction
    {
        get => ParameterDirection.Input;
        set
        {
            if (value != ParameterDirection.Input) throw new ArgumentException($"The ParameterDirection '{value}' is not supported.");
        }
    }

    /// <inheritdoc />
    public override bool IsNullable { get; set; }

    /// <inheritdoc />
    [AllowNull]
    public override string ParameterName
    {
        get => _parameterName;
        set => _parameterName = value ?? string.Empty;
    }

    /// <inheritdoc />
    public override int Size { get; set; }

    /// <inheritdoc />
    [AllowNull]
    public override string SourceColumn
    {
        get => _sourceColumn;
        set => _sourceColumn = value ?? string.Empty;
    }

    /// <inheritdoc />
    public override bool SourceColumnNullMapping { get; set; }

    /// <summary>The value; use <see cref="DBNull.Value"/> for NULL (a null value cannot be bound).</summary>
    public override object? Value
    {
        get => _value;
        set => _value = value;
    }

    /// <inheritdoc />
    public override void ResetDbType()
    {
        _dbType = null;
        _type = null;
    }

    /// <summary>Binds this parameter to <paramref name="statement"/> if it names one of its parameters.</summary>
    /// <returns>True when bound.</returns>
    internal bool Bind(Statement statement)
    {
        if (_parameterName.Length == 0) throw new InvalidOperationException("ParameterName must be set.");
        int index = statement.ParameterIndex(_parameterName);
        if (index == 0 && !IsPrefix(_parameterName[0]))
        {
            index = statement.ParameterIndex("@" + _parameterName);
            if (index == 0) index = statement.ParameterIndex("$" + _parameterName);
            if (index == 0) index = statement.ParameterIndex(":" + _parameterName);
        }
        if (index == 0) return false;
        if (_value is null) throw new InvalidOperationException("Value must be set.");
        statement.Bind(index, ToSqlValue());
        return true;
    }

    internal SqlValue ToSqlValue()
    {
        MiniSqlType? type = _type ?? (_dbType is { } d ? TypeOf(d) : null);
        return ValueBinder.ToSqlValue(_value!, type, Size);
    }

    private static bool IsPrefix(char c) => c is '@' or '$' or ':' or '?';

    private static MiniSqlType TypeOf(DbType dbType) => dbType switch
    {
        DbType.Binary or DbType.Guid or DbType.Object => MiniSqlType.Blob,
        DbType.Boolean or DbType.Byte or DbType.Int16 or DbType.Int32 or DbType.Int64 or DbType.SByte
            or DbType.UInt16 or DbType.UInt32 or DbType.UInt64 => MiniSqlType.Integer,
        DbType.Double or DbType.Single => MiniSqlType.Real,
        _ => MiniSqlType.Text,
    };
}
