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
    /// Each benchmark method of <paramref name="type"/> once, at its cheapest parameter set: the fewest pixels over
    /// its <see cref="ImageSize"/> parameters (the 400x300 anchor), else the first set BenchmarkDotNet lists.
    /// </summary>
    public static BenchmarkCase[] CheapestCases(Type type) => Cases(type)
        .GroupBy(c => c.Descriptor.WorkloadMethod)
        .Select(g => g.OrderBy(Pixels).First())
        .ToArray();

    /// <summary>Pixels over the case's <see cref="ImageSize"/> parameters (0 without one): a cost estimate.</summary>
    public static long Pixels(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.Sum(p => p.Value is ImageSize size ? (long)size.PixelCount : 0L);
}
