using CoSod.Cli;
using CoSod.Evaluation.Results;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Gate;

/// <summary>
/// A real metrics.json made once by <c>cosod eval --per-image</c> on a small tree (datasets CoCA and DS2, methods
/// Alpha and Beta, 6 images each), shared by the gate tests, which write modified copies of it.
/// </summary>
public sealed class GateBaseline : IDisposable
{
    public GateBaseline()
    {
        Tree.Standard(dataset: "CoCA", methods: ["Alpha", "Beta"]);
        Tree.Standard(dataset: "DS2", methods: ["Alpha", "Beta"]);
        var run = CliRun.Of("eval", "--gt", Tree.PathOf("gt"), "--pred", Tree.PathOf("pred"), "--out", Tree.PathOf("out"),
            "--threads", "1", "--per-image");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Path = Tree.PathOf("out/metrics.json");
        Report = MetricsJsonReader.Read(Path);
    }

    public TempTree Tree { get; } = new();

    /// <summary>The eval output itself.</summary>
    public string Path { get; }

    public EvaluationReport Report { get; }

    /// <summary>Scalar metrics of a pysodmetrics result.</summary>
    public const int MetricsPerResult = 9;

    /// <summary>2 methods x 2 datasets.</summary>
    public const int Results = 4;

    public void Dispose() => Tree.Dispose();
}

/// <summary>Copies of reports with one thing changed, written with MetricsJson.Serialize.</summary>
internal static class GateReports
{
    public static EvaluationReport Copy(
        this EvaluationReport report,
        IReadOnlyList<EvaluationResult>? results = null,
        string? profile = null,
        string? aggregation = null,
        IReadOnlyList<KeyValuePair<string, string>>? options = null) => new()
        {
            ToolVersion = report.ToolVersion,
            Profile = profile ?? report.Profile,
            Aggregation = aggregation ?? report.Aggregation,
            Results = results ?? report.Results,
            Options = options ?? report.Options,
            DeclaredComplete = report.DeclaredComplete,
        };

    public static EvaluationResult Copy(
        this EvaluationResult result,
        DatasetMetrics? metrics = null,
        int? imagesScored = null,
        string? method = null,
        string? dataset = null) => new()
        {
            Method = method ?? result.Method,
            Dataset = dataset ?? result.Dataset,
            ImagesExpected = imagesScored ?? result.ImagesExpected,
            ImagesScored = imagesScored ?? result.ImagesScored,
            MissingPredictions = result.MissingPredictions,
            IgnoredFiles = result.IgnoredFiles,
            SkippedByProfile = result.SkippedByProfile,
            ResizedPredictions = result.ResizedPredictions,
            Metrics = metrics ?? result.Metrics,
            PerImage = result.PerImage,
            Notes = result.Notes,
        };

    /// <summary>The report with one scalar of one method on one dataset set (null = undefined).</summary>
    public static EvaluationReport Set(this EvaluationReport report, string dataset, string method, string metric, double? value)
    {
        var found = false;
        var results = report.Results.Select(r =>
        {
            if (r.Method != method || r.Dataset != dataset)
            {
                return r;
            }

            found = true;
            var m = r.Metrics!;
            Assert.Contains(m.Scalars, s => s.Key == metric);
            var scalars = m.Scalars.Select(s => s.Key == metric ? new KeyValuePair<string, double?>(metric, value) : s).ToList();
            return r.Copy(metrics: new DatasetMetrics(scalars, m.Curves, m.Undefined, m.Notes));
        }).ToList();
        Assert.True(found, $"no result {method} on {dataset}");
        return report.Copy(results: results);
    }

    public static EvaluationReport WithOption(this EvaluationReport report, string key, string value) =>
        report.Copy(options: report.Options.Where(o => o.Key != key).Append(new(key, value)).OrderBy(o => o.Key, StringComparer.Ordinal).ToList());

    public static EvaluationReport Without(this EvaluationReport report, Func<EvaluationResult, bool> drop) =>
        report.Copy(results: report.Results.Where(r => !drop(r)).ToList());

    public static string Write(this EvaluationReport report, TempTree tree, string name) =>
        tree.Bytes(name, MetricsJson.Serialize(report));

    /// <summary>A report from scratch: (method, dataset, scalars) per result, 10 images each.</summary>
    public static EvaluationReport Make(params (string Method, string Dataset, (string Name, double? Value)[] Scalars)[] results) => new()
    {
        ToolVersion = "0.1.0",
        Profile = "pysodmetrics",
        Aggregation = "image-mean",
        Options = [new("aggregation", "image-mean"), new("max_pixels", "100000000"), new("profile", "pysodmetrics")],
        Results = results.Select(r => new EvaluationResult
        {
            Method = r.Method,
            Dataset = r.Dataset,
            ImagesExpected = 10,
            ImagesScored = 10,
            MissingPredictions = [],
            IgnoredFiles = [],
            ResizedPredictions = [],
            Metrics = new DatasetMetrics(
                r.Scalars.Select(s => new KeyValuePair<string, double?>(s.Name, s.Value)).ToList(),
                [],
                new Dictionary<string, IReadOnlyList<string>>(),
                []),
            Notes = [],
        }).ToList(),
    };
}
