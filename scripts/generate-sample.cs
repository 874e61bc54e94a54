// Generates the retail sample data at a scale: dotnet run scripts/generate-sample.cs -- 10 data/generated/scale-10
#:project ../lib/Workbench/Workbench.csproj
using System.Globalization;
using Workbench.Samples;

var scale = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 1.0;
var output = args.Length > 1 ? args[1] : Path.Combine("data", "generated", "scale-" + scale.ToString(CultureInfo.InvariantCulture));
var files = new RetailDataGenerator(new RetailGeneratorOptions(scale)).Generate(output);
Console.WriteLine($"Wrote {files.Count} files ({files.Sum(f => f.Rows):N0} rows) to {Path.GetFullPath(output)}");
