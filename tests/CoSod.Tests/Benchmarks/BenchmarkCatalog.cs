using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using CoSod.Benchmarks;

namespace CoSod.Tests.Benchmarks;

/// <summary>
/// Every benchmark of benchmarks/CoSod.Benchmarks, found the way BenchmarkSwitcher finds them (public classes with a
/// [Benchmark] method), so a benchmark class added later is smoke-tested without touching the tests.
/// </summary>
internal static class BenchmarkCatalog
{
    public static Assembly Assembly { get; } = typeof(BenchConfig).Assembly;

    public static IReadOnlyList<Type> Types { get; } = Assembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false })
        .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Every case (method x parameter values) BenchmarkDotNet would run for <paramref name="type"/>.</summary>
    public static BenchmarkCase[] Cases(Type type) =>
        BenchmarkConverter.TypeToBenchmarks(type, new BenchConfig()).BenchmarksCases;

    /// <summary>
    /// Each benchmark method of <paramref name="type"/> once per network (<see cref="ModelChoice"/> parameter), at its
    /// cheapest parameter set by <see cref="Cost"/>: the 400x300 anchor for the metric benchmarks, the native size with
    /// the smallest group for the models; else the first set BenchmarkDotNet lists.
    /// </summary>
    public static BenchmarkCase[] CheapestCases(Type type) => Cases(type)
        .GroupBy(c => (c.Descriptor.WorkloadMethod, Network(c)))
        .Select(g => g.OrderBy(Cost).First())
        .ToArray();

    /// <summary>
    /// The cases <see cref="BenchmarkSmokeTests.EveryBenchmarkReturnsAValue"/> calls: every case, except for the model
    /// benchmarks, whose calls take seconds each (up to 20 s for GICD with N = 8): their cheapest case per network.
    /// </summary>
    public static BenchmarkCase[] ValueCheckCases(Type type) => RunsNetworks(type) ? CheapestCases(type) : Cases(type);

    /// <summary>True when the benchmark runs libtorch networks (it has a <see cref="ModelChoice"/> parameter).</summary>
    public static bool RunsNetworks(Type type) => Cases(type).Any(c => Network(c) is not null);

    /// <summary>
    /// A cost estimate: pixels over the case's <see cref="ImageSize"/> parameters, plus input pixels S^2 x N of a
    /// model case (Size and Group parameters); 0 without either.
    /// </summary>
    public static long Cost(BenchmarkCase benchmarkCase)
    {
        var parameters = benchmarkCase.Parameters;
        var pixels = parameters.Items.Sum(p => p.Value is ImageSize size ? (long)size.PixelCount : 0L);
        if (parameters[nameof(ModelLatency.Size)] is int side)
        {
            pixels += (long)side * side * (parameters[nameof(ModelLatency.Group)] is int group ? group : 1);
        }

        return pixels;
    }

    private static ModelChoice? Network(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<ModelChoice>().FirstOrDefault();
}
