using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CoSod.Benchmarks;
using CoSod.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CoSod.Tests.Benchmarks;

/// <summary>
/// Runs alone: BenchmarkDotNet's in-process engine raises the process and thread priority while it runs, and the
/// return-value check uses every core.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchmarkSmokeCollection
{
    public const string Name = "Benchmark smoke";
}

/// <summary>
/// CI smoke for benchmarks/CoSod.Benchmarks (issue 6): every benchmark runs once, so a broken benchmark (a setup
/// that throws, a kernel that throws, a config or column that BenchmarkDotNet rejects, a benchmark that returns
/// nothing) fails CI. Nothing here is timed and no speed is asserted: run-bench.ps1 measures.
/// </summary>
[Collection(BenchmarkSmokeCollection.Name)]
public sealed class BenchmarkSmokeTests(ITestOutputHelper output)
{
    /// <summary>
    /// BenchmarkDotNet itself, with the project's config (diagnosers, columns, validators, the exporters
    /// run-bench.ps1 asks for), Job.Dry (cold start, one iteration of one invocation, no pilot, no overhead run)
    /// and the in-process toolchain (no generated project to build), artifacts in a temporary folder. The
    /// optimisation validator is off: the tests build Debug, and nothing here is timed. Every benchmark
    /// method runs once, at its smallest size (the 400x300 anchor): BenchmarkDotNet repeats the global setup for
    /// every case, and in the tests' Debug build the 1000x750 cases alone took 40 s. The model benchmarks run once
    /// per network, at its native size with the smallest group (a forward pass takes seconds on a CPU: about 15 s
    /// for the four networks together, most of it GICD).
    /// <see cref="EveryBenchmarkReturnsAValue"/> covers every parameter value of the other benchmarks.
    /// </summary>
    [Fact]
    public void EveryBenchmarkRunsOnceInDryModeWithoutErrors()
    {
        Assert.NotEmpty(BenchmarkCatalog.Types);
        using var artifacts = new TempTree();
        var log = new AccumulationLogger();
        var selected = BenchmarkCatalog.Types.ToDictionary(t => t, BenchmarkCatalog.CheapestCases);
        var config = ManualConfig.Create(new BenchConfig())
            .AddFilter(new SimpleFilter(c => selected[c.Descriptor.Type].Any(s => SameCase(s, c))))
            .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("SmokeDry"))
            .AddLogger(log)
            .AddExporter(JsonExporter.Default, CsvExporter.Default, MarkdownExporter.GitHub)
            .WithArtifactsPath(artifacts.Root)
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.DisableOptimizationsValidator);

        // BenchConfig logs to the console as well (for the command line); in the test run that would be some 450
        // lines of progress in every CI log, so the console is muted while BenchmarkDotNet runs (the collection runs
        // alone). The accumulated log goes into the failure message instead.
        var console = Console.Out;
        Summary[] summaries;
        Console.SetOut(TextWriter.Null);
        try
        {
            summaries = BenchmarkRunner.Run(BenchmarkCatalog.Types.ToArray(), config);
        }
        finally
        {
            Console.SetOut(console);
        }

        output.WriteLine($"{summaries.Sum(s => s.BenchmarksCases.Length)} cases of {summaries.Length} classes ran (dry, in-process)");

        Assert.True(
            summaries.Length == BenchmarkCatalog.Types.Count,
            $"{summaries.Length} summaries for {BenchmarkCatalog.Types.Count} benchmark classes.\n\n{FailureLog(log)}");
        var problems = new List<string>();
        foreach (var type in BenchmarkCatalog.Types)
        {
            var summary = summaries.SingleOrDefault(s => s.BenchmarksCases.Any(c => c.Descriptor.Type == type));
            if (summary is null)
            {
                problems.Add($"{type.Name}: no summary (every case was rejected or filtered out)");
                continue;
            }

            problems.AddRange(summary.ValidationErrors.Where(e => e.IsCritical).Select(e => $"{type.Name}: {e.Message}"));
            if (summary.HasCriticalValidationErrors && !summary.ValidationErrors.Any(e => e.IsCritical))
            {
                problems.Add($"{type.Name}: critical validation errors");
            }

            // Every selected case (each benchmark method of the class) must have run.
            foreach (var expected in selected[type])
            {
                var name = $"{type.Name}.{expected.Descriptor.WorkloadMethod.Name}({expected.Parameters.DisplayInfo})";
                var report = summary.Reports.SingleOrDefault(r => SameCase(expected, r.BenchmarkCase));
                problems.AddRange(CaseProblems(name, summary, report));
            }

            foreach (var suffix in new[] { "-report-full-compressed.json", "-report.csv", "-report-github.md" })
            {
                var export = Path.Combine(summary.ResultsDirectoryPath, type.FullName + suffix);
                if (!File.Exists(export) || new FileInfo(export).Length == 0)
                {
                    problems.Add($"{type.Name}: the export {Path.GetFileName(export)} was not written");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n\n" + FailureLog(log));
    }

    /// <summary>
    /// The same cases without BenchmarkDotNet, one call each: parameters set, [GlobalSetup], the benchmark,
    /// [GlobalCleanup], as BenchmarkDotNet's execution validator does, but keeping what each benchmark returns. A
    /// benchmark must return what it computed (so the JIT cannot drop the work): not void, not null, not the
    /// type's default, and finite when it is a floating-point checksum. Every parameter value, except for the model
    /// benchmarks: their cheapest case per network (<see cref="BenchmarkCatalog.ValueCheckCases"/>).
    /// </summary>
    [Fact]
    public void EveryBenchmarkReturnsAValue()
    {
        // One instance and one global setup per parameter set (and setup/cleanup target), as BenchmarkDotNet runs
        // them. The groups are independent (each makes its own temporary dataset; every metric benchmark is
        // single-threaded), so they run side by side, one per core, the largest images first. The model benchmarks
        // run one after another once those are done: each sets libtorch's process-wide thread count and uses
        // every core, and GICD alone holds 1 GB of weights.
        var groups = BenchmarkCatalog.Types
            .SelectMany(t => BenchmarkCatalog.ValueCheckCases(t).GroupBy(c => (
                c.Parameters.DisplayInfo, c.Descriptor.GlobalSetupMethod, c.Descriptor.GlobalCleanupMethod)))
            .Select(g => g.ToArray())
            .OrderBy(g => BenchmarkCatalog.RunsNetworks(g[0].Descriptor.Type))
            .ThenByDescending(g => BenchmarkCatalog.Cost(g[0]))
            .ToArray();
        var sideBySide = groups.Count(g => !BenchmarkCatalog.RunsNetworks(g[0].Descriptor.Type));
        var results = new (string Name, object? Value, string? Problem)[groups.Length][];
        Parallel.ForEach(
            Partitioner.Create(Enumerable.Range(0, sideBySide), EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => results[i] = RunGroup(groups[i]));
        for (var i = sideBySide; i < groups.Length; i++)
        {
            results[i] = RunGroup(groups[i]);
        }
        output.WriteLine($"{groups.Sum(g => g.Length)} benchmark calls after {groups.Length} global setups");

        var all = results.SelectMany(r => r).OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();
        foreach (var (name, value, problem) in all)
        {
            output.WriteLine($"{name} = {problem ?? Convert.ToString(value, CultureInfo.InvariantCulture)}");
        }

        Assert.NotEmpty(all);
        var problems = all.Where(r => r.Problem is not null).Select(r => $"{r.Name}: {r.Problem}").ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems));
    }

    /// <summary>Parameters, [GlobalSetup], each case once (with its iteration setup and cleanup), [GlobalCleanup].</summary>
    private static (string Name, object? Value, string? Problem)[] RunGroup(BenchmarkCase[] group)
    {
        var first = group[0];
        var type = first.Descriptor.Type;
        string NameOf(BenchmarkCase c) => $"{type.Name}.{c.Descriptor.WorkloadMethod.Name}({c.Parameters.DisplayInfo})";
        var results = new List<(string, object?, string?)>();
        object? instance = null;
        try
        {
            instance = Activator.CreateInstance(type)
                ?? throw new InvalidOperationException($"{type.Name} could not be created.");
            foreach (var parameter in first.Parameters.Items.Where(p => !p.IsArgument))
            {
                SetParameter(type, instance, parameter.Name, parameter.Value);
            }

            Invoke(first.Descriptor.GlobalSetupMethod, instance);
            foreach (var benchmarkCase in group)
            {
                var method = benchmarkCase.Descriptor.WorkloadMethod;
                try
                {
                    var arguments = benchmarkCase.Parameters.Items.Where(p => p.IsArgument).Select(p => p.Value).ToArray();
                    Invoke(benchmarkCase.Descriptor.IterationSetupMethod, instance);
                    var value = Await(Invoke(method, instance, arguments));
                    Invoke(benchmarkCase.Descriptor.IterationCleanupMethod, instance);
                    results.Add((NameOf(benchmarkCase), value, ValueProblem(method, value)));
                }
                catch (Exception e)
                {
                    results.Add((NameOf(benchmarkCase), null, $"threw {e.GetType().Name}: {e.Message}"));
                }
            }
        }
        catch (Exception e)
        {
            // The setup failed: every case of the group is reported, none silently dropped.
            results.AddRange(group.Select(c => (NameOf(c), (object?)null, (string?)$"setup threw {e.GetType().Name}: {e.Message}")));
        }
        finally
        {
            if (instance is not null)
            {
                try
                {
                    Invoke(first.Descriptor.GlobalCleanupMethod, instance);
                }
                catch (Exception e)
                {
                    results.Add(($"{type.Name}.[GlobalCleanup]({first.Parameters.DisplayInfo})", null, $"threw {e.GetType().Name}: {e.Message}"));
                }
            }
        }

        return results.ToArray();
    }

    private static bool SameCase(BenchmarkCase a, BenchmarkCase b) =>
        a.Descriptor.WorkloadMethod == b.Descriptor.WorkloadMethod && a.Parameters.DisplayInfo == b.Parameters.DisplayInfo;

    private static IEnumerable<string> CaseProblems(string name, Summary summary, BenchmarkReport? report)
    {
        if (report is null)
        {
            yield return $"{name}: did not run";
            yield break;
        }

        if (!report.Success)
        {
            yield return $"{name}: failed";
        }

        foreach (var result in report.ExecuteResults.Where(r => !r.IsSuccess))
        {
            var errors = result.Errors.Where(e => !string.IsNullOrWhiteSpace(e)).ToArray();
            yield return $"{name}: exit code {result.ExitCode}" + (errors.Length > 0 ? $": {string.Join(" | ", errors)}" : "");
        }

        if (!report.AllMeasurements.Any(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual))
        {
            yield return $"{name}: no workload iteration was measured";
        }

        // The summary's own column must have something to show (whatever the value: nothing is timed here).
        if (PairsPerSecondColumn.PairsPerSecond(summary, report.BenchmarkCase) is null)
        {
            yield return $"{name}: no Pairs/s value (no statistics)";
        }
    }

    private static string? ValueProblem(MethodInfo method, object? value)
    {
        var returnType = UnwrapTask(method.ReturnType);
        if (returnType == typeof(void))
        {
            return "returns nothing; a benchmark must return what it computed";
        }

        return value switch
        {
            null => "returned null",
            double d when !double.IsFinite(d) => $"returned {d}",
            float f when !float.IsFinite(f) => $"returned {f}",
            _ when returnType.IsValueType && value.Equals(Activator.CreateInstance(returnType)) =>
                $"returned {value}, the default of {returnType.Name}: the checksum saw no work",
            _ => null,
        };
    }

    private static Type UnwrapTask(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask) ? typeof(void)
        : type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? type.GetGenericArguments()[0]
            : type;

    private static object? Await(object? value)
    {
        switch (value)
        {
            case Task task:
                task.GetAwaiter().GetResult();
                return task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<int>.Result))!.GetValue(task) : null;
            case ValueTask valueTask:
                valueTask.AsTask().GetAwaiter().GetResult();
                return null;
            case not null when value.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(ValueTask<>):
                return Await(t.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(value, null));
            default:
                return value;
        }
    }

    private static object? Invoke(MethodInfo? method, object instance, object?[]? arguments = null)
    {
        if (method is null)
        {
            return null;
        }

        try
        {
            return method.Invoke(method.IsStatic ? null : instance, arguments is { Length: > 0 } ? arguments : null);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidOperationException($"{method.DeclaringType?.Name}.{method.Name} threw: {e.InnerException.Message}", e.InnerException);
        }
    }

    private static void SetParameter(Type type, object instance, string name, object? value)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        if (type.GetProperty(name, flags) is { } property)
        {
            property.SetValue(property.GetMethod?.IsStatic == true ? null : instance, value);
        }
        else if (type.GetField(name, flags) is { } field)
        {
            field.SetValue(field.IsStatic ? null : instance, value);
        }
        else
        {
            throw new InvalidOperationException($"{type.Name} has no parameter member {name}.");
        }
    }

    /// <summary>
    /// The log sections ("// Benchmark: ...") that hold an exception, else the log's end (validation errors are
    /// printed before any benchmark runs, and a failed run's reason near its end).
    /// </summary>
    private static string FailureLog(AccumulationLogger log)
    {
        const int keep = 4000;
        var text = log.GetLog();
        var sections = text.Split("\n// Benchmark: ")
            .Skip(1)
            .Where(section => section.Contains("Exception", StringComparison.Ordinal))
            .Select(section => "// Benchmark: " + (section.Length <= keep ? section : section[..keep] + "\n..."))
            .ToArray();
        return sections.Length > 0 ? string.Join("\n", sections)
            : text.Length <= keep ? text
            : "...\n" + text[^keep..];
    }
}
