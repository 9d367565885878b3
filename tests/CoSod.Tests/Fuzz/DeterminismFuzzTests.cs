using CoSod.Data.Imaging;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Fuzz;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Fuzz;

/// <summary>
/// Accepted mutants give byte-identical metrics.json over ten runs at one to four threads: among them the
/// Adam7-interlaced palette PNG whose PLTE is shorter than its largest index, which once gave a different Sm on
/// every run (a read of pooled memory past the palette). The long run repeats every accepted mutant's decode ten
/// times (scripts/fuzz-long.sh).
/// </summary>
public sealed class DeterminismFuzzTests
{
    [Theory]
    [InlineData("pysodmetrics", GreyConversion.OpenCv)]
    [InlineData("eval-co-sod", GreyConversion.Pil)]
    public void Accepted_mutants_give_byte_identical_metrics_over_ten_runs(string profileName, GreyConversion rule)
    {
        // The two short-PLTE regressions, and every eighth mutant the reference decodes at the seeds' 37 x 29.
        var sample = FuzzCorpus.Cases
            .Where(c => c.Name.StartsWith("regression-short-plte", StringComparison.Ordinal)
                || (!c.Name.StartsWith("regression-", StringComparison.Ordinal) && Decoded(c, rule) is (37, 29)))
            .Where((c, i) => c.Name.StartsWith("regression-", StringComparison.Ordinal) || i % 8 == 0)
            .ToList();
        Assert.True(sample.Count >= 8, $"only {sample.Count} accepted mutants in the sample");
        Assert.Contains(sample, c => c.Name == "regression-short-plte-palette8_adam7");

        using var tree = new TempTree();
        for (var i = 0; i < sample.Count; i++)
        {
            tree.Mask($"gt/DS/GroundTruth/g/img{i:D3}.png", 37, 29, seed: i);
            tree.Bytes($"pred/M/DS/g/img{i:D3}{sample[i].Extension}", sample[i].Bytes);
        }

        var outputs = new List<byte[]>();
        for (var run = 0; run < 10; run++)
        {
            var report = EvaluationRunner.Run(new EvaluationRequest
            {
                GroundTruthRoot = tree.PathOf("gt"),
                PredictionRoot = tree.PathOf("pred"),
                Profile = ProfileCatalog.Find(profileName)!,
                Threads = 1 + (run % 4),
                PerImage = true,
                Limits = ImageLimits.Default with { AcceptCorrupt = true },
            });
            Assert.Equal(sample.Count, report.Results.Single().ImagesScored);
            outputs.Add(MetricsJson.Serialize(report));
        }

        Assert.All(outputs, o => Assert.Equal(outputs[0], o));
        var text = System.Text.Encoding.UTF8.GetString(outputs[0]);
        Assert.Contains("scored despite corrupt data (--accept-corrupt): palette index 11 is past the 6 entries of the PLTE", text, StringComparison.Ordinal);
        Assert.Contains("\"accept_corrupt\": \"true\"", text, StringComparison.Ordinal);
    }

    private static (int, int)? Decoded(FuzzCase fuzzCase, GreyConversion rule)
    {
        var reference = rule == GreyConversion.OpenCv ? FuzzCorpus.For(fuzzCase).OpenCv : FuzzCorpus.For(fuzzCase).Pil;
        return reference.Decoded ? (reference.Width, reference.Height) : null;
    }
}
