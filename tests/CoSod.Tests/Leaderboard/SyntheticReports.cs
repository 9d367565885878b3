using CoSod.Data.Datasets;
using CoSod.Evaluation.Results;
using CoSod.Reports.Leaderboard;

namespace CoSod.Tests.Leaderboard;

/// <summary>Hand-made reports with chosen numbers, for the rules of the leaderboard (marks, order, refusals).</summary>
internal static class SyntheticReports
{
    public static EvaluationReport Report(string profile, params EvaluationResult[] results) =>
        Report(profile, "image-mean", [], results);

    public static EvaluationReport Report(
        string profile, string aggregation, IEnumerable<KeyValuePair<string, string>> options, params EvaluationResult[] results) => new()
    {
        ToolVersion = "0.1.0",
        Profile = profile,
        Aggregation = aggregation,
        Results = results,
        Options = [new("aggregation", aggregation), new("max_pixels", "100000000"), new("profile", profile), .. options],
    };

    public static EvaluationResult Result(string method, string dataset, params (string Name, double? Value)[] metrics) =>
        Result(method, dataset, 10, 10, metrics);

    public static EvaluationResult Result(string method, string dataset, int scored, int expected, params (string Name, double? Value)[] metrics) => new()
    {
        Method = method,
        Dataset = dataset,
        ImagesExpected = expected,
        ImagesScored = scored,
        MissingPredictions = Enumerable.Range(0, expected - scored).Select(i => $"group/missing{i}").ToList(),
        IgnoredFiles = Array.Empty<IgnoredFile>(),
        ResizedPredictions = [],
        Metrics = new DatasetMetrics(metrics.Select(m => new KeyValuePair<string, double?>(m.Name, m.Value)).ToList(), [], new Dictionary<string, IReadOnlyList<string>>(), []),
        Notes = [],
    };

    public static LeaderboardInput Input(string source, EvaluationReport report) => new(source, report);

    public static string Render(LeaderboardFormat format, LeaderboardOptions options, params LeaderboardInput[] inputs) =>
        Leaderboards.Render(inputs, options, format);

    public static string Render(LeaderboardFormat format, params LeaderboardInput[] inputs) =>
        Leaderboards.Render(inputs, new LeaderboardOptions(), format);

    public static LeaderboardTable Build(LeaderboardOptions options, params LeaderboardInput[] inputs) => LeaderboardBuilder.Build(inputs, options);

    /// <summary>The ranks of one column (dataset index, metric index), row label to rank, in table order.</summary>
    public static List<(string Label, int? Rank)> Ranks(LeaderboardTable table, int dataset = 0, int metric = 0) =>
        table.Rows.Select(r => (r.Label, r.Groups[dataset].Cells[metric].Rank)).ToList();

    /// <summary>The Markdown line of one row.</summary>
    public static string MarkdownRow(string markdown, string label) =>
        markdown.Split('\n').Single(l => l.StartsWith("| " + label + " |", StringComparison.Ordinal));
}
