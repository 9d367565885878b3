using System.Text.Json;
using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Toolkit;

/// <summary>
/// JSON configs over the bundled sample scored by cosod and by PySODEvalToolkit's own eval.py (Data/make_toolkit_oracle.py
/// printed Data/toolkit-oracle.json): prefix and suffix around renamed maps, a file no rule takes, a prediction
/// missing from one method (the toolkit scores the intersection), the image mode and --data-type video.
/// </summary>
public sealed class ToolkitOracleTests : IDisposable
{
    /// <summary>eval.py rounds every number to 17 decimals (--num-bits 17).</summary>
    private const double Tolerance = 1e-12;

    private static readonly string[] Methods = ["Noisy", "Resized"];

    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["sm"] = "Sm", ["wfm"] = "wFm", ["mae"] = "MAE",
        ["maxfmeasure"] = "Fm.max", ["avgfmeasure"] = "Fm.mean", ["adpfmeasure"] = "Fm.adp",
        ["maxem"] = "Em.max", ["avgem"] = "Em.mean", ["adpem"] = "Em.adp",
    };

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    public static TheoryData<string> Modes => new() { "image", "video" };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Configs_score_as_PySODEvalToolkit_scores_them(string mode)
    {
        var sample = SharedFixtures.SynthPublic;
        var gt = Path.Combine(sample, "datasets", "CoSal2015", "GroundTruth");
        string datasets, methods;
        if (mode == "image")
        {
            foreach (var mask in Directory.GetFiles(gt, "*.png", SearchOption.AllDirectories))
            {
                Copy(mask, _tree.PathOf("flat/Mask/" + Path.GetFileName(mask)));
            }

            foreach (var method in Methods)
            {
                foreach (var map in Directory.GetFiles(Path.Combine(sample, "predictions", method, "CoSal2015"), "*", SearchOption.AllDirectories))
                {
                    var stem = Path.GetFileNameWithoutExtension(map);
                    if ((method, stem) != ("Resized", "baseball_043"))
                    {
                        Copy(map, _tree.PathOf($"flat/{method}/p_{stem}_sal{Path.GetExtension(map)}"));
                    }
                }
            }

            _tree.Text("flat/Noisy/notes.txt", "not a map\n");
            datasets = Json(new { CoSal2015 = new { mask = new { path = _tree.PathOf("flat/Mask"), suffix = ".png" } } });
            methods = Json(Methods.ToDictionary(m => m, m => new { CoSal2015 = new { path = _tree.PathOf("flat/" + m), prefix = "p_", suffix = "_sal.png" } }));
        }
        else
        {
            datasets = Json(new { CoSal2015 = new { mask = new { path = gt, suffix = ".png" } } });
            methods = Json(Methods.ToDictionary(m => m, m => new { CoSal2015 = new { path = Path.Combine(sample, "predictions", m, "CoSal2015"), suffix = ".png" } }));
        }

        var run = CliRun.Of("eval", "--dataset-json", _tree.Text("d.json", datasets), "--method-json", _tree.Text("m.json", methods),
            "--out", _tree.PathOf("out"), "--aggregate", mode == "image" ? "image-mean" : "group-mean", "--allow-missing", "--threads", "2");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        using var oracle = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "Toolkit", "Data", "toolkit-oracle.json")));
        using var ours = CliRun.ReadMetrics(_tree.PathOf("out"));
        var results = ours.RootElement.GetProperty("results");
        Assert.Equal(Methods, results.EnumerateArray().Select(r => r.GetProperty("method").GetString()));
        if (mode == "image")
        {
            Assert.Equal(9, results[1].GetProperty("images_scored").GetInt32());
            Assert.Equal(["baseball_043"], results[1].GetProperty("missing_predictions").EnumerateArray().Select(e => e.GetString()));
        }

        foreach (var (method, index) in Methods.Select((m, i) => (m, i)))
        {
            var metrics = results[index].GetProperty("metrics");
            foreach (var expected in oracle.RootElement.GetProperty("modes").GetProperty(mode).GetProperty(method).EnumerateObject())
            {
                var key = Keys[expected.Name];
                var actual = key.Contains('.', StringComparison.Ordinal)
                    ? metrics.GetProperty(key.Split('.')[0]).GetProperty(key.Split('.')[1]).GetDouble()
                    : metrics.GetProperty(key).GetDouble();
                Assert.True(Math.Abs(actual - expected.Value.GetDouble()) <= Tolerance,
                    $"{mode} {method} {key}: cosod {actual:R}, PySODEvalToolkit {expected.Value.GetDouble():R}");
            }
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
