using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CoSod.Benchmarks;

/// <summary>
/// Image pairs (prediction + ground truth) scored per second on one thread. Every benchmark sets
/// <c>OperationsPerInvoke</c> to the pairs one call handles, and BenchmarkDotNet already divides the measured
/// time by it, so its statistics are per pair and pairs/s = 1 s / median. The median, not the mean: on a
/// shared two-core machine a burst from another process inflates one iteration, and the median shrugs it off.
/// (Shape: BenchmarkDotNet's TagColumn.)
/// </summary>
public sealed class PairsPerSecondColumn : IColumn
{
    public static PairsPerSecondColumn Instance { get; } = new();

    public string Id => nameof(PairsPerSecondColumn);

    public string ColumnName => "Pairs/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Image pairs per second on one thread: 1 s / Median (time per pair: OperationsPerInvoke = pairs per call)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <summary>Shown unless every case of the summary is a model or pre-processing benchmark (no pairs there).</summary>
    public bool IsAvailable(Summary summary) =>
        !summary.BenchmarksCases.All(c => c.Descriptor.Categories.Any(Categories.WithoutPairs.Contains));

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var pairsPerSecond = PairsPerSecond(summary, benchmarkCase);
        return pairsPerSecond is { } value
            ? value.ToString("#,##0.0", style.CultureInfo ?? CultureInfo.InvariantCulture)
            : "NA";
    }

    /// <summary>Null when the case has no measurements (failed, or filtered out).</summary>
    public static double? PairsPerSecond(Summary summary, BenchmarkCase benchmarkCase)
    {
        var nanosecondsPerPair = summary[benchmarkCase]?.ResultStatistics?.Median;
        return nanosecondsPerPair is > 0 ? 1e9 / nanosecondsPerPair.Value : null;
    }

    public override string ToString() => ColumnName;
}
