using System.Diagnostics;
using CoSod.Data.Datasets;
using CoSod.Evaluation.Results;
using CoSod.Tests.Infrastructure;
using Xunit.Sdk;

namespace CoSod.Tests.Figures;

/// <summary>
/// A made-up evaluation of twelve methods on two datasets with every curve the figures draw: PR, F, E, the
/// metrics issue's fpr, iou and dice curves (256 thresholds, ascending), and Sm and MAE. Method k's curves rise
/// with its quality, so the lines are distinct and ordered.
/// </summary>
internal static class PaperFigures
{
    public static readonly string[] Methods =
        ["GCoNet+", "GCoNet", "GICD", "CADC", "DCFM", "UFO", "CoRP", "MCCL", "GEM", "CoADNet", "ICNet", "GCAGC"];

    public static readonly string[] Datasets = ["CoCA", "CoSOD3k"];

    public const int Thresholds = 256;

    public static EvaluationReport Report(string profile = "pysodmetrics") => new()
    {
        ToolVersion = "0.1.0",
        Profile = profile,
        Aggregation = "image-mean",
        Options = [new("aggregation", "image-mean"), new("profile", profile)],
        Results = Methods.SelectMany((method, k) => Datasets.Select((dataset, d) => Result(method, dataset, k, d))).ToList(),
    };

    public static string Write(TempTree tree, string name = "twelve.json", string profile = "pysodmetrics") =>
        tree.Bytes(name, MetricsJson.Serialize(Report(profile)));

    private static EvaluationResult Result(string method, string dataset, int k, int d)
    {
        var quality = 0.92 - (0.035 * k) - (0.05 * d);
        var t = Enumerable.Range(0, Thresholds).Select(i => i / 255.0).ToArray();
        double[] Curve(Func<double, double> f) => t.Select(f).ToArray();
        var recall = Curve(x => Math.Clamp(1 - Math.Pow(x, 3 * quality), 0, 1));
        var precision = Curve(x => Math.Clamp(0.3 + (quality * 0.7 * Math.Sqrt(x + 0.05)), 0, 1));
        var fm = precision.Zip(recall, (p, r) => p + r == 0 ? 0 : 1.3 * p * r / ((0.3 * p) + r)).ToArray();
        var fpr = Curve(x => Math.Clamp((1 - x) * (1 - quality) * 0.9, 0, 1));
        var iou = Curve(x => quality * 0.8 * Math.Sin(Math.PI * Math.Clamp(x + 0.05, 0, 1)));
        var dice = iou.Select(v => 2 * v / (1 + v)).ToArray();
        var em = Curve(x => quality * (0.7 + (0.3 * Math.Sin(Math.PI * x))));
        return new EvaluationResult
        {
            Method = method,
            Dataset = dataset,
            ImagesExpected = 10,
            ImagesScored = 10,
            MissingPredictions = [],
            IgnoredFiles = Array.Empty<IgnoredFile>(),
            ResizedPredictions = [],
            Notes = [],
            Metrics = new DatasetMetrics(
                [new("Sm", quality), new("MAE", 0.25 - (0.2 * quality)), new("Fm.max", fm.Max())],
                [new("thresholds", t), new("precision", precision), new("recall", recall), new("fm", fm), new("em", em),
                    new("fpr", fpr), new("iou", iou), new("dice", dice)],
                new Dictionary<string, IReadOnlyList<string>>(), []),
        };
    }
}

/// <summary>pdftotext (Debian's poppler-utils): the text of a PDF, for tests that check a figure's PDF holds its words.</summary>
public static class PdfToText
{
    public const string InstallHint = "pdftotext is not installed: install Debian's poppler-utils (apt-get install poppler-utils)";

    private static readonly Lazy<string?> Found = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "pdftotext"))
            .FirstOrDefault(File.Exists));

    public static string? SkipReason =>
        Found.Value is not null || SharedFixtures.Required
            ? null
            : InstallHint + $"; skipped (set {SharedFixtures.RequireVariable}=1 to make this a failure)";

    public static string Read(string pdf)
    {
        var executable = Found.Value ?? throw new XunitException(InstallHint + $" ({SharedFixtures.RequireVariable} is set, so this fails instead of skipping).");
        using var process = Process.Start(new ProcessStartInfo(executable)
        {
            ArgumentList = { "-layout", pdf, "-" },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return text;
    }
}

/// <summary>A fact that needs pdftotext.</summary>
public sealed class PdfToTextFactAttribute : FactAttribute
{
    public PdfToTextFactAttribute()
    {
        Skip = PdfToText.SkipReason;
    }
}
