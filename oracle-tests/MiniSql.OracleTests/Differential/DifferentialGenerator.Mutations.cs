using System.Text;

namespace MiniSql.OracleTests.Differential;

internal sealed partial class DifferentialGenerator
{
    private static readonly string[] ConflictClauses = ["", "", "", "OR IGNORE ", "OR REPLACE ", "OR ABORT ", "OR FAIL ", "OR ROLLBACK "];

    /// <summary>
    /// Transaction control. The generator tracks whether a transaction is open so that most statements are valid;
    /// an OR ROLLBACK conflict ends a transaction behind its back, and the resulting errors are compared too.
    /// </summary>
    private DiffCase Transaction(int index)
    {
        string sql;
        if (!_inTransaction)
        {
            sql = Pick(["BEGIN", "BEGIN TRANSACTION", "BEGIN IMMEDIATE", "BEGIN DEFERRED"]);
            _inTransaction = true;
        }
        else
        {
            int roll = _random.Next(100);
            if (roll < 30 || (roll < 45 && _savepoints == 0))
            {
                sql = Pick(["COMMIT", "END", "ROLLBACK"]);
                _inTransaction = false;
                _savepoints = 0;
            }
            else if (roll < 70 || _savepoints == 0)
            {
                sql = "SAVEPOINT sp" + (_savepoints++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                int target = _random.Next(_savepoints);
                bool release = Chance(0.5);
                sql = (release ? "RELEASE sp" : "ROLLBACK TO sp") + target.ToString(System.Globalization.CultureInfo.InvariantCulture);
                _savepoints = release ? target : target + 1;
            }
        }
        return new DiffCase(index, DiffCaseKind.Transaction, sql, DiffCompareMode.Unordered);
    }

    /// <summary>An INSERT, UPDATE or DELETE on one table (constraint violations included).</summary>
    private DiffCase Mutation(int index)
    {
        var table = Pick(_tables);
        var scope = new Scope(null);
        scope.Sources.Add(new Source(table.Name, table.Columns.Select(c => c.Name).ToList()));
        string sql;
        int roll = _random.Next(100);
        if (roll < 30)
        {
            var columns = table.Columns.Where(_ => Chance(0.8)).ToList();
            if (columns.Count == 0) columns.Add(table.Columns[0]);
            var rows = Enumerable.Range(0, 1 + _random.Next(3))
                .Select(_ => "(" + Join(columns.Select(c => c.IsIntegerPrimaryKey || Chance(0.85) ? ValueFor(c) : Expr(new Scope(null), 1))) + ")");
            sql = $"INSERT {Pick(ConflictClauses)}INTO {table.Name}({Join(columns.Select(c => c.Name))}) VALUES {Join(rows)}";
        }
        else if (roll < 40)
        {
            var source = Pick(_tables);
            // The rowid column is left to auto-assignment so copied values cannot make it the largest rowid.
            var columns = table.Columns.Where(c => !c.IsIntegerPrimaryKey).Take(source.Columns.Count).ToList();
            var from = new Scope(null);
            from.Sources.Add(new Source(source.Name, source.Columns.Select(c => c.Name).ToList()));
            string where = Chance(0.7) ? " WHERE " + Predicate(from, 1) : "";
            // ORDER BY every selected column: rows (and so rowids) are inserted in an order no plan can change.
            sql = $"INSERT {Pick(ConflictClauses)}INTO {table.Name}({Join(columns.Select(c => c.Name))}) " +
                  $"SELECT {Join(source.Columns.Take(columns.Count).Select(c => source.Name + "." + c.Name))} FROM {source.Name}{where} " +
                  $"ORDER BY {Numbers(columns.Count)}";
        }
        else if (roll < 43)
        {
            sql = $"INSERT {Pick(ConflictClauses)}INTO {table.Name} DEFAULT VALUES";
        }
        else if (roll < 75)
        {
            // Rows are updated in plan order, so OR IGNORE / OR REPLACE / OR FAIL (whose effect depends on which row
            // conflicts first) are used only on a single row; whole-statement ABORT/ROLLBACK on any rows.
            bool singleRow = Chance(0.3);
            string conflict = singleRow ? Pick(ConflictClauses) : Pick(["", "", "OR ABORT ", "OR ROLLBACK "]);
            var sb = new StringBuilder($"UPDATE {conflict}{table.Name} SET ");
            var targets = table.Columns.OrderBy(_ => _random.Next()).Take(1 + _random.Next(2)).ToList();
            sb.Append(Join(targets.Select(c => $"{c.Name} = {(c.IsIntegerPrimaryKey || Chance(0.5) ? ValueFor(c) : Expr(scope, 2))}")));
            if (singleRow) sb.Append(" WHERE rowid = ").Append(_random.Next(-5, 30).ToString(System.Globalization.CultureInfo.InvariantCulture));
            else if (Chance(0.8)) sb.Append(" WHERE ").Append(Predicate(scope, 2));
            sql = sb.ToString();
        }
        else
        {
            sql = $"DELETE FROM {table.Name}" + (Chance(0.9) ? " WHERE " + Predicate(scope, 2) : "");
        }
        return new DiffCase(index, DiffCaseKind.Mutation, sql, DiffCompareMode.Unordered, table.Name);
    }
}
