namespace MiniSql.Shell.Tests;

/// <summary>Interactive SQL in a real pseudo-terminal on the MiniSql engine: continuation prompt, errors, Ctrl-C.</summary>
public sealed class EngineInteractiveTests
{
    [Fact]
    public void Multi_line_statement_error_display_and_ctrl_c_in_a_terminal()
    {
        using var dir = TestShell.CreateTempDir();
        using var session = new InteractiveTests.TerminalSession(dir.File("term.db"));
        session.WaitFor("minisql> ", 1);
        Assert.DoesNotContain("transient", session.Output);

        session.Send("SELECT 6 *\r");
        session.WaitFor("   ...> ", 1);
        session.Send("7;\r");
        session.WaitFor("minisql> ", 2);
        Assert.Contains("42\r\n", session.Output);

        session.Send("SELEC 1;\r");
        session.WaitFor("minisql> ", 3);
        Assert.Contains("Parse error: near \"SELEC\": syntax error\r\n  SELEC 1;\r\n  ^--- error here", session.Output);

        // An endless query; Ctrl-C interrupts it and the shell keeps running.
        session.Send("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;\r");
        session.WaitFor("FROM c;\r\n", 1);
        // Ctrl-C is a signal: one sent before the statement starts is lost, so repeat until the prompt is back.
        bool back = false;
        for (int attempt = 0; attempt < 10 && !back; attempt++)
        {
            session.Send("\u0003");
            back = session.TryWaitFor("minisql> ", 4, TimeSpan.FromSeconds(2));
        }
        Assert.True(back, "Ctrl-C did not interrupt the query:\n" + session.Output);
        session.Send("SELECT 'still here';\r");
        session.WaitFor("still here\r\n", 1);
        session.Send(".quit\r");
        Assert.Equal(0, session.WaitForExit());
    }
}
