using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Workbench.Notebooks.Documents;

namespace Workbench.Notebooks.Parameters;

/// <summary>
/// Reads the declarations in a notebook's <c>parameters</c> cell without running it: each top-level
/// <c>Type name = default;</c> (or <c>var name = literal;</c>) is a parameter with a known type.
/// </summary>
public static class ParameterCellParser
{
    public const string Tag = "parameters";

    /// <summary>The index of the cell tagged <c>parameters</c>, or -1.</summary>
    public static int FindParameterCell(NotebookDocument notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        return notebook.Cells.FindIndex(c => c.Kind == CellKind.Code && c.Tags.Contains(Tag, StringComparer.OrdinalIgnoreCase));
    }

    public static IReadOnlyList<NotebookParameter> Parse(NotebookDocument notebook)
    {
        var index = FindParameterCell(notebook);
        return index < 0 ? [] : Parse(notebook.Cells[index].Source);
    }

    public static IReadOnlyList<NotebookParameter> Parse(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(kind: SourceCodeKind.Script));
        var parameters = new List<NotebookParameter>();
        // In script code a top-level declaration parses as a field; inside a statement list, as a local.
        foreach (var member in tree.GetCompilationUnitRoot().Members)
        {
            var (statement, declaration) = member switch
            {
                FieldDeclarationSyntax field => ((SyntaxNode)field, field.Declaration),
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local } => (member, local.Declaration),
                _ => (member, null),
            };
            if (declaration is null)
            {
                continue;
            }

            foreach (var variable in declaration.Variables)
            {
                var initializer = variable.Initializer?.Value;
                var typeName = declaration.Type.IsVar ? InferType(initializer) : declaration.Type.ToString();
                var line = variable.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                var comment = statement.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia)).ToString();
                parameters.Add(new NotebookParameter(
                    variable.Identifier.ValueText,
                    typeName ?? "var",
                    typeName is null ? null : ParameterType.Find(typeName),
                    initializer?.ToString() ?? "(none)",
                    comment.Length > 2 ? comment[2..].Trim() : null,
                    line));
            }
        }

        return parameters;
    }

    /// <summary>The type of a <c>var</c> initializer when it is evident from the syntax: a literal, <c>new T(...)</c> or <c>T.Parse(...)</c>.</summary>
    private static string? InferType(ExpressionSyntax? initializer) => initializer switch
    {
        LiteralExpressionSyntax literal => literal.Token.Value switch
        {
            string => "string",
            bool => "bool",
            int => "int",
            long => "long",
            double => "double",
            decimal => "decimal",
            _ => null,
        },
        PrefixUnaryExpressionSyntax { OperatorToken.Text: "-", Operand: var operand } => InferType(operand),
        ObjectCreationExpressionSyntax creation => creation.Type.ToString(),
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Parse" or "ParseExact", Expression: var type } } => type.ToString(),
        _ => null,
    };
}
