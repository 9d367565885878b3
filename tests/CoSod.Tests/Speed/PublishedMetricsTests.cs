using CoSod.Evaluation.Results;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Speed;

/// <summary>
/// results/papers/published-metrics.json holds the papers' figures as cosod-primer.md quotes them, and nothing else:
/// no method or number that the primer does not give.
/// </summary>
public sealed class PublishedMetricsTests
{
    /// <summary>cosod-primer.md, "Numbers the papers report": Em / Sm / maxF / MAE.</summary>
    public static TheoryData<string, string, double, double, double, double> Published => new()
    {
        { "GCoNet+", "CoCA", 0.786, 0.691, 0.574, 0.113 },
        { "GCoNet+", "CoSOD3k", 0.881, 0.828, 0.807, 0.068 },
        { "GCoNet+", "CoSal2015", 0.917, 0.875, 0.876, 0.054 },
        { "GICD", "CoCA", 0.715, 0.658, 0.513, 0.126 },
    };

    private static EvaluationReport Read() =>
        MetricsJsonReader.Read(Path.Combine(SharedFixtures.RepositoryRoot, "results", "papers", "published-metrics.json"));

    [Theory]
    [MemberData(nameof(Published))]
    public void Each_published_figure_is_the_primer_s(string method, string dataset, double em, double sm, double maxF, double mae)
    {
        var result = Assert.Single(Read().Results, r => r.Method == method && r.Dataset == dataset);

        Assert.Equal(
            [new("Sm", sm), new("MAE", mae), new("Fm.max", maxF), new KeyValuePair<string, double?>("Em.max", em)],
            result.Metrics!.Scalars);
        Assert.Contains(result.Notes, n => n.StartsWith("As published in ", StringComparison.Ordinal) && n.EndsWith("not measured by cosod.", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_beyond_the_primer_s_figures_is_there()
    {
        var report = Read();

        Assert.Equal(Published.Count(), report.Results.Count);
        Assert.DoesNotContain(report.Results, r => r.Method == "GCoNet");
        Assert.All(report.Results, r => Assert.Empty(r.Metrics!.Curves));
        Assert.Equal("published", report.Profile);
        Assert.Contains(report.Options, o => o.Key == "note" && o.Value.Contains("not measured by cosod", StringComparison.Ordinal));
    }
}
