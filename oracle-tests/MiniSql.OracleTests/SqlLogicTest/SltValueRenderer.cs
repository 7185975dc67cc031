using System.Globalization;
using System.Text;
using MiniSql.Engine.Records;
using MiniSql.OracleTests.Infrastructure;

namespace MiniSql.OracleTests.SqlLogicTest;

/// <summary>
/// Renders one result value as the reference runner writes it: NULL as "NULL"; 'I' as printf("%d") of
/// sqlite3_column_int (64-bit conversion truncated to 32 bits); 'R' as SQLite's "%.3f" of sqlite3_column_double;
/// otherwise the text (sqlite3_column_text, up to a NUL byte), "(empty)" when empty, and every byte outside
/// 0x20..0x7E written as '@'.
/// </summary>
internal static class SltValueRenderer
{
    /// <summary>Renders <paramref name="value"/> for a column of type letter <paramref name="type"/>.</summary>
    public static string Render(SqlValue value, char type)
    {
        if (value.IsNull) return "NULL";
        switch (type)
        {
            case 'I':
                return SqliteValueConversions.ToInt32(value).ToString(CultureInfo.InvariantCulture);
            case 'R':
                return SqlitePrintf.FormatFixed(SqliteValueConversions.ToDouble(value), 3);
            default:
            {
                byte[] text = SqliteValueConversions.ToTextBytes(value);
                int length = Array.IndexOf(text, (byte)0);
                if (length < 0) length = text.Length;
                if (length == 0) return "(empty)";
                var sb = new StringBuilder(length);
                for (int i = 0; i < length; i++)
                {
                    byte b = text[i];
                    sb.Append(b < 0x20 || b > 0x7E ? '@' : (char)b);
                }
                return sb.ToString();
            }
        }
    }
}
