using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Leaderboard;

/// <summary>
/// metrics.json of the bundled sample under two profiles, made once for the collection by running
/// <c>cosod eval --allow-missing</c> (the sample lacks NearBinary's CoCA violin/68071 on purpose: 9/10).
/// </summary>
public sealed class SampleMetrics : IDisposable
{
    private readonly TempTree _tree = new();

    public SampleMetrics()
    {
        PySodMetrics = Eval("pysodmetrics", "pysodmetrics");
        EvalCoSod = Eval("eval-co-sod", "eval-co-sod");
    }

    /// <summary>The temp folder holding both runs; golden files show it as &lt;tmp&gt;.</summary>
    public string Root => _tree.Root;

    /// <summary>metrics.json of the default profile (pysodmetrics, image mean).</summary>
    public string PySodMetrics { get; }

    /// <summary>metrics.json of the eval-co-sod profile (no wFm, adds AP and AUC).</summary>
    public string EvalCoSod { get; }

    public void Dispose() => _tree.Dispose();

    /// <summary>Replaces the temp folder in an output with &lt;tmp&gt; so that golden files do not depend on it.</summary>
    public string Normalise(string text) => text.Replace(Root, "<tmp>", StringComparison.Ordinal);

    private string Eval(string profile, string folder)
    {
        var outFolder = _tree.PathOf(folder);
        var run = CliRun.Of(
            "eval",
            "--gt", Path.Combine(SharedFixtures.SynthPublic, "datasets"),
            "--pred", Path.Combine(SharedFixtures.SynthPublic, "predictions"),
            "--out", outFolder,
            "--profile", profile,
            "--allow-missing",
            "--threads", "2");
        if (run.ExitCode != ExitCodes.Ok)
        {
            throw new InvalidOperationException($"cosod eval --profile {profile} exited {run.ExitCode}: {run.Error}");
        }

        return Path.Combine(outFolder, "metrics.json");
    }
}

[CollectionDefinition(Name)]
public sealed class SampleMetricsCollection : ICollectionFixture<SampleMetrics>
{
    public const string Name = "Leaderboard sample metrics";
}
