using CoSod.Cli;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Running;
using CoSod.Evaluation.Statistics;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Statistics;

/// <summary>Bootstrap confidence intervals of eval --ci: reproducible, thread-independent, sensible.</summary>
public sealed class BootstrapTests : IDisposable
{
    private static readonly string[] MeanTypeMetrics = ["Sm", "MAE", "wFm", "Fm.adp", "Em.adp"];

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static Evaluation.Results.EvaluationReport Run(BootstrapSettings settings, int threads, Aggregation aggregation = Aggregation.ImageMean) =>
        EvaluationRunner.Run(new EvaluationRequest
        {
            GroundTruthRoot = Path.Combine(SharedFixtures.SynthPublic, "datasets"),
            PredictionRoot = Path.Combine(SharedFixtures.SynthPublic, "predictions"),
            Datasets = ["CoSOD3k"],
            Methods = ["SoftBlur", "Noisy"],
            Profile = PySodMetricsProfile.Instance,
            Aggregation = aggregation,
            Threads = threads,
            Bootstrap = settings,
        });

    [Fact]
    public void Intervals_are_reproducible_with_the_seed_and_independent_of_threads()
    {
        var settings = new BootstrapSettings(Resamples: 300, Seed: 7);

        var one = Evaluation.Results.MetricsJson.Serialize(Run(settings, threads: 1));
        var two = Evaluation.Results.MetricsJson.Serialize(Run(settings, threads: 2));
        var otherSeed = Evaluation.Results.MetricsJson.Serialize(Run(settings with { Seed = 8 }, threads: 2));

        Assert.Equal(one, two);
        Assert.NotEqual(one, otherSeed);
    }

    [Theory]
    [InlineData(Aggregation.ImageMean)]
    [InlineData(Aggregation.GroupMean)]
    public void Every_dataset_number_gets_an_interval_and_mean_type_ones_contain_the_estimate(Aggregation aggregation)
    {
        var report = Run(new BootstrapSettings(Resamples: 400, Seed: 11), threads: 2, aggregation);

        foreach (var result in report.Results)
        {
            var intervals = result.Intervals!.ToDictionary(i => i.Key, i => i.Value);
            Assert.Equal(result.Metrics!.Scalars.Select(s => s.Key), intervals.Keys);
            foreach (var (metric, bounds) in intervals)
            {
                Assert.True(bounds[0] <= bounds[1], $"{metric}: {bounds[0]} > {bounds[1]}");
            }

            foreach (var metric in MeanTypeMetrics)
            {
                var estimate = result.Metrics[metric]!.Value;
                Assert.InRange(estimate, intervals[metric][0], intervals[metric][1]);
            }

            Assert.True(intervals["Sm"][1] - intervals["Sm"][0] > 0, "ten images must leave some uncertainty");
        }

        Assert.Contains(report.Options, o => o.Key == "bootstrap" && o.Value.Contains("seed 11", StringComparison.Ordinal));
    }

    [Fact]
    public void The_command_line_writes_intervals_into_metrics_json()
    {
        var out1 = _tree.PathOf("ci");
        var run = CliRun.Of("eval", "--gt", Path.Combine(SharedFixtures.SynthPublic, "datasets"),
            "--pred", Path.Combine(SharedFixtures.SynthPublic, "predictions"), "--datasets", "CoCA", "--methods", "SoftBlur",
            "--out", out1, "--ci", "--resamples", "200", "--seed", "3");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = CliRun.ReadMetrics(out1);
        var sm = json.RootElement.GetProperty("results")[0].GetProperty("intervals").GetProperty("Sm");
        Assert.Equal(2, sm.GetArrayLength());
        Assert.Contains("200 resamples of images, seed 3", json.RootElement.GetProperty("options").GetProperty("bootstrap").GetString(), StringComparison.Ordinal);
    }
}
