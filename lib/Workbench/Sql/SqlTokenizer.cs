using System.Text;

namespace Workbench.Sql;

/// <summary>The kinds of token Workbench tells apart in SQL text.</summary>
public enum SqlTokenKind
{
    /// <summary>An unquoted identifier or keyword.</summary>
    Word,

    /// <summary>A double-quoted identifier.</summary>
    QuotedIdentifier,

    /// <summary>A string literal: <c>'...'</c>, <c>E'...'</c>, or a dollar-quoted <c>$tag$...$tag$</c>.</summary>
    Literal,

    Number,

    /// <summary>Any other character or operator (parentheses, commas, dots and semicolons are single-character punctuation).</summary>
    Symbol,
}

/// <summary>One token of SQL text: where it starts (index and 1-based line and column) and how long it is.</summary>
public readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Start, int Length, int Line, int Column)
{
    public int End => Start + Length;

    /// <summary>Whether this is the unquoted word <paramref name="keyword"/> (case-insensitive).</summary>
    public bool Is(string keyword) => Kind == SqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this is the symbol <paramref name="symbol"/>.</summary>
    public bool IsSymbol(char symbol) => Kind == SqlTokenKind.Symbol && Text.Length == 1 && Text[0] == symbol;

    /// <summary>Whether this names something: a word or a quoted identifier.</summary>
    public bool IsName => Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier;

    /// <summary>The name the token stands for: a quoted identifier without its quotes.</summary>
    public string Name => Kind == SqlTokenKind.QuotedIdentifier ? Text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : Text;
}

/// <summary>
/// Splits SQL into tokens, skipping whitespace and comments (<c>--</c>, nested <c>/* */</c>) and keeping string literals and
/// quoted identifiers whole, in the forms both DuckDB and PostgreSQL accept. It does not parse; it is what the checks
/// and reference scans that must not be fooled by a keyword inside a string or comment are built on.
/// </summary>
public static class SqlTokenizer
{
    public static IReadOnlyList<SqlToken> Tokenize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = new List<SqlToken>();
        var i = 0;
        var line = 1;
        var lineStart = 0;
        void Advance(int to)
        {
            for (; i < to && i < sql.Length; i++)
            {
                if (sql[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }
        }

        while (i < sql.Length)
        {
            var c = sql[i];
            var start = i;
            var (startLine, startColumn) = (line, i - lineStart + 1);
            void Emit(SqlTokenKind kind, int end)
            {
                Advance(end);
                tokens.Add(new SqlToken(kind, sql[start..i], start, i - start, startLine, startColumn));
            }

            if (char.IsWhiteSpace(c))
            {
                Advance(i + 1);
            }
            else if (c == '-' && At(sql, i + 1, '-'))
            {
                var end = sql.IndexOf('\n', i);
                Advance(end < 0 ? sql.Length : end);
            }
            else if (c == '/' && At(sql, i + 1, '*'))
            {
                Advance(BlockCommentEnd(sql, i));
            }
            else if (c == '\'')
            {
                Emit(SqlTokenKind.Literal, QuotedEnd(sql, i, '\'', backslashEscapes: false));
            }
            else if ((c is 'E' or 'e') && At(sql, i + 1, '\''))
            {
                Emit(SqlTokenKind.Literal, QuotedEnd(sql, i + 1, '\'', backslashEscapes: true));
            }
            else if (c == '"')
            {
                Emit(SqlTokenKind.QuotedIdentifier, QuotedEnd(sql, i, '"', backslashEscapes: false));
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                var close = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                Emit(SqlTokenKind.Literal, close < 0 ? sql.Length : close + tag.Length);
            }
            else if (char.IsLetter(c) || c == '_' || c > 127)
            {
                var end = i + 1;
                while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] is '_' or '$' || sql[end] > 127))
                {
                    end++;
                }

                Emit(SqlTokenKind.Word, end);
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < sql.Length && char.IsDigit(sql[i + 1])))
            {
                var end = i + 1;
                while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '.' || ((sql[end] is '+' or '-') && sql[end - 1] is 'e' or 'E')))
                {
                    end++;
                }

                Emit(SqlTokenKind.Number, end);
            }
            else
            {
                Emit(SqlTokenKind.Symbol, i + 1);
            }
        }

        return tokens;
    }

    /// <summary>The text with comments and the insides of string literals replaced by spaces (newlines kept, so lines stay right).</summary>
    public static string BlankOutCommentsAndStrings(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var text = new StringBuilder(sql.Length);
        var kept = Tokenize(sql);
        var next = 0;
        foreach (var token in kept)
        {
            for (; next < token.Start; next++)
            {
                text.Append(sql[next] == '\n' ? '\n' : char.IsWhiteSpace(sql[next]) ? sql[next] : ' ');
            }

            if (token.Kind == SqlTokenKind.Literal)
            {
                foreach (var ch in token.Text)
                {
                    text.Append(ch == '\n' ? '\n' : ' ');
                }
            }
            else
            {
                text.Append(token.Text);
            }

            next = token.End;
        }

        for (; next < sql.Length; next++)
        {
            text.Append(sql[next] == '\n' ? '\n' : char.IsWhiteSpace(sql[next]) ? sql[next] : ' ');
        }

        return text.ToString();
    }

    private static bool At(string sql, int index, char c) => index < sql.Length && sql[index] == c;

    private static int BlockCommentEnd(string sql, int start)
    {
        var depth = 0;
        var i = start;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && At(sql, i + 1, '*'))
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && At(sql, i + 1, '/'))
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    private static int QuotedEnd(string sql, int open, char quote, bool backslashEscapes)
    {
        var i = open + 1;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == quote)
            {
                if (At(sql, i + 1, quote))
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    /// <summary>The opening <c>$tag$</c> of a dollar-quoted string at <paramref name="start"/>, or null (a parameter such as <c>$1</c>).</summary>
    private static string? DollarTag(string sql, int start)
    {
        var i = start + 1;
        if (i < sql.Length && char.IsDigit(sql[i]))
        {
            return null;
        }

        while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
        {
            i++;
        }

        return i < sql.Length && sql[i] == '$' ? sql[start..(i + 1)] : null;
    }
}
