namespace Workbench.Sql;

/// <summary>
/// A table or view a query reads, where it names it: after FROM or JOIN (or a comma in a FROM list), as
/// <c>name</c>, <c>schema.name</c> or <c>catalog.schema.name</c>, quoted or not.
/// </summary>
/// <param name="Parts">The name's parts, unquoted, as written.</param>
/// <param name="Start">Where the name starts in the text.</param>
/// <param name="End">Where it ends (exclusive).</param>
/// <param name="HasAlias">Whether an alias follows (<c>FROM t AS x</c>, <c>FROM t x</c>).</param>
public sealed record RelationReference(IReadOnlyList<string> Parts, int Start, int End, int Line, int Column, bool HasAlias)
{
    /// <summary>The name's last part: the table's own name.</summary>
    public string Name => Parts[^1];

    /// <summary>The schema, for a qualified name; null for a bare one.</summary>
    public string? Schema => Parts.Count >= 2 ? Parts[^2] : null;

    public override string ToString() => string.Join('.', Parts);
}

/// <summary>
/// Finds the relations a query reads, ignoring what only looks like one: names inside strings and comments, CTEs the
/// query defines, table functions (<c>read_csv(...)</c>), subqueries, and FROM inside <c>EXTRACT(... FROM ...)</c>.
/// It reads the token stream, not a full grammar: enough for dependencies and rewriting, in the SQL both engines share.
/// </summary>
public static class RelationScanner
{
    /// <summary>Words that end a FROM list: the clauses after it.</summary>
    private static readonly HashSet<string> ListEnders = new(StringComparer.OrdinalIgnoreCase)
    {
        "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "QUALIFY", "WINDOW", "UNION", "INTERSECT", "EXCEPT", "FETCH",
        "RETURNING", "SELECT", "VALUES", "INTO", "SET", "WITH", "FOR",
    };

    /// <summary>Words that cannot be an alias after a relation's name.</summary>
    private static readonly HashSet<string> NotAliases = new(ListEnders, StringComparer.OrdinalIgnoreCase)
    {
        "ON", "USING", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "NATURAL", "ASOF", "POSITIONAL", "ANTI", "SEMI",
        "LATERAL", "TABLESAMPLE", "PIVOT", "UNPIVOT", "AS", "SAMPLE", "FROM",
    };

    /// <summary>The relations <paramref name="sql"/> reads, in text order, and the names of the CTEs it defines.</summary>
    public static (IReadOnlyList<RelationReference> Relations, IReadOnlySet<string> CommonTableExpressions) Scan(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = SqlTokenizer.Tokenize(sql);
        var ctes = CommonTableExpressions(tokens);
        var relations = new List<RelationReference>();

        // Per parenthesis level: whether it is a query (starts with SELECT, WITH, FROM, VALUES or a nested parenthesis that is one),
        // and whether a FROM list is open at that level.
        var isQuery = new Stack<bool>([true]);
        var inFromList = new Stack<bool>([false]);
        var expectRelation = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.IsSymbol('('))
            {
                var first = i + 1 < tokens.Count ? tokens[i + 1] : default;
                isQuery.Push(first.Is("SELECT") || first.Is("WITH") || first.Is("FROM") || first.Is("VALUES") || first.IsSymbol('('));
                inFromList.Push(false);
                expectRelation = false;
                continue;
            }

            if (token.IsSymbol(')'))
            {
                if (isQuery.Count > 1)
                {
                    isQuery.Pop();
                    inFromList.Pop();
                }

                continue;
            }

            if (token.IsSymbol(';'))
            {
                isQuery = new Stack<bool>([true]);
                inFromList = new Stack<bool>([false]);
                expectRelation = false;
                continue;
            }

            if (!isQuery.Peek())
            {
                continue;
            }

            if (token.Is("FROM") || token.Is("JOIN") || (token.IsSymbol(',') && inFromList.Peek()))
            {
                if (token.Is("FROM"))
                {
                    inFromList.Pop();
                    inFromList.Push(true);
                }

                expectRelation = true;
                continue;
            }

            if (token.Kind == SqlTokenKind.Word && ListEnders.Contains(token.Text))
            {
                inFromList.Pop();
                inFromList.Push(false);
                expectRelation = false;
                continue;
            }

            if (!expectRelation)
            {
                continue;
            }

            expectRelation = false;
            if (token.Is("LATERAL") || token.Is("ONLY"))
            {
                expectRelation = true;
                continue;
            }

            if (!token.IsName)
            {
                continue; // a string (DuckDB reads files), a parameter, or anything else that is not a name
            }

            var parts = new List<string> { token.Name };
            var end = i;
            while (end + 2 < tokens.Count && tokens[end + 1].IsSymbol('.') && tokens[end + 2].IsName)
            {
                parts.Add(tokens[end + 2].Name);
                end += 2;
            }

            SqlToken? next = end + 1 < tokens.Count ? tokens[end + 1] : null;
            if (next is { } call && call.IsSymbol('(') || (parts.Count == 1 && ctes.Contains(parts[0])))
            {
                i = end;
                continue; // a table function, or a CTE of this query
            }

            var alias = next is { } after && (after.Is("AS") || (after.IsName && !(after.Kind == SqlTokenKind.Word && NotAliases.Contains(after.Text))));
            relations.Add(new RelationReference(parts, token.Start, tokens[end].End, token.Line, token.Column, alias));
            i = end;
        }

        return (relations, ctes);
    }

    /// <summary>
    /// <paramref name="sql"/> with each relation <paramref name="replace"/> returns text for replaced by that text; where
    /// the relation had no alias, its own name is kept as one, so <c>name.column</c> still resolves.
    /// </summary>
    public static string Rewrite(string sql, Func<RelationReference, string?> replace)
    {
        ArgumentNullException.ThrowIfNull(replace);
        var (relations, _) = Scan(sql);
        var text = sql;
        foreach (var relation in relations.OrderByDescending(r => r.Start))
        {
            if (replace(relation) is not { } replacement)
            {
                continue;
            }

            var alias = relation.HasAlias ? string.Empty : " AS " + Alias(relation.Name);
            text = text[..relation.Start] + replacement + alias + text[relation.End..];
        }

        return text;
    }

    private static string Alias(string name) =>
        name.All(c => char.IsLetterOrDigit(c) || c == '_') && !char.IsDigit(name[0]) ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The names <c>WITH [RECURSIVE] a AS (...), b (x, y) AS [NOT] [MATERIALIZED] (...)</c> defines, anywhere in the text.</summary>
    private static HashSet<string> CommonTableExpressions(IReadOnlyList<SqlToken> tokens)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!tokens[i].Is("WITH"))
            {
                continue;
            }

            var j = i + 1;
            if (j < tokens.Count && tokens[j].Is("RECURSIVE"))
            {
                j++;
            }

            while (j < tokens.Count && tokens[j].IsName)
            {
                var name = tokens[j].Name;
                j++;
                if (j < tokens.Count && tokens[j].IsSymbol('('))
                {
                    j = Closing(tokens, j) + 1; // column list
                }

                if (j >= tokens.Count || !tokens[j].Is("AS"))
                {
                    break;
                }

                j++;
                while (j < tokens.Count && (tokens[j].Is("NOT") || tokens[j].Is("MATERIALIZED")))
                {
                    j++;
                }

                if (j >= tokens.Count || !tokens[j].IsSymbol('('))
                {
                    break;
                }

                names.Add(name);
                j = Closing(tokens, j) + 1;
                if (j < tokens.Count && tokens[j].IsSymbol(','))
                {
                    j++;
                    continue;
                }

                break;
            }
        }

        return names;
    }

    private static int Closing(IReadOnlyList<SqlToken> tokens, int open)
    {
        var depth = 0;
        for (var i = open; i < tokens.Count; i++)
        {
            if (tokens[i].IsSymbol('('))
            {
                depth++;
            }
            else if (tokens[i].IsSymbol(')') && --depth == 0)
            {
                return i;
            }
        }

        return tokens.Count;
    }
}
