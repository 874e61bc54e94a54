using Workbench.Benchmarks;

// dotnet run --project tests/Workbench.Benchmarks -c Release -- runner [--runs N]   the notebook runner vs dotnet-repl
// dotnet run --project tests/Workbench.Benchmarks -c Release -- load [--runs N] [--scale S] [--postgres CONNECTION] [--engine duckdb|postgres]
//                                                                                  raw loading vs the engines' own bulk loads
// dotnet run --project tests/Workbench.Benchmarks -c Release -- models [--runs N]   500 model builds vs direct statements; planning 2,000
// dotnet run --project tests/Workbench.Benchmarks -c Release -- audit [--runs N] [--scale S] [--postgres CONNECTION]
//                                                                                  workbench build (write-audit-publish) vs the models built directly
// dotnet run --project tests/Workbench.Benchmarks -c Release -- notebooks [--runs N]  the five notebooks: our runner vs the dotnet-interactive tool
// dotnet run --project tests/Workbench.Benchmarks -c Release -- features             .NET Interactive features: our runner, the tool, dotnet-repl
return args.FirstOrDefault() switch
{
    "notebooks" => await ToolBenchmark.RunAsync(args[1..]),
    "features" => await FeatureProbe.RunAsync(args[1..]),
    "load" => await LoadBenchmark.RunAsync(args[1..]),
    "load-once" => await LoadBenchmark.OnceAsync(args[1..]),
    "models" => await ModelBenchmark.RunAsync(args[1..]),
    "audit" => await AuditBenchmark.RunAsync(args[1..]),
    "runner" => RunnerBenchmark.Run(args[1..]),
    _ => RunnerBenchmark.Run(args),
};
