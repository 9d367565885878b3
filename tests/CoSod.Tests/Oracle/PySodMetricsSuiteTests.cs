using System.Text.Json;
using CoSod.Cli;
using CoSod.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CoSod.Tests.Oracle;

/// <summary>
/// PySODMetrics' own test suite as our contract: its examples/test_metrics.py asserts 149 keys of
/// version_performance.json (v1_4_3 merged with v1_5_0, v1_5_1 and v1_6_0; the six AUC keys are stored but never
/// asserted, and 1.6.2 no longer reproduces them). Its three pairs are laid out as one group,
/// &lt;gt&gt;/PySOD/all/, with scikit-image's astronaut as every stem's RGB image, and <c>cosod eval --metrics all</c>
/// must give every asserted key within 1e-9.
/// </summary>
public sealed class PySodMetricsSuiteTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempTree _tree = new();

    /// <summary>The PySODMetrics names written under ours (the fm handler's adp/mean/max are Fm's; Sm and wFm are ours).</summary>
    private static readonly Dictionary<string, string> Ours = new(StringComparer.Ordinal)
    {
        ["Smeasure"] = "Sm", ["wFmeasure"] = "wFm",
        ["maxFm"] = "Fm.max", ["meanFm"] = "Fm.mean", ["adpFm"] = "Fm.adp",
        ["maxfm"] = "Fm.max", ["meanfm"] = "Fm.mean", ["adpfm"] = "Fm.adp",
        ["maxEm"] = "Em.max", ["meanEm"] = "Em.mean", ["adpEm"] = "Em.adp",
    };

    private static readonly string[] AucKeys =
        ["auc_pr", "auc_roc", "si_overall_auc_pr", "si_overall_auc_roc", "si_sample_auc_pr", "si_sample_auc_roc"];

    public void Dispose() => _tree.Dispose();

    [SharedFact]
    public void Every_asserted_key_of_version_performance_json_is_reproduced()
    {
        var testData = SharedFixtures.Under("fixtures", "real", "pysodmetrics-testdata");
        foreach (var mask in Directory.GetFiles(Path.Combine(testData, "examples", "test_data", "masks"), "*.png"))
        {
            var name = Path.GetFileName(mask);
            File.Copy(mask, _tree.PathOf(Path.Combine("gt", "PySOD", "all", name)).EnsureFolder());
            File.Copy(Path.Combine(testData, "examples", "test_data", "preds", name),
                _tree.PathOf(Path.Combine("pred", "PySODMetrics", "PySOD", "all", name)).EnsureFolder());
            File.Copy(Path.Combine(testData, "astronaut.png"), _tree.PathOf(Path.Combine("images", "PySOD", "all", name)).EnsureFolder());
        }

        var run = CliRun.Of(
            "eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--images", _tree.PathOf("images"),
            "--out", _tree.PathOf("out"), "--metrics", "all", "--threads", "1");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);

        using var metricsJson = CliRun.ReadMetrics(_tree.PathOf("out"));
        var ours = Flatten(metricsJson.RootElement.GetProperty("results")[0].GetProperty("metrics"));
        using var versions = SharedFixtures.ReadJson(Path.Combine(testData, "examples", "version_performance.json"));
        var expected = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var version in new[] { "v1_4_3", "v1_5_0", "v1_5_1", "v1_6_0" })
        {
            foreach (var key in versions.RootElement.GetProperty(version).EnumerateObject())
            {
                expected[key.Name] = key.Value.GetDouble();
            }
        }

        foreach (var auc in AucKeys)
        {
            expected.Remove(auc);
        }

        Assert.Equal(149, expected.Count);
        var failures = new List<string>();
        foreach (var (key, want) in expected)
        {
            if (!ours.TryGetValue(Ours.GetValueOrDefault(key, key), out var got))
            {
                failures.Add($"{key}: not written");
                continue;
            }

            PySodExtendedOracle.Check(failures, key, want, got);
        }

        output.WriteLine($"{expected.Count - failures.Count} of {expected.Count} keys reproduced");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static Dictionary<string, double?> Flatten(JsonElement metrics)
    {
        var flat = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var property in metrics.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var inner in property.Value.EnumerateObject())
                {
                    flat[$"{property.Name}.{inner.Name}"] = inner.Value.ValueKind == JsonValueKind.Null ? null : inner.Value.GetDouble();
                }
            }
            else
            {
                flat[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.GetDouble();
            }
        }

        return flat;
    }
}

internal static class PathExtensions
{
    /// <summary>Creates the folder that will hold <paramref name="path"/> and returns the path.</summary>
    public static string EnsureFolder(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
