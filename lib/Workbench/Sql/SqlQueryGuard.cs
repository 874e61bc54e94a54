namespace Workbench.Sql;

/// <summary>What is wrong with SQL that should be one query, and where (1-based line and column within the text checked).</summary>
public sealed record SqlProblem(int Line, int Column, string Message);

/// <summary>
/// Checks that SQL is exactly one query that only reads: one statement, starting as a query does (SELECT, WITH, VALUES,
/// FROM, TABLE, PIVOT or a parenthesis), with no data-modifying CTE or subquery and no <c>SELECT ... INTO</c>. A model,
/// a data test and a contract rule are each one query: Workbench decides what is written.
/// </summary>
public static class SqlQueryGuard
{
    private static readonly HashSet<string> QueryStarts = new(StringComparer.OrdinalIgnoreCase) { "SELECT", "WITH", "VALUES", "FROM", "TABLE", "PIVOT", "UNPIVOT" };

    private static readonly HashSet<string> Writes = new(StringComparer.OrdinalIgnoreCase) { "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT" };

    private static readonly HashSet<string> OtherStatements = new(StringComparer.OrdinalIgnoreCase)
    {
        "CREATE", "DROP", "ALTER", "TRUNCATE", "COPY", "GRANT", "REVOKE", "ATTACH", "DETACH", "SET", "RESET", "PRAGMA", "CALL", "DO",
        "EXECUTE", "VACUUM", "ANALYZE", "INSTALL", "LOAD", "EXPORT", "IMPORT", "BEGIN", "START", "COMMIT", "ROLLBACK", "END", "CHECKPOINT",
        "USE", "REFRESH", "COMMENT", "SECURITY", "LOCK", "DISCARD", "CLUSTER", "REINDEX", "LISTEN", "NOTIFY", "PREPARE", "DEALLOCATE",
        "DESCRIBE", "SHOW", "SUMMARIZE", "EXPLAIN",
    };

    /// <summary>The statements of <paramref name="tokens"/>: the tokens split at top-level semicolons, empty ones left out.</summary>
    public static IReadOnlyList<IReadOnlyList<SqlToken>> Statements(IReadOnlyList<SqlToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var statements = new List<IReadOnlyList<SqlToken>>();
        var current = new List<SqlToken>();
        var depth = 0;
        foreach (var token in tokens)
        {
            if (token.IsSymbol('('))
            {
                depth++;
            }
            else if (token.IsSymbol(')'))
            {
                depth = Math.Max(0, depth - 1);
            }

            if (token.IsSymbol(';') && depth == 0)
            {
                if (current.Count > 0)
                {
                    statements.Add(current);
                }

                current = [];
                continue;
            }

            current.Add(token);
        }

        if (current.Count > 0)
        {
            statements.Add(current);
        }

        return statements;
    }

    /// <summary>Null when <paramref name="sql"/> is one query that only reads; otherwise the first problem, located.</summary>
    /// <param name="what">What the SQL is, for the message: "a model", "a data test", "a contract rule".</param>
    public static SqlProblem? Check(string sql, string what)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var statements = Statements(SqlTokenizer.Tokenize(sql));
        if (statements.Count == 0)
        {
            return new SqlProblem(1, 1, $"{what} has no SQL; write the query (a SELECT).");
        }

        if (statements.Count > 1)
        {
            var second = statements[1][0];
            return new SqlProblem(second.Line, second.Column,
                $"{what} is one query, but a second statement starts here: `{Excerpt(sql, statements[1])}`. " +
                "Workbench writes the results itself; remove the statement (and the semicolon before it), or move it into a script.");
        }

        var statement = statements[0];
        var first = statement[0];
        if (first.Kind == SqlTokenKind.Word && (Writes.Contains(first.Text) || OtherStatements.Contains(first.Text)))
        {
            return new SqlProblem(first.Line, first.Column,
                $"{what} is a query that only reads, but this is a {first.Text.ToUpperInvariant()} statement: `{Excerpt(sql, statement)}`. " +
                "Write the SELECT whose rows you want; Workbench creates and replaces tables itself.");
        }

        if (!(first.IsSymbol('(') || (first.Kind == SqlTokenKind.Word && QueryStarts.Contains(first.Text))))
        {
            return new SqlProblem(first.Line, first.Column,
                $"{what} must be a query (SELECT, WITH ... SELECT, VALUES or FROM ...), but it starts with `{first.Text}`.");
        }

        var depth = 0;
        for (var i = 0; i < statement.Count; i++)
        {
            var token = statement[i];
            if (token.IsSymbol('('))
            {
                depth++;
                if (i + 1 < statement.Count && statement[i + 1].Kind == SqlTokenKind.Word && Writes.Contains(statement[i + 1].Text))
                {
                    var write = statement[i + 1];
                    return new SqlProblem(write.Line, write.Column,
                        $"{what} only reads, but this {write.Text.ToUpperInvariant()} inside it would change a table. Remove it: Workbench writes the results itself.");
                }
            }
            else if (token.IsSymbol(')'))
            {
                depth--;
            }
            else if (depth == 0 && token.Is("INTO"))
            {
                return new SqlProblem(token.Line, token.Column,
                    $"{what} only reads, but SELECT ... INTO would create a table. Remove the INTO clause: Workbench creates the table from the query.");
            }
        }

        return null;
    }

    private static string Excerpt(string sql, IReadOnlyList<SqlToken> statement)
    {
        var text = sql[statement[0].Start..statement[^1].End].ReplaceLineEndings(" ");
        return text.Length <= 60 ? text : text[..57] + "...";
    }
}
