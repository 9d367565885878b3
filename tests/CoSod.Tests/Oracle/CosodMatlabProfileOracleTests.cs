using System.Text.Json;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Metrics.Matlab;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Oracle;

/// <summary>
/// The cosod-matlab profile end to end (MATLAB imread classes, Octave bicubic resize, toolbox arithmetic, group
/// mean, png-only maps) against expected.cosod-matlab.json, produced by the toolbox itself under GNU Octave.
/// </summary>
public sealed class CosodMatlabProfileOracleTests
{
    /// <summary>The oracle's guidance: 1e-9 on every number, resized maps included once the resize is bit-exact.</summary>
    private const double Tolerance = 1e-9;

    private static readonly Lazy<EvaluationReport> Octave = new(() => Evaluate(CosodMatlabProfile.Instance));
    private static readonly Lazy<EvaluationReport> Matlab = new(() => Evaluate(new CosodMatlabProfile(MatlabColon.Matlab)));
    private static readonly Lazy<JsonDocument> Expected =
        new(() => SharedFixtures.ReadJson(Path.Combine(SharedFixtures.SynthPublic, "expected.cosod-matlab.json")));

    public static TheoryData<string, string> Cases() => OracleCases.DatasetMethodPairs(() => Expected.Value);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryNumberMatchesTheToolbox(string dataset, string method)
    {
        var expected = Method(dataset, method);
        var result = Octave.Value.Results.Single(r => r.Dataset == dataset && r.Method == method);

        Assert.Equal(expected.GetProperty("num_images").GetInt32(), result.ImagesScored);
        var failures = new List<string>();
        CompareSummary(expected.GetProperty("summary"), result.Metrics!, failures, withCurves: true);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatlabThresholdsReproduceTheSensitivityRun(string dataset, string method)
    {
        var expected = Method(dataset, method).GetProperty("sensitivity").GetProperty("matlab_colon_thresholds");
        var result = Matlab.Value.Results.Single(r => r.Dataset == dataset && r.Method == method);

        var failures = new List<string>();
        CompareSummary(expected, result.Metrics!, failures, withCurves: false);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal("true", Matlab.Value.Options.Single(o => o.Key == "matlab_thresholds").Value);
    }

    [Fact]
    public void WhatTheToolboxWouldDoDifferentlyIsListedNotHidden()
    {
        var jpeg = Octave.Value.Results.Single(r => r.Dataset == "CoSal2015" && r.Method == "NearBinary");
        Assert.Equal(["airplane/airplane_316"], jpeg.SkippedByProfile.Select(s => s.RelativePath));
        Assert.Empty(jpeg.MissingPredictions);
        Assert.True(jpeg.Complete, "a map skipped by the toolbox's own rule is not a missing prediction");

        var orphan = Octave.Value.Results.Single(r => r.Dataset == "CoCA" && r.Method == "Noisy");
        Assert.Contains(orphan.Notes, n => n.Contains("would stop at the orphan map 'banana/99999.png'", StringComparison.Ordinal));

        var resized = Octave.Value.Results.Single(r => r.Dataset == "CoCA" && r.Method == "Resized");
        var expectedResized = Method("CoCA", "Resized").GetProperty("resized_images").EnumerateArray().Select(e => e.GetString()!);
        Assert.Equal(expectedResized.Order(StringComparer.Ordinal), resized.ResizedPredictions.Order(StringComparer.Ordinal));
    }

    private static JsonElement Method(string dataset, string method) =>
        Expected.Value.RootElement.GetProperty("datasets").GetProperty(dataset).GetProperty("methods").GetProperty(method);

    private static void CompareSummary(JsonElement want, DatasetMetrics metrics, List<string> failures, bool withCurves)
    {
        void Check(string name, double expected, double? actual)
        {
            if (actual is not { } a || Math.Abs(a - expected) > Tolerance)
            {
                failures.Add($"{name}: expected {expected:R}, got {actual:R}");
            }
        }

        Check("Sm", want.GetProperty("Sm").GetDouble(), metrics["Sm"]);
        Check("MAE", want.GetProperty("MAE").GetDouble(), metrics["MAE"]);
        foreach (var family in new[] { "Fm", "Em" })
        {
            foreach (var stat in new[] { "max", "mean", "adp" })
            {
                Check($"{family}.{stat}", want.GetProperty(family).GetProperty(stat).GetDouble(), metrics[$"{family}.{stat}"]);
            }
        }

        if (!withCurves)
        {
            return;
        }

        foreach (var curve in new[] { "precision", "recall", "fm", "em" })
        {
            var expected = want.GetProperty("curves").GetProperty(curve).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var actual = metrics.Curve(curve)!;
            for (var i = 0; i < expected.Length; i++)
            {
                Check($"{curve}[{i}]", expected[i], actual[i]);
            }
        }
    }

    private static EvaluationReport Evaluate(CosodMatlabProfile profile) => EvaluationRunner.Run(new EvaluationRequest
    {
        GroundTruthRoot = Path.Combine(SharedFixtures.SynthPublic, "datasets"),
        PredictionRoot = Path.Combine(SharedFixtures.SynthPublic, "predictions"),
        Profile = profile,
        Threads = 2,
    });
}
