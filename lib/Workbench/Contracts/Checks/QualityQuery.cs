using Workbench.Sql;

namespace Workbench.Contracts;

/// <summary>One placeholder in a quality rule's query: its name and the text it replaces (with any quotes around it).</summary>
public readonly record struct QueryPlaceholder(string Name, int Start, int Length, int Line, int Column)
{
    public int End => Start + Length;
}

/// <summary>
/// The placeholders ODCS writes in <c>type: sql</c> rules and how they are filled: <c>{object}</c>, <c>{table}</c> and
/// <c>{model}</c> become the quoted, schema-qualified table; <c>{property}</c>, <c>{column}</c> and <c>{field}</c> the
/// quoted column (in a property's rules only); <c>{schema}</c> the quoted schema. Each may be written with a leading
/// <c>$</c> (<c>${object}</c>, as the v3.0 docs and the JSON schema do) and inside one pair of quotes (<c>'{table}'</c>),
/// which the quoted identifier replaces. Text inside other string literals and comments is never touched.
/// </summary>
public static class QualityQuery
{
    public static IReadOnlyList<string> TablePlaceholders { get; } = ["object", "table", "model"];

    public static IReadOnlyList<string> ColumnPlaceholders { get; } = ["property", "column", "field"];

    public const string SchemaPlaceholder = "schema";

    /// <summary>Placeholders filled from the contract's server in use, as datacontract-cli fills them: its setting of that name.</summary>
    public static IReadOnlyList<string> ServerPlaceholders { get; } = ["database", "catalog", "project", "dataset"];

    /// <summary>Every placeholder name Workbench fills, for messages.</summary>
    public static string Known => "{object} (or {table}, {model}), {property} (or {column}, {field}, in a property's rules), {schema}, and the server's {database}, {catalog}, {project}, {dataset}";

    /// <summary>The placeholders in <paramref name="sql"/>, known or not, in order.</summary>
    public static IReadOnlyList<QueryPlaceholder> Find(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = SqlTokenizer.Tokenize(sql);
        var found = new List<QueryPlaceholder>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind is SqlTokenKind.Literal or SqlTokenKind.QuotedIdentifier && token.Text.Length > 2 && NameOf(token.Text[1..^1]) is { } quoted
                && token.Text[0] is '\'' or '"')
            {
                found.Add(new QueryPlaceholder(quoted, token.Start, token.Length, token.Line, token.Column));
            }
            else if (token.IsSymbol('{') && i + 2 < tokens.Count && tokens[i + 1].Kind == SqlTokenKind.Word && tokens[i + 2].IsSymbol('}')
                && tokens[i + 1].Start == token.End && tokens[i + 2].Start == tokens[i + 1].End)
            {
                var dollar = i > 0 && tokens[i - 1].IsSymbol('$') && tokens[i - 1].End == token.Start;
                var first = dollar ? tokens[i - 1] : token;
                found.Add(new QueryPlaceholder(tokens[i + 1].Text, first.Start, tokens[i + 2].End - first.Start, first.Line, first.Column));
                i += 2;
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="name"/> is a placeholder Workbench fills; <paramref name="atProperty"/> allows the column ones.</summary>
    public static bool IsKnown(string name, bool atProperty) =>
        TablePlaceholders.Contains(name) || name == SchemaPlaceholder || ServerPlaceholders.Contains(name) || (atProperty && ColumnPlaceholders.Contains(name));

    /// <summary>The query with every known placeholder replaced; unknown ones are left for <see cref="Find"/> to report.</summary>
    /// <param name="table">The quoted, qualified table.</param>
    /// <param name="column">The quoted column, for a property's rule; null at schema level.</param>
    /// <param name="schema">The quoted schema.</param>
    /// <param name="server">The settings of the contract's server in use (database, catalog, project, dataset), if any.</param>
    public static string Fill(string sql, string table, string? column, string schema, Func<string, string?>? server = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var text = new System.Text.StringBuilder();
        var at = 0;
        foreach (var placeholder in Find(sql))
        {
            var value = TablePlaceholders.Contains(placeholder.Name) ? table
                : placeholder.Name == SchemaPlaceholder ? schema
                : ColumnPlaceholders.Contains(placeholder.Name) ? column
                : ServerPlaceholders.Contains(placeholder.Name) && server?.Invoke(placeholder.Name) is { } setting ? Warehouse.WarehouseConnection.Quote(setting)
                : null;
            if (value is null)
            {
                continue;
            }

            text.Append(sql, at, placeholder.Start - at).Append(value);
            at = placeholder.End;
        }

        return text.Append(sql, at, sql.Length - at).ToString();
    }

    /// <summary>
    /// What the query measures, for results: its one selected expression as written (<c>MIN(amount)</c>), or its alias,
    /// shortened; "the query's first column" when it selects several.
    /// </summary>
    public static string Measures(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = SqlTokenizer.Tokenize(sql);
        var select = TopLevelSelect(tokens);
        if (select < 0)
        {
            return "the query's result";
        }

        var depth = 0;
        var end = tokens.Count;
        var commas = 0;
        for (var i = select + 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            depth += token.IsSymbol('(') ? 1 : token.IsSymbol(')') ? -1 : 0;
            if (depth < 0 || (depth == 0 && (token.Is("FROM") || token.IsSymbol(';') || token.Is("WHERE") || token.Is("UNION"))))
            {
                end = i;
                break;
            }

            commas += depth == 0 && token.IsSymbol(',') ? 1 : 0;
        }

        if (commas > 0 || end == select + 1)
        {
            return "the query's first column";
        }

        var first = tokens[select + 1];
        if (first.Is("DISTINCT") || first.Is("ALL"))
        {
            select++;
        }

        var text = sql[tokens[select + 1].Start..tokens[end - 1].End].ReplaceLineEndings(" ");
        text = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 60 ? text : text[..57] + "...";
    }

    /// <summary>The index of the query's own SELECT: the first outside parentheses (after any WITH), else the first.</summary>
    private static int TopLevelSelect(IReadOnlyList<SqlToken> tokens)
    {
        var depth = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            depth += tokens[i].IsSymbol('(') ? 1 : tokens[i].IsSymbol(')') ? -1 : 0;
            if (depth == 0 && tokens[i].Is("SELECT"))
            {
                return i;
            }
        }

        return tokens.ToList().FindIndex(t => t.Is("SELECT"));
    }

    private static string? NameOf(string inside)
    {
        var body = inside.StartsWith('$') ? inside[1..] : inside;
        if (body.Length < 3 || body[0] != '{' || body[^1] != '}')
        {
            return null;
        }

        var name = body[1..^1];
        return name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_') ? name : null;
    }
}
