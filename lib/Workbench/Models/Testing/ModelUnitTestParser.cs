using Workbench.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workbench.Models.Testing;

/// <summary>
/// Reads unit tests from YAML: one test per file, or a list of them under <c>tests:</c>. Each names the model, gives rows
/// for inputs (<c>given: { staging.stg_orders: [ {order_id: 1, ...} ] }</c>) and the rows it expects (<c>expect:</c>).
/// </summary>
public static class ModelUnitTestParser
{
    public static IReadOnlyList<ModelUnitTest> LoadFolder(string root, string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.GetFiles(folder, "*.y*ml").Order(StringComparer.Ordinal)
            .SelectMany(f => Parse(Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToList();
    }

    public static IReadOnlyList<ModelUnitTest> Parse(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new SqlFileException(file, (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {(e.InnerException?.Message ?? e.Message).TrimEnd('.')}.");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SqlFileException(file, 1, 1, "a unit test file holds a block with model, given and expect (or a list of them under tests:).");
        }

        var tests = Get(root, "tests") is YamlSequenceNode list ? list.Children.OfType<YamlMappingNode>().ToList() : [root];
        return tests.Select((t, i) => ParseOne(file, t, tests.Count == 1 ? Path.GetFileNameWithoutExtension(file) : $"{Path.GetFileNameWithoutExtension(file)}#{i + 1}")).ToList();
    }

    private static ModelUnitTest ParseOne(string file, YamlMappingNode node, string fallbackName)
    {
        var model = (Get(node, "model") as YamlScalarNode)?.Value
            ?? throw new SqlFileException(file, (int)node.Start.Line, (int)node.Start.Column, "'model: schema.name' is required: which model does this test run?");
        var parts = model.Split('.');
        if (parts.Length != 2)
        {
            throw new SqlFileException(file, (int)node.Start.Line, (int)node.Start.Column, $"model '{model}' must be written as schema.name, e.g. marts.fct_orders.");
        }

        var given = new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string?>>>(StringComparer.OrdinalIgnoreCase);
        if (Get(node, "given") is YamlMappingNode inputs)
        {
            foreach (var (key, value) in inputs.Children)
            {
                given[((YamlScalarNode)key).Value!] = Rows(file, value);
            }
        }

        var expect = Get(node, "expect") is { } expected ? Rows(file, expected)
            : throw new SqlFileException(file, (int)node.Start.Line, (int)node.Start.Column, "'expect:' is required: the rows the model must return (only their columns are compared).");
        return new ModelUnitTest(
            (Get(node, "name") as YamlScalarNode)?.Value ?? fallbackName,
            file,
            new ModelId(parts[0].ToLowerInvariant(), parts[1].ToLowerInvariant()),
            (Get(node, "description") as YamlScalarNode)?.Value,
            given,
            expect);
    }

    private static List<IReadOnlyDictionary<string, string?>> Rows(string file, YamlNode node)
    {
        if (node is not YamlSequenceNode rows)
        {
            throw new SqlFileException(file, (int)node.Start.Line, (int)node.Start.Column, "rows are a list of blocks, e.g. - {order_id: 1, status: placed}.");
        }

        return rows.Children.Select(r => r is YamlMappingNode map
                ? (IReadOnlyDictionary<string, string?>)map.Children.ToDictionary(
                    kv => ((YamlScalarNode)kv.Key).Value!,
                    kv => kv.Value is YamlScalarNode { Value: var v, Style: var style } && !(style == ScalarStyle.Plain && v is "null" or "~" or "") ? v : null,
                    StringComparer.OrdinalIgnoreCase)
                : throw new SqlFileException(file, (int)r.Start.Line, (int)r.Start.Column, "each row is a block of column: value pairs."))
            .ToList();
    }

    private static YamlNode? Get(YamlMappingNode node, string key) =>
        node.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: var k } && k == key).Value;
}
