using System.Globalization;
using CoSod.Cli;
using CoSod.Evaluation.Results;
using CoSod.Reports.Breakdown;
using CoSod.Reports.Figures;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Figures;

/// <summary>
/// The per-group breakdown against hand computations: binary maps whose MAE is a known count of wrong pixels, and
/// hand-written per-image values for the pure function.
/// </summary>
public sealed class GroupBreakdownTests : IDisposable
{
    private const int Side = 10;

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    /// <summary>
    /// Extra foreground rows per image: a 4x4 GT block plus e extra 4-pixel rows in the map makes 4e of the 100
    /// pixels wrong, so the map's MAE is exactly 4e/100 (the min-max normalised binary map is 0/1).
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, int[]>> ExtraRows = new()
    {
        ["M1"] = new() { ["easy"] = [0, 1], ["hard"] = [3, 4], ["mid"] = [2, 2] },
        ["M2"] = new() { ["easy"] = [1, 1], ["hard"] = [0, 0], ["mid"] = [4, 4] },
    };

    // Hand computation: group means of MAE (M1, M2) and their mean.
    //   easy: (0 + 0.04)/2 = 0.02,   (0.04 + 0.04)/2 = 0.04,  mean 0.03
    //   hard: (0.12 + 0.16)/2 = 0.14, (0 + 0)/2 = 0,          mean 0.07
    //   mid:  (0.08 + 0.08)/2 = 0.08, (0.16 + 0.16)/2 = 0.16, mean 0.12
    // MAE is lower-is-better, so worst first = highest first:
    //   by the mean over methods: mid, hard, easy; by the first method (M1): hard, mid, easy.
    private static readonly Dictionary<string, (double M1, double M2, double Mean)> Expected = new()
    {
        ["easy"] = (0.02, 0.04, 0.03),
        ["hard"] = (0.14, 0.0, 0.07),
        ["mid"] = (0.08, 0.16, 0.12),
    };

    private void BuildTree()
    {
        foreach (var (method, groups) in ExtraRows)
        {
            foreach (var (group, extras) in groups)
            {
                for (var i = 0; i < extras.Length; i++)
                {
                    var stem = $"{group}_{i}";
                    _tree.Png($"gt/DS/GroundTruth/{group}/{stem}.png", Side, Side, Block(4));
                    _tree.Png($"pred/{method}/DS/{group}/{stem}.png", Side, Side, Block(4 + extras[i]));
                }
            }
        }
    }

    /// <summary>255 in rows 1..rows (4 columns wide, columns 3..6), 0 elsewhere.</summary>
    private static byte[] Block(int rows)
    {
        var pixels = new byte[Side * Side];
        for (var y = 1; y < 1 + rows; y++)
        {
            for (var x = 3; x < 7; x++)
            {
                pixels[(y * Side) + x] = 255;
            }
        }

        return pixels;
    }

    private CliRun Eval(params string[] extra) =>
        CliRun.Of(["eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf("eval"), "--threads", "1", .. extra]);

    private string Metrics => _tree.PathOf("eval/metrics.json");

    private string Out => _tree.PathOf("plots");

    [Theory]
    [InlineData("mean", new[] { "mid", "hard", "easy" })]
    [InlineData("first", new[] { "hard", "mid", "easy" })]
    public void Groups_are_ranked_worst_first_with_the_hand_computed_means(string order, string[] expectedOrder)
    {
        BuildTree();
        Assert.Equal(ExitCodes.Ok, Eval("--per-image").ExitCode);

        var run = CliRun.Of("plot", Metrics, "--out", Out, "--group-breakdown", "DS", "--metric", "MAE", "--group-order", order);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var lines = File.ReadAllLines(Path.Combine(Out, "groups-DS.csv"));
        Assert.Equal("rank,group,images,M1,M2,mean_over_methods", lines[0]);
        Assert.Equal(expectedOrder, lines.Skip(1).Select(l => l.Split(',')[1]));
        for (var r = 1; r < lines.Length; r++)
        {
            var cells = lines[r].Split(',');
            var (m1, m2, mean) = Expected[cells[1]];
            Assert.Equal(r.ToString(CultureInfo.InvariantCulture), cells[0]);
            Assert.Equal("2", cells[2]);
            Assert.Equal(m1, double.Parse(cells[3], CultureInfo.InvariantCulture), 12);
            Assert.Equal(m2, double.Parse(cells[4], CultureInfo.InvariantCulture), 12);
            Assert.Equal(mean, double.Parse(cells[5], CultureInfo.InvariantCulture), 12);
        }

        var md = File.ReadAllText(Path.Combine(Out, "groups-DS.md"));
        Assert.Contains("| 1 | " + expectedOrder[0] + " | 2 |", md, StringComparison.Ordinal);
        Assert.Contains("lower is better", md, StringComparison.Ordinal);
        Assert.Contains($"DS: worst groups by MAE: {string.Join(", ", expectedOrder)}", run.Output, StringComparison.Ordinal);

        var perImage = File.ReadAllLines(Path.Combine(Out, "per-image-DS.csv"));
        Assert.Equal(1 + 12, perImage.Length);
        var header = perImage[0].Split(',');
        Assert.Equal(["method", "group", "stem"], header[..3]);
        var mae = Array.IndexOf(header, "MAE");
        var hard1 = perImage.Single(l => l.StartsWith("M1,hard,hard_1,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(0.16, double.Parse(hard1[mae], CultureInfo.InvariantCulture), 12);
    }

    [Fact]
    public void The_bar_figure_puts_the_worst_group_on_top_with_one_bar_set_per_method()
    {
        BuildTree();
        Assert.Equal(ExitCodes.Ok, Eval("--per-image").ExitCode);
        var report = MetricsJsonReader.Read(Metrics);
        var methods = report.Results.Select((r, i) => new MethodImages(r.Method, i, r.PerImage!)).ToList();
        var breakdown = GroupBreakdowns.Compute("DS", "MAE", "pysodmetrics", methods, GroupOrder.MeanOverMethods);

        var plot = GroupBreakdownFigure.Build(breakdown);

        var bars = plot.GetPlottables<MethodBars>().ToList();
        Assert.Equal(["M1", "M2"], bars.Select(b => b.Label));
        // mid is the worst (rank 0): its bars are the highest on the y axis, and carry its means.
        var top = bars.Select(b => b.Bars.MaxBy(x => x.Position)).ToList();
        Assert.Equal(0.08, top[0].Value, 12);
        Assert.Equal(0.16, top[1].Value, 12);
        Assert.True(top[0].Position > top[1].Position, "the first method's bar is on top within its group");
        var texts = FigureFiles.Texts(plot.GetSvgXml(GroupBreakdownFigure.Width, 400));
        Assert.Contains("mid", texts);
        Assert.Contains("M2", texts);
    }

    [Fact]
    public void A_breakdown_without_per_image_values_exits_two_and_says_to_rerun_eval_with_per_image()
    {
        BuildTree();
        Assert.Equal(ExitCodes.Ok, Eval().ExitCode);

        var run = CliRun.Of("plot", Metrics, "--out", Out, "--group-breakdown", "DS");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("--per-image", run.Error, StringComparison.Ordinal);
        Assert.Contains("cosod eval", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out), "nothing is written when the breakdown cannot be made");

        // Without the breakdown the same file plots fine.
        Assert.Equal(ExitCodes.Ok, CliRun.Of("plot", Metrics, "--out", Out).ExitCode);
    }

    [Fact]
    public void An_unknown_breakdown_dataset_or_metric_exits_two_naming_what_exists()
    {
        BuildTree();
        Assert.Equal(ExitCodes.Ok, Eval("--per-image").ExitCode);

        var dataset = CliRun.Of("plot", Metrics, "--out", Out, "--group-breakdown", "CoCA");
        // Not Smeasure: that is PySODMetrics' name for Sm, which plot now accepts.
        var metric = CliRun.Of("plot", Metrics, "--out", Out, "--group-breakdown", "DS", "--metric", "Smeasur");

        Assert.Equal(ExitCodes.UnusableInput, dataset.ExitCode);
        Assert.Contains("they hold DS", dataset.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, metric.ExitCode);
        Assert.Contains("no per-image Smeasur", metric.Error, StringComparison.Ordinal);
        Assert.Contains("Sm, MAE", metric.Error, StringComparison.Ordinal);

        // PySODMetrics' own name for the S-measure is the same number: it is taken as Sm.
        Assert.Equal(ExitCodes.Ok, CliRun.Of("plot", Metrics, "--out", Out, "--group-breakdown", "DS", "--metric", "Smeasure").ExitCode);
    }

    [Fact]
    public void Compute_means_defined_values_per_group_and_ranks_higher_is_better_metrics_lowest_first()
    {
        static ImageValues Image(string key, double? sm) => new(key, [new("Sm", sm), new("MAE", 0.5)]);
        var a = new MethodImages("A", 0,
        [
            Image("g1/1", 0.9), Image("g1/2", 0.7), Image("g2/1", 0.2), Image("g2/2", null), Image("g3/1", 0.65),
        ]);
        var b = new MethodImages("B", 1,
        [
            Image("g1/1", 0.5), Image("g1/2", 0.3), Image("g2/1", 0.9), Image("g2/2", 0.7),
        ]);

        var mean = GroupBreakdowns.Compute("D", "Sm", "p", [a, b], GroupOrder.MeanOverMethods);
        var first = GroupBreakdowns.Compute("D", "Sm", "p", [a, b], GroupOrder.FirstMethod);

        // g1: A 0.8, B 0.4, mean 0.6; g2: A 0.2 (the undefined image left out), B 0.8, mean 0.5;
        // g3: A 0.65, B none (null), mean over the defined method means 0.65.
        Assert.Equal(["g2", "g1", "g3"], mean.Groups.Select(g => g.Group));
        Assert.Equal(["g2", "g3", "g1"], first.Groups.Select(g => g.Group)); // A: 0.2, 0.65, 0.8
        var g2 = mean.Groups[0];
        Assert.Equal(0.2, g2.Means[0]!.Value, 12);
        Assert.Equal(0.8, g2.Means[1]!.Value, 12);
        Assert.Equal(0.5, g2.MeanOverMethods!.Value, 12);
        Assert.Equal([1, 2], g2.Images);
        var g3 = mean.Groups.Single(g => g.Group == "g3");
        Assert.Null(g3.Means[1]);
        Assert.Equal(0.65, g3.MeanOverMethods!.Value, 12);
        Assert.Equal(0.6, mean.Groups.Single(g => g.Group == "g1").MeanOverMethods!.Value, 12);
        Assert.Contains("| 2 | g3 | 1 | 0.6500 | n/a | 0.6500 |", BreakdownTables.GroupsMarkdown(first), StringComparison.Ordinal);
    }

    [Fact]
    public void Eighty_groups_get_a_figure_tall_enough_to_label_every_group()
    {
        var images = Enumerable.Range(0, 80)
            .SelectMany(g => new[] { 0, 1 }.Select(i =>
                new ImageValues($"group {g:00}/{i}", [new("Sm", ((g * 37) % 80 / 100.0) + (i / 1000.0))])))
            .ToList();
        var breakdown = GroupBreakdowns.Compute(
            "Big", "Sm", "p", [new MethodImages("A", 0, images), new MethodImages("B", 1, images)], GroupOrder.MeanOverMethods);

        var (width, height) = GroupBreakdownFigure.SizeOf(breakdown);
        var svg = GroupBreakdownFigure.Build(breakdown).GetSvgXml(width, height);

        Assert.Equal(80, breakdown.Groups.Count);
        Assert.True(height >= 80 * 18, $"height {height} leaves under 18 px per group");
        var texts = FigureFiles.Texts(svg);
        Assert.All(Enumerable.Range(0, 80), g => Assert.Contains($"group {g:00}", texts));
        Assert.Equal("group 00", breakdown.Groups[0].Group); // (0*37)%80 = 0: the lowest Sm, worst
        Assert.True(GroupBreakdownFigure.SizeOf(breakdown with { Groups = breakdown.Groups.Take(3).ToList() }).Height < height);
    }
}
