using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Oracle;

/// <summary>metrics.json is a contract: what we write, we read back without loss.</summary>
public sealed class MetricsJsonRoundTripTests
{
    [Theory]
    [InlineData(PySodMetricsProfile.ProfileName)]
    [InlineData(EvalCoSodProfile.ProfileName)]
    [InlineData(CosodMatlabProfile.ProfileName)]
    public void Reading_back_and_writing_again_gives_the_same_bytes(string profile)
    {
        var report = EvaluationRunner.Run(new EvaluationRequest
        {
            GroundTruthRoot = Path.Combine(SharedFixtures.SynthPublic, "datasets"),
            PredictionRoot = Path.Combine(SharedFixtures.SynthPublic, "predictions"),
            Profile = ProfileCatalog.Find(profile)!,
            PerImage = true,
            Threads = 2,
        });
        var written = MetricsJson.Serialize(report);

        var read = MetricsJsonReader.Parse(written, "metrics.json");

        Assert.Equal(written, MetricsJson.Serialize(read));
        Assert.False(read.Complete);
        Assert.Equal(report.Results.Count, read.Results.Count);
    }

    [Theory]
    [InlineData("not json", "is not valid JSON")]
    [InlineData("{\"tool\": {\"name\": \"other\", \"version\": \"1\"}}", "not a cosod metrics.json")]
    [InlineData("{\"tool\": {\"name\": \"cosod\", \"version\": \"1\"}, \"aggregation\": \"image-mean\", \"complete\": true, \"images_expected\": 0, \"images_scored\": 0, \"results\": []}", "$: the required field \"profile\" is missing")]
    public void A_file_that_is_not_ours_is_refused_with_its_reason(string content, string reason)
    {
        var error = Assert.Throws<MetricsFileException>(() => MetricsJsonReader.Parse(System.Text.Encoding.UTF8.GetBytes(content), "x.json"));

        Assert.StartsWith("x.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
