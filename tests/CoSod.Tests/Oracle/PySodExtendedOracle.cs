using System.Text.Json;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;

namespace CoSod.Tests.Oracle;

/// <summary>
/// Compares one of our results with one result of PySODMetrics 1.6.2 in the structure of
/// expected.pysodmetrics-extended.json (metrics, curves, per_image, undefined_in_pysodmetrics, and in our own cases
/// nan_in_pysodmetrics): every number within <see cref="Tolerance"/>, every undefined image listed.
/// </summary>
internal static class PySodExtendedOracle
{
    /// <summary>The oracles' guidance: a double port following the spec matches to 1e-9; more means a semantic gap.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>PySODMetrics names that we write under another key (the fm handler's adp/mean/max are Fm's numbers).</summary>
    private static readonly Dictionary<string, string> Ours = new(StringComparer.Ordinal)
    {
        ["maxfm"] = "Fm.max",
        ["meanfm"] = "Fm.mean",
        ["adpfm"] = "Fm.adp",
    };

    /// <summary>Every family the profile can compute without RGB images, as <c>--metrics all</c> resolves it.</summary>
    public static MetricSelection All => MetricSelector.Resolve(PySodMetricsProfile.Instance, [MetricSelector.All], _ => false).Selection;

    /// <summary>Every family, ccm included (it reads the RGB images, <c>--images</c>).</summary>
    public static MetricSelection AllWithImages => MetricSelector.Resolve(PySodMetricsProfile.Instance, [MetricSelector.All], _ => true).Selection;

    /// <summary>The differences between <paramref name="result"/> and <paramref name="expected"/>, one line each.</summary>
    public static List<string> Compare(JsonElement expected, EvaluationResult result)
    {
        var failures = new List<string>();
        var metrics = result.Metrics!;
        var perImage = result.PerImage!.ToDictionary(i => i.Key, i => i.Values.ToDictionary(v => v.Key, v => v.Value), StringComparer.Ordinal);
        var nanSiMae = expected.TryGetProperty("nan_in_pysodmetrics", out var nan) && nan.TryGetProperty("si_mae", out var list)
            ? list.EnumerateArray().Select(e => e.GetString()!).ToList()
            : [];

        foreach (var property in expected.GetProperty("metrics").EnumerateObject())
        {
            var key = Ours.GetValueOrDefault(property.Name, property.Name);
            if (!metrics.Scalars.Any(s => s.Key == key))
            {
                failures.Add($"{property.Name}: not written");

                continue;
            }

            double? want = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.GetDouble();
            if (key == "si_mae" && nanSiMae.Count > 0)
            {
                // PySODMetrics' dataset si_mae is NaN; ours is the mean over the images it does not return NaN for.
                want = MeanOfDefined(expected.GetProperty("per_image"), "si_mae");
            }

            Check(failures, property.Name, want, metrics[key]);
        }

        foreach (var curve in expected.GetProperty("curves").EnumerateObject())
        {
            var wantCurve = curve.Value.EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var ours = metrics.Curve(curve.Name);
            if (ours is null || ours.Length != wantCurve.Length)
            {
                failures.Add($"curve {curve.Name}: {ours?.Length.ToString() ?? "not written"} points, expected {wantCurve.Length}");
                continue;
            }

            for (var t = 0; t < wantCurve.Length; t++)
            {
                Check(failures, $"{curve.Name}[{t}]", wantCurve[t], ours[t]);
            }
        }

        foreach (var image in expected.GetProperty("per_image").EnumerateObject())
        {
            foreach (var value in image.Value.EnumerateObject())
            {
                var key = Ours.GetValueOrDefault(value.Name, value.Name);
                if (!perImage[image.Name].TryGetValue(key, out var got))
                {
                    failures.Add($"{image.Name} {value.Name}: not written per image");

                    continue;
                }

                Check(failures, $"{image.Name} {value.Name}", value.Value.ValueKind == JsonValueKind.Null ? null : value.Value.GetDouble(), got);
            }
        }

        var undefined = expected.GetProperty("undefined_in_pysodmetrics");
        CheckUndefined(failures, "si_mae", Keys(undefined, "simae").Concat(nanSiMae), metrics);
        CheckUndefined(failures, "SizeInvarianceFmeasureV2", Keys(undefined, "sifm"), metrics);
        return failures;
    }

    public static void Check(List<string> failures, string name, double? expected, double? actual)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
            {
                failures.Add($"{name}: expected {expected?.ToString("R") ?? "null"}, got {actual?.ToString("R") ?? "null"}");
            }

            return;
        }

        if (!(Math.Abs(actual.Value - expected.Value) <= Tolerance))
        {
            failures.Add($"{name}: expected {expected:R}, got {actual:R} (diff {actual - expected:E2})");
        }
    }

    private static void CheckUndefined(List<string> failures, string name, IEnumerable<string> expected, DatasetMetrics metrics)
    {
        var want = expected.Order(StringComparer.Ordinal).ToList();
        var got = metrics.Undefined.TryGetValue(name, out var keys) ? keys.Order(StringComparer.Ordinal).ToList() : [];
        if (!want.SequenceEqual(got))
        {
            failures.Add($"undefined {name}: expected [{string.Join(", ", want)}], got [{string.Join(", ", got)}]");
        }
    }

    /// <summary>The image keys of an undefined list ("group/stem: AssertionError" entries).</summary>
    private static IEnumerable<string> Keys(JsonElement undefined, string family) =>
        undefined.TryGetProperty(family, out var list)
            ? list.EnumerateArray().Select(e => e.GetString()!.Split(": ")[0])
            : [];

    private static double? MeanOfDefined(JsonElement perImage, string key)
    {
        var values = perImage.EnumerateObject()
            .Select(i => i.Value.GetProperty(key))
            .Where(v => v.ValueKind != JsonValueKind.Null)
            .Select(v => v.GetDouble())
            .ToList();
        return values.Count == 0 ? null : values.Average();
    }
}
