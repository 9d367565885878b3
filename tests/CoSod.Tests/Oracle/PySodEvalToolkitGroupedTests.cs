using System.Text.Json;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Oracle;

/// <summary>
/// <c>--aggregate group-mean</c> against PySODEvalToolkit's own grouped mode (<c>eval.py --data-type video</c>, the
/// CoSOD path) on the bundled sample: its numbers, made by PySodEvalToolkitGrouped/make_expected_grouped.py with
/// PySODMetrics 1.6.2, for every method and dataset (sm, wfm, mae, E and the FmeasureV2 handlers fmeasure, f1,
/// precision, recall, iou, dice, specificity as max, mean and adaptive) and the group-averaged curves of the Resized
/// method, whose maps the toolkit resizes with INTER_CUBIC.
/// </summary>
/// <remarks>
/// The toolkit takes one suffix per method and dataset (.png), so it never reads the one JPEG map,
/// NearBinary/CoSal2015/airplane/airplane_316.jpg: that pair is evaluated here on a copy without it, which gives the
/// toolkit's image set. The toolkit writes no f1 or specificity curve of ours, and we write none of theirs: their max
/// and mean are checked through the numbers.
/// </remarks>
public sealed class PySodEvalToolkitGroupedTests : IDisposable
{
    private const string JpegMethod = "NearBinary";
    private const string JpegDataset = "CoSal2015";

    private static readonly string Folder = Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "Oracle", "PySodEvalToolkitGrouped");

    private static readonly Lazy<JsonDocument> Expected = new(() => SharedFixtures.ReadJson(Path.Combine(Folder, "expected-grouped.json")));

    private static readonly Lazy<JsonDocument> Extended = new(() => SharedFixtures.ReadJson(Path.Combine(Folder, "expected-grouped-extended.json")));

    /// <summary>PySODMetrics names written under ours: the fm handler's adp/mean/max are Fm's numbers.</summary>
    private static readonly Dictionary<string, string> ExtendedNames = new(StringComparer.Ordinal)
    {
        ["maxfm"] = "Fm.max", ["meanfm"] = "Fm.mean", ["adpfm"] = "Fm.adp",
    };

    private static readonly Lazy<EvaluationReport> Sample = new(() => GroupMean(Path.Combine(SharedFixtures.SynthPublic, "predictions")));

    /// <summary>The toolkit's names (max/avg/adp + handler) and ours.</summary>
    private static readonly Dictionary<string, string> Ours = NumberNames();

    /// <summary>The toolkit's curve names and ours (ascending threshold in both).</summary>
    private static readonly Dictionary<string, string> Curves = new(StringComparer.Ordinal)
    {
        ["em"] = "em", ["fmeasure"] = "fm", ["precision"] = "precision", ["recall"] = "recall", ["iou"] = "iou", ["dice"] = "dice",
    };

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var result in Expected.Value.RootElement.GetProperty("results").EnumerateArray())
        {
            data.Add(result.GetProperty("method").GetString()!, result.GetProperty("dataset").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Group_mean_numbers_and_curves_equal_the_toolkits_grouped_mode(string method, string dataset)
    {
        var expected = Expected.Value.RootElement.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("method").GetString() == method && r.GetProperty("dataset").GetString() == dataset);
        var report = method == JpegMethod && dataset == JpegDataset ? WithoutTheJpegMap() : Sample.Value;
        var result = report.Results.Single(r => r.Method == method && r.Dataset == dataset);
        var metrics = result.Metrics!;
        var failures = new List<string>();

        foreach (var number in expected.GetProperty("numbers").EnumerateObject())
        {
            PySodExtendedOracle.Check(failures, number.Name, number.Value.GetDouble(), metrics[Ours[number.Name]]);
        }

        if (expected.TryGetProperty("curves", out var curves))
        {
            foreach (var (theirs, ours) in Curves)
            {
                var want = curves.GetProperty(theirs).EnumerateArray().Select(e => e.GetDouble()).ToArray();
                var got = metrics.Curve(ours)!;
                Assert.Equal(want.Length, got.Length);
                for (var t = 0; t < want.Length; t++)
                {
                    PySodExtendedOracle.Check(failures, $"{theirs}[{t}]", want[t], got[t]);
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(30)));
    }

    /// <summary>
    /// The metrics the toolkit's grouped recorder cannot ask for (FmeasureV2's other handlers and its binary and
    /// overall numbers, AUCs, MSIoU, the size-invariant family), against PySODMetrics 1.6.2 run per group and the
    /// groups combined by the toolkit's rules (make_expected_grouped_extended.py), with the iou, dice, fpr and msiou
    /// curves of the Resized method.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Group_mean_of_every_extended_metric_equals_the_toolkits_grouping_of_PySODMetrics(string method, string dataset)
    {
        var expected = Extended.Value.RootElement.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("method").GetString() == method && r.GetProperty("dataset").GetString() == dataset);
        var report = method == JpegMethod && dataset == JpegDataset ? WithoutTheJpegMap() : Sample.Value;
        var result = report.Results.Single(r => r.Method == method && r.Dataset == dataset);
        var metrics = result.Metrics!;
        var failures = new List<string>();

        Assert.Equal(expected.GetProperty("images").GetInt32(), result.ImagesScored);
        foreach (var number in expected.GetProperty("numbers").EnumerateObject())
        {
            var key = ExtendedNames.GetValueOrDefault(number.Name, number.Name);
            if (!metrics.Scalars.Any(m => m.Key == key))
            {
                failures.Add($"{number.Name}: not written");

                continue;
            }

            PySodExtendedOracle.Check(failures, number.Name, number.Value.ValueKind == JsonValueKind.Null ? null : number.Value.GetDouble(), metrics[key]);
        }

        if (expected.TryGetProperty("curves", out var curves))
        {
            foreach (var curve in curves.EnumerateObject())
            {
                var want = curve.Value.EnumerateArray().Select(e => e.GetDouble()).ToArray();
                var got = metrics.Curve(curve.Name)!;
                Assert.Equal(want.Length, got.Length);
                for (var t = 0; t < want.Length; t++)
                {
                    PySodExtendedOracle.Check(failures, $"{curve.Name}[{t}]", want[t], got[t]);
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(30)));
    }

    [Fact]
    public void The_curves_checked_include_resized_maps()
    {
        var withCurves = Expected.Value.RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.TryGetProperty("curves", out _))
            .Select(r => r.GetProperty("method").GetString())
            .Distinct()
            .ToList();

        Assert.Equal(["Resized"], withCurves);
        Assert.All(Sample.Value.Results.Where(r => r.Method == "Resized"), r => Assert.NotEmpty(r.ResizedPredictions));
    }

    /// <summary>The JPEG pair on a copy of its maps without the JPEG, as the toolkit reads it.</summary>
    private EvaluationReport WithoutTheJpegMap()
    {
        var source = Path.Combine(SharedFixtures.SynthPublic, "predictions", JpegMethod, JpegDataset);
        var copy = _tree.PathOf(Path.Combine("predictions", JpegMethod, JpegDataset));
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            if (!string.Equals(Path.GetExtension(file), ".png", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            File.Copy(file, Path.Combine(copy, Path.GetRelativePath(source, file)).EnsureFolder());
        }

        Assert.True(Directory.GetFiles(source, "*.jpg", SearchOption.AllDirectories).Length == 1, "the sample has one JPEG map there");
        return GroupMean(_tree.PathOf("predictions"), [JpegDataset]);
    }

    private static EvaluationReport GroupMean(string predictions, IReadOnlyList<string>? datasets = null) =>
        EvaluationRunner.Run(new EvaluationRequest
        {
            GroundTruthRoot = Path.Combine(SharedFixtures.SynthPublic, "datasets"),
            PredictionRoot = predictions,
            Datasets = datasets,
            Profile = PySodMetricsProfile.Instance,
            Aggregation = Aggregation.GroupMean,
            Metrics = PySodExtendedOracle.All,
            Threads = 2,
        });

    private static Dictionary<string, string> NumberNames()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["sm"] = "Sm", ["wfm"] = "wFm", ["mae"] = "MAE", ["maxem"] = "Em.max", ["avgem"] = "Em.mean", ["adpem"] = "Em.adp",
            ["maxfmeasure"] = "Fm.max", ["avgfmeasure"] = "Fm.mean", ["adpfmeasure"] = "Fm.adp",
        };
        foreach (var (theirs, ours) in new[] { ("f1", "f1"), ("precision", "pre"), ("recall", "rec"), ("iou", "iou"), ("dice", "dice"), ("specificity", "spec") })
        {
            names["max" + theirs] = "max" + ours;
            names["avg" + theirs] = "mean" + ours;
            names["adp" + theirs] = "adp" + ours;
        }

        return names;
    }
}
