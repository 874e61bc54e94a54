using System.CommandLine;
using System.Globalization;
using Workbench.Samples;

namespace Workbench.Cli;

/// <summary><c>workbench data generate</c>: the seeded retail sample at any scale.</summary>
internal static class DataCommands
{
    public static Command Create()
    {
        var scale = new Option<double>("--scale") { Description = "1 ≈ 2,000 customers and 24,000 orders; the committed sample is 0.1.", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int>("--seed") { Description = "Same seed and scale give identical files.", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--out") { Description = "Folder to write (default: data/generated/scale-SCALE).", };
        var generate = new Command("generate", "Generate the retail sample data as CSV files.") { scale, seed, output };
        generate.SetAction(parse =>
        {
            var options = new RetailGeneratorOptions(parse.GetValue(scale), parse.GetValue(seed));
            var folder = parse.GetValue(output) ?? Path.Combine("data", "generated", "scale-" + options.Scale.ToString(CultureInfo.InvariantCulture));
            var files = new RetailDataGenerator(options).Generate(folder);
            foreach (var group in files.GroupBy(f => f.Table))
            {
                Console.WriteLine($"{group.Key,-16} {group.Sum(f => f.Rows),10:N0} rows in {group.Count()} file(s)");
            }

            Console.WriteLine($"Wrote {files.Count} files to {Path.GetFullPath(folder)}");
            return 0;
        });
        return new Command("data", "Sample data.") { generate };
    }
}
