using CoSod.Cli;
using CoSod.Evaluation.Results;
using CoSod.Reports.Figures;
using CoSod.Reports.Speed;
using CoSod.Tests.Figures;
using CoSod.Tests.Infrastructure;
using SixLabors.ImageSharp;

namespace CoSod.Tests.Speed;

/// <summary>
/// The speed-vs-accuracy bubble chart: bubbles are matched to scores by method name, models without a score are left
/// off and named, bubble area follows parameter MB, and the SVG carries its text (axis labels, point labels) in
/// DejaVu Sans, the headless-ScottPlot failure mode being a figure with no text at all.
/// </summary>
public sealed class SpeedChartTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    /// <summary>The bundled published scores (GCoNet+ and GICD; GCoNet has none).</summary>
    private static string PublishedMetrics => Path.Combine(SharedFixtures.RepositoryRoot, "results", "papers", "published-metrics.json");

    /// <summary>A run like run-bench.ps1 writes: the ten model cases, with made-up speeds.</summary>
    private static ModelSpeedRun SampleRun() => new(
        "cpu",
        "AMD EPYC",
        2,
        "vm",
        "2026-11-25",
        [
            Row("GCoNet+", "GCoNet+", "native", 256, 2, 900, 18_415_048, 70.29),
            Row("GCoNet+", "GCoNet+", "native, fps", 256, 8, 2650, 18_415_048, 70.29),
            Row("GCoNet+ (official)", "GCoNet+", "native", 256, 2, 1500, 18_415_048, 70.29),
            Row("GCoNet+ (official)", "GCoNet+", "native, fps", 256, 8, 4660, 18_415_048, 70.29),
            Row("GCoNet", "GCoNet", "native", 224, 2, 800, 142_001_872, 541.69),
            Row("GCoNet", "GCoNet", "native", 224, 8, 4000, 142_001_872, 541.69),
            Row("GCoNet", "GCoNet", "fps", 256, 8, 5100, 142_001_872, 541.69),
            Row("GICD", "GICD", "native", 224, 2, 2500, 278_044_116, 1060.65),
            Row("GICD", "GICD", "native", 224, 8, 13_000, 278_044_116, 1060.65),
            Row("GICD", "GICD", "fps", 256, 8, 17_000, 278_044_116, 1060.65),
        ]);

    /// <summary>The chart's defaults, naming the metrics file as the command does.</summary>
    private static SpeedAccuracyOptions Options(string metric = "Sm", string protocol = "fps", int group = 8) =>
        new(Metric: metric, Protocol: protocol, GroupSize: group, MetricsSource: "published-metrics.json");

    [Fact]
    public void Scores_are_found_by_method_name_and_the_official_forward_shares_GCoNet_plus_s()
    {
        var chart = SpeedAccuracy.Build(SampleRun(), MetricsJsonReader.Read(PublishedMetrics), Options());

        Assert.Equal(["GCoNet+", "GCoNet+ (official)", "GICD"], chart.Points.Select(p => p.Label));
        Assert.Equal([0.691, 0.691, 0.658], chart.Points.Select(p => p.Value));
        Assert.Equal(8 * 1000 / 2650.0, chart.Points[0].ImagesPerSecond, 12);
        Assert.Equal(["GCoNet"], chart.LeftOff);
        Assert.Contains(chart.Notes, n => n.StartsWith("GCoNet: published-metrics.json has no GCoNet result on CoCA", StringComparison.Ordinal));
    }

    [Fact]
    public void A_method_with_results_but_not_this_metric_is_left_off_with_a_note()
    {
        var chart = SpeedAccuracy.Build(
            SampleRun(), MetricsJsonReader.Read(PublishedMetrics), Options(metric: "wFm"));

        Assert.Empty(chart.Points);
        Assert.Equal(["GCoNet+", "GCoNet+ (official)", "GCoNet", "GICD"], chart.LeftOff);
        Assert.Contains("GICD: published-metrics.json has no wFm for GICD on CoCA; left off the chart", chart.Notes);
    }

    [Fact]
    public void The_native_protocol_with_groups_of_two_picks_those_rows()
    {
        var chart = SpeedAccuracy.Build(
            SampleRun(), MetricsJsonReader.Read(PublishedMetrics), Options(protocol: "native", group: 2));

        Assert.Equal(2 * 1000 / 900.0, chart.Points[0].ImagesPerSecond, 12);
        Assert.Equal(2 * 1000 / 2500.0, chart.Points[2].ImagesPerSecond, 12);
    }

    [Fact]
    public void A_protocol_nobody_was_measured_with_and_a_label_measured_twice_are_refused()
    {
        var metrics = MetricsJsonReader.Read(PublishedMetrics);
        var twice = SampleRun() with { Models = [.. SampleRun().Models, Row("GICD", "GICD", "fps", 256, 8, 1, 1, 1)] };

        var none = Assert.Throws<SpeedChartException>(() => SpeedAccuracy.Build(SampleRun(), metrics, Options(group: 5)));
        var duplicate = Assert.Throws<SpeedChartException>(() => SpeedAccuracy.Build(twice, metrics, Options()));

        Assert.Contains("no model was measured with protocol fps and N = 5", none.Message, StringComparison.Ordinal);
        Assert.Contains("GICD has 2 rows", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bubble_area_is_proportional_to_parameter_MB()
    {
        var largest = SpeedAccuracyFigure.Diameter(1060.65, 1060.65);
        var small = SpeedAccuracyFigure.Diameter(70.29, 1060.65);

        Assert.Equal(SpeedAccuracyFigure.LargestDiameter, largest);
        Assert.Equal(70.29 / 1060.65, Math.Pow(small / largest, 2), 5);
        Assert.Equal(SpeedAccuracyFigure.SmallestDiameter, SpeedAccuracyFigure.Diameter(0.001, 1060.65));
    }

    [Fact]
    public void Model_speed_json_round_trips_and_a_metrics_json_is_not_mistaken_for_one()
    {
        var path = _tree.PathOf("model-speed.json");
        File.WriteAllBytes(path, ModelSpeedJson.Serialize(SampleRun()));

        var read = ModelSpeedJson.Read(path);
        var wrongKind = Assert.Throws<ModelSpeedFileException>(() => ModelSpeedJson.Read(PublishedMetrics));

        Assert.Equal(SampleRun().Models, read.Models);
        Assert.Equal(("cpu", "AMD EPYC", 2, "vm"), (read.Device, read.DeviceName, read.Threads, read.Machine));
        Assert.Contains("not a model-speed.json", wrongKind.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_writes_png_and_svg_whose_text_names_the_axes_and_every_drawn_model()
    {
        var speed = WriteSampleRun();
        var outFolder = _tree.PathOf("chart");

        var run = CliRun.Of("speed-chart", "--speed", speed, "--metrics", PublishedMetrics, "--out", outFolder);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var png = Path.Combine(outFolder, "speed-accuracy-CoCA-Sm.png");
        var info = Image.Identify(png);
        Assert.Equal((FigureStyle.Width, FigureStyle.Height), (info.Width, info.Height));
        var svg = File.ReadAllText(Path.Combine(outFolder, "speed-accuracy-CoCA-Sm.svg"));
        var texts = FigureFiles.Texts(svg);
        Assert.Contains("Speed vs accuracy on CoCA", texts);
        Assert.Contains("Images per second (256x256, N = 8; cpu AMD EPYC, 2 threads)", texts);
        Assert.Contains("Sm ↑ on CoCA (published-metrics.json)", texts);
        Assert.Contains("GCoNet+, 70.3 MB", texts);
        Assert.Contains("GCoNet+ (official), 70.3 MB", texts);
        Assert.Contains("GICD, 1060.7 MB", texts);
        Assert.Contains(SpeedAccuracyFigure.BubbleNote, texts);
        Assert.Contains("Not shown (no Sm on CoCA): GCoNet", texts);
        Assert.DoesNotContain(texts, t => t.StartsWith("GCoNet,", StringComparison.Ordinal));
        Assert.All(FigureFiles.TextFonts(svg), f => Assert.Equal(FigureStyle.FontFamily, f));
        Assert.Contains("cosod: note: GCoNet: published-metrics.json has no GCoNet result on CoCA", run.Error, StringComparison.Ordinal);
        Assert.Contains("(3 of 4 models)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_draws_another_metric_and_dataset_on_request()
    {
        var speed = WriteSampleRun();

        var run = CliRun.Of(
            "speed-chart", "--speed", speed, "--metrics", PublishedMetrics, "--out", _tree.PathOf("chart"),
            "--dataset", "CoSOD3k", "--metric", "MAE", "--protocol", "native", "--group", "2");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var texts = FigureFiles.Texts(File.ReadAllText(_tree.PathOf("chart/speed-accuracy-CoSOD3k-MAE.svg")));
        Assert.Contains("MAE ↓ on CoSOD3k (published-metrics.json)", texts);
        Assert.Contains("Images per second (native size, N = 2; cpu AMD EPYC, 2 threads)", texts);
        Assert.Contains("Not shown (no MAE on CoSOD3k): GCoNet, GICD", texts);
    }

    [Fact]
    public void Unusable_inputs_exit_two_and_write_nothing()
    {
        var speed = WriteSampleRun();
        var broken = _tree.PathOf("broken.json");
        File.WriteAllText(broken, "{ \"kind\": \"cosod-model-speed\", \"device\": \"cpu\" }");

        var missingField = CliRun.Of("speed-chart", "--speed", broken, "--metrics", PublishedMetrics, "--out", _tree.PathOf("a"));
        var nothingToDraw = CliRun.Of("speed-chart", "--speed", speed, "--metrics", PublishedMetrics, "--out", _tree.PathOf("b"), "--metric", "wFm");
        var badProtocol = CliRun.Of("speed-chart", "--speed", speed, "--metrics", PublishedMetrics, "--out", _tree.PathOf("c"), "--protocol", "paper");

        Assert.Equal(ExitCodes.UnusableInput, missingField.ExitCode);
        Assert.Contains("has no \"threads\" field", missingField.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, nothingToDraw.ExitCode);
        Assert.Contains("nothing to plot", nothingToDraw.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, badProtocol.ExitCode);
        Assert.False(Directory.Exists(_tree.PathOf("a")) || Directory.Exists(_tree.PathOf("b")) || Directory.Exists(_tree.PathOf("c")));
    }

    private static ModelSpeed Row(
        string label, string method, string protocol, int size, int group, double milliseconds, long parameters, double mebibytes) =>
        new(label, method, protocol, size, group, milliseconds, group * 1000 / milliseconds, parameters, mebibytes);

    private string WriteSampleRun()
    {
        var path = _tree.PathOf("model-speed.json");
        File.WriteAllBytes(path, ModelSpeedJson.Serialize(SampleRun()));
        return path;
    }
}
