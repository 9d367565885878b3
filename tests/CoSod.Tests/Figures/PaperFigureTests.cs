using System.Buffers.Binary;
using CoSod.Cli;
using CoSod.Evaluation.Results;
using CoSod.Reports.Figures;
using CoSod.Reports.Leaderboard;
using CoSod.Tests.Infrastructure;
using ScottPlot;

namespace CoSod.Tests.Figures;

/// <summary>
/// Figures as papers print them, on twelve methods: series count, legend order, the highlighted method drawn last in
/// its reserved colour, axis limits, titles on request, a row of panels with one legend, PNG/SVG/PDF that repeat
/// byte for byte, and a PDF whose text (pdftotext) names every method.
/// </summary>
public sealed class PaperFigureTests : IDisposable
{
    private static readonly string[] Order =
        ["GICD", "GCoNet+", "CADC", "GCoNet", "DCFM", "UFO", "CoRP", "MCCL", "GEM", "CoADNet", "ICNet", "GCAGC"];

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static CurvePanel Panel(FigureOptions options, int dataset = 0) =>
        CurvePanels.FromReports([new LoadedReport("twelve.json", PaperFigures.Report())], options, out _)[dataset];

    private static FigureOptions Ours => new() { Methods = Order, Highlight = "GCoNet+" };

    [Theory]
    [InlineData(FigureKind.Pr)]
    [InlineData(FigureKind.FCurve)]
    [InlineData(FigureKind.ECurve)]
    [InlineData(FigureKind.Roc)]
    [InlineData(FigureKind.Iou)]
    [InlineData(FigureKind.Dice)]
    public void Twelve_curves_with_the_legend_in_method_order_and_the_highlight_drawn_last(FigureKind kind)
    {
        var plot = FigureKinds.Build(Panel(Ours), kind, Ours);

        var curves = plot.GetPlottables<MethodCurve>().ToList();
        Assert.Equal(12, curves.Count);
        Assert.Equal("GCoNet+", curves[^1].Label);
        Assert.Equal(FigureStyle.HighlightColor, curves[^1].Style.Color);
        Assert.Equal(FigureStyle.HighlightLineWidth, curves[^1].Style.LineWidth);
        var others = curves.Take(11).Select(c => c.Style.Color).ToList();
        Assert.Equal(11, others.Distinct().Count());
        Assert.DoesNotContain(FigureStyle.HighlightColor, others);
        var legend = plot.Legend.ManualItems.Select(i => i.LabelText).Where(l => l != CurveFigures.MaxFLegend).ToList();
        Assert.Equal(Order, legend);
        Assert.All(curves, c => Assert.Empty(c.LegendItems));
    }

    [Fact]
    public void The_scatter_has_a_point_per_method_the_highlight_last()
    {
        var plot = FigureKinds.Build(Panel(Ours), FigureKind.Scatter, Ours);

        var points = plot.GetPlottables<MethodPoint>().ToList();
        Assert.Equal(12, points.Count);
        Assert.Equal("GCoNet+", points[^1].Label);
        Assert.Equal(Order, plot.Legend.ManualItems.Select(i => i.LabelText));
        var gicd = points.Single(p => p.Label == "GICD");
        Assert.Equal(0.92 - (0.035 * 2), gicd.Y, 12);
    }

    [Fact]
    public void Axes_are_fitted_full_or_as_given()
    {
        var panel = Panel(FigureOptions.Default);

        var fit = CurveFigures.PrecisionRecall(panel, FigureOptions.Default).Axes.GetLimits();
        var full = CurveFigures.PrecisionRecall(panel, new FigureOptions { Axes = AxesMode.Full }).Axes.GetLimits();
        var given = CurveFigures.PrecisionRecall(panel, new FigureOptions { XLimits = new AxisRange(0.5, 1), YLimits = new AxisRange(0.4, 0.9) }).Axes.GetLimits();

        Assert.True(fit.Bottom > 0.2, $"fitted: the precision axis starts near the data ({fit.Bottom})");
        Assert.Equal((-0.01, 1.01, -0.01, 1.01), (full.Left, full.Right, full.Bottom, full.Top));
        Assert.Equal((0.5, 1.0, 0.4, 0.9), (given.Left, given.Right, given.Bottom, given.Top));
    }

    [Fact]
    public void The_title_is_left_out_when_asked()
    {
        var panel = Panel(FigureOptions.Default);
        var with = FigureFiles.Texts(FigureCanvas.Single(CurveFigures.Roc(panel, FigureOptions.Default), FigureOptions.Default).Svg());
        var without = FigureFiles.Texts(FigureCanvas.Single(CurveFigures.Roc(panel, new FigureOptions { ShowTitle = false }), FigureOptions.Default).Svg());

        Assert.Contains("CoCA: ROC curves (pysodmetrics)", with);
        Assert.DoesNotContain(without, t => t.Contains("ROC curves", StringComparison.Ordinal));
        Assert.Contains(CurveFigures.FprLabel, without);
    }

    [Fact]
    public void Roc_curves_come_from_the_fpr_and_recall_curves_and_from_eval_co_sod_keys()
    {
        var series = Panel(FigureOptions.Default).Series[0];
        Assert.Equal(series.Recall, series.Roc!.Value.Tpr);
        var report = PaperFigures.Report();
        var result = report.Results[0];
        var curves = result.Metrics!.Curves.Where(c => c.Key != "fpr")
            .Append(new("fpr_sorted", [0, 0.5, 1])).Append(new("tpr_sorted_by_fpr", [0, 0.9, 1])).ToList();
        var evalCoSod = new EvaluationReport
        {
            ToolVersion = "0.1.0", Profile = "eval-co-sod", Aggregation = "image-mean", Options = [],
            Results = [new EvaluationResult
            {
                Method = "M", Dataset = "D", ImagesExpected = 1, ImagesScored = 1, MissingPredictions = [], IgnoredFiles = [],
                ResizedPredictions = [], Notes = [],
                Metrics = new DatasetMetrics(result.Metrics.Scalars, curves, result.Metrics.Undefined, []),
            }],
        };
        var roc = CurvePanels.FromReports([new LoadedReport("e.json", evalCoSod)], out _)[0].Series[0].Roc!.Value;
        Assert.Equal([0, 0.5, 1], roc.Fpr);
        Assert.Equal([0, 0.9, 1], roc.Tpr);
    }

    [Fact]
    public void A_row_has_a_panel_per_dataset_and_one_legend_in_method_order()
    {
        var notes = new List<string>();
        var panels = CurvePanels.FromReports([new LoadedReport("twelve.json", PaperFigures.Report())], Ours, out _);

        var (stem, figure) = Assert.Single(FigureKinds.Figures(panels, [FigureKind.Pr], Ours, row: true, notes));

        Assert.Equal("pr-row", stem);
        Assert.Equal(2, figure.Panels.Count);
        Assert.All(figure.Panels, p => Assert.False(p.Plot.Legend.IsVisible));
        Assert.Equal([.. Order, CurveFigures.MaxFLegend], figure.Legend!.Labels);
        Assert.True(figure.LegendRect.Top >= figure.Panels[0].Rect.Bottom, "the legend sits below the panels");
        Assert.Equal((7.0, 3.6), (figure.WidthInches, figure.HeightInches));
        Assert.Empty(notes);
    }

    [Fact]
    public void Unknown_methods_to_select_or_highlight_are_refused_by_name()
    {
        var error = Assert.Throws<FigureException>(() => Panel(new FigureOptions { Highlight = "Ours" }));
        Assert.Contains("--highlight Ours: no such method", error.Message, StringComparison.Ordinal);
        var aliased = Panel(new FigureOptions { Highlight = "Ours", Aliases = MethodAliases.Parse(["GICD=Ours"], "--alias") });
        Assert.True(aliased.Series.Single(s => s.Label == "Ours").Highlighted);
    }

    [Fact]
    public void Plot_writes_png_svg_and_pdf_that_repeat_byte_for_byte_at_the_asked_size_and_dpi()
    {
        var input = PaperFigures.Write(_tree);
        string[] args = ["plot", input, "--figures", "pr,roc,iou,dice,scatter", "--panels", "row", "--methods", string.Join(",", Order),
            "--highlight", "GCoNet+", "--size", "7.16x3", "--dpi", "300", "--axes", "full", "--no-title"];
        var first = CliRun.Of([.. args, "--out", _tree.PathOf("a")]);
        var second = CliRun.Of([.. args, "--out", _tree.PathOf("b")]);

        Assert.True(first.ExitCode == ExitCodes.Ok, first.Error);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        var files = Directory.GetFiles(_tree.PathOf("a")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(15, files.Count);
        foreach (var file in files)
        {
            Assert.Equal(File.ReadAllBytes(_tree.PathOf("a/" + file)), File.ReadAllBytes(_tree.PathOf("b/" + file)));
        }

        var png = File.ReadAllBytes(_tree.PathOf("a/pr-row.png"));
        Assert.Equal((2148u, 900u), (BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20))));
        Assert.Equal("pHYs"u8.ToArray(), png.AsSpan(37, 4).ToArray());
        Assert.Equal(11811u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(41)));
        Assert.StartsWith("%PDF-", File.ReadAllText(_tree.PathOf("a/pr-row.pdf"))[..5], StringComparison.Ordinal);
    }

    [PdfToTextFact]
    public void The_pdf_text_names_every_method_and_the_axes()
    {
        var run = CliRun.Of("plot", PaperFigures.Write(_tree), "--figures", "pr", "--panels", "row", "--out", _tree.PathOf("p"));
        Assert.Equal(ExitCodes.Ok, run.ExitCode);

        var text = PdfToText.Read(_tree.PathOf("p/pr-row.pdf"));

        Assert.All(PaperFigures.Methods, m => Assert.Contains(m, text, StringComparison.Ordinal));
        Assert.Contains("Recall", text, StringComparison.Ordinal);
        Assert.Contains("CoSOD3k", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Figures_that_need_curves_a_result_lacks_are_noted_not_drawn()
    {
        var sample = _tree.Bytes("plain.json", MetricsJson.Serialize(new EvaluationReport
        {
            ToolVersion = "0.1.0", Profile = "pysodmetrics", Aggregation = "image-mean", Options = [],
            Results = PaperFigures.Report().Results.Select(r => new EvaluationResult
            {
                Method = r.Method, Dataset = r.Dataset, ImagesExpected = 10, ImagesScored = 10, MissingPredictions = [], IgnoredFiles = [],
                ResizedPredictions = [], Notes = [],
                Metrics = new DatasetMetrics(r.Metrics!.Scalars, r.Metrics.Curves.Where(c => c.Key is not ("iou" or "dice" or "fpr")).ToList(), r.Metrics.Undefined, []),
            }).ToList(),
        }));

        var run = CliRun.Of("plot", sample, "--figures", "all", "--out", _tree.PathOf("n"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("CoCA: no method has an iou curve; iou-CoCA not drawn", run.Error, StringComparison.Ordinal);
        Assert.Contains("no method has ROC curves", run.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(_tree.PathOf("n/scatter-CoSOD3k.pdf")));
        Assert.False(File.Exists(_tree.PathOf("n/roc-CoCA.png")));
    }
}
