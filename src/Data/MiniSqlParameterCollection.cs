using System.Collections;
using System.Data.Common;
using MiniSql.Sql;

namespace MiniSql.Data;

/// <summary>The parameters of a <see cref="MiniSqlCommand"/>.</summary>
public sealed class MiniSqlParameterCollection : DbParameterCollection
{
    private readonly List<MiniSqlParameter> _parameters = new();

    internal MiniSqlParameterCollection()
    {
    }

    /// <inheritdoc />
    public override int Count => _parameters.Count;

    /// <inheritdoc />
    public override object SyncRoot => ((ICollection)_parameters).SyncRoot;

    /// <summary>The parameter at <paramref name="index"/>.</summary>
    public new MiniSqlParameter this[int index]
    {
        get => _parameters[index];
        set => _parameters[index] = value;
    }

    /// <summary>The parameter named <paramref name="parameterName"/>.</summary>
    /// <exception cref="IndexOutOfRangeException">No such parameter.</exception>
    public new MiniSqlParameter this[string parameterName]
    {
        get => _parameters[IndexOfChecked(parameterName)];
        set => _parameters[IndexOfChecked(parameterName)] = value;
    }

    /// <summary>Adds a parameter.</summary>
    public MiniSqlParameter Add(MiniSqlParameter value)
    {
        _parameters.Add(value);
        return value;
    }

    /// <summary>Adds a parameter with a name and storage class.</summary>
    public MiniSqlParameter Add(string? parameterName, MiniSqlType type) => Add(new MiniSqlParameter(parameterName, type));

    /// <summary>Adds a parameter with a name, storage class and size.</summary>
    public MiniSqlParameter Add(string? parameterName, MiniSqlType type, int size) => Add(new MiniSqlParameter(parameterName, type, size));

    /// <summary>Adds a parameter with a name and value.</summary>
    public MiniSqlParameter AddWithValue(string? parameterName, object? value) => Add(new MiniSqlParameter(parameterName, value));

    /// <inheritdoc />
    public override int Add(object value)
    {
        _parameters.Add((MiniSqlParameter)value);
        return _parameters.Count - 1;
    }

    /// <inheritdoc />
    public override void AddRange(Array values)
    {
        foreach (var v in values) Add(v!);
    }

    /// <summary>Adds several parameters.</summary>
    public void AddRange(IEnumerable<MiniSqlParameter> values) => _parameters.AddRange(values);

    /// <inheritdoc />
    public override void Clear() => _parameters.Clear();

    /// <inheritdoc />
    public override bool Contains(object value) => value is MiniSqlParameter p && _parameters.Contains(p);

    /// <inheritdoc />
    public override bool Contains(string value) => IndexOf(value) != -1;

    /// <inheritdoc />
    public override void CopyTo(Array array, int index) => ((ICollection)_parameters).CopyTo(array, index);

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => _parameters.GetEnumerator();

    /// <inheritdoc />
    public override int IndexOf(object value) => value is MiniSqlParameter p ? _parameters.IndexOf(p) : -1;

    /// <inheritdoc />
    public override int IndexOf(string parameterName)
    {
        for (int i = 0; i < _parameters.Count; i++)
        {
            if (_parameters[i].ParameterName == parameterName) return i;
        }
        return -1;
    }

    /// <inheritdoc />
    public override void Insert(int index, object value) => _parameters.Insert(index, (MiniSqlParameter)value);

    /// <inheritdoc />
    public override void Remove(object value) => _parameters.Remove((MiniSqlParameter)value);

    /// <inheritdoc />
    public override void RemoveAt(int index) => _parameters.RemoveAt(index);

    /// <inheritdoc />
    public override void RemoveAt(string parameterName) => RemoveAt(IndexOfChecked(parameterName));

    /// <inheritdoc />
    protected override DbParameter GetParameter(int index) => this[index];

    /// <inheritdoc />
    protected override DbParameter GetParameter(string parameterName) => this[parameterName];

    /// <inheritdoc />
    protected override void SetParameter(int index, DbParameter value) => this[index] = (MiniSqlParameter)value;

    /// <inheritdoc />
    protected override void SetParameter(string parameterName, DbParameter value) => this[parameterName] = (MiniSqlParameter)value;

    private int IndexOfChecked(string parameterName)
    {
        int index = IndexOf(parameterName);
        if (index == -1) throw new IndexOutOfRangeException($"A MiniSqlParameter with ParameterName '{parameterName}' is not contained by this MiniSqlParameterCollection.");
        return index;
    }

    /// <summary>Binds every parameter that names one of the statement's parameters; returns how many were bound.</summary>
    internal int Bind(Statement statement)
    {
        int bound = 0;
        for (int i = 0; i < _parameters.Count; i++)
        {
            if (_parameters[i].Bind(statement)) bound++;
        }
        return bound;
    }

    internal bool ContainsExact(string? name)
    {
        for (int i = 0; i < _parameters.Count; i++)
        {
            if (_parameters[i].ParameterName == name) return true;
        }
        return false;
    }
}
