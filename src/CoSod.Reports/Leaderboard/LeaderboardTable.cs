using CoSod.Evaluation.Results;

namespace CoSod.Reports.Leaderboard;

/// <summary>
/// The settings numbers were made under: profile, aggregation and any other number-changing option recorded in
/// metrics.json (for instance <c>matlab_thresholds</c>). Two inputs are comparable only under the same setting.
/// </summary>
public sealed record LeaderboardSetting(
    string Profile,
    string Aggregation,
    IReadOnlyList<KeyValuePair<string, string>> Options,
    IReadOnlyList<string> Sources)
{
    /// <summary>How rows of this setting are labelled in a mixed table: "eval-co-sod", or "pysodmetrics, group-mean".</summary>
    public string Label { get; init; } = Profile;

    /// <summary>Options (besides profile and aggregation) whose values tell this setting apart from another of the table.</summary>
    public IReadOnlyList<string> DistinguishingOptions { get; init; } = [];

    public string Describe() => Describe(DistinguishingOptions);

    /// <summary>"profile pysodmetrics, aggregation image-mean" plus any other option that tells it apart.</summary>
    public string Describe(IEnumerable<string> distinguishingOptions) =>
        $"profile {Profile}, aggregation {Aggregation}"
        + string.Concat(distinguishingOptions.Select(key =>
            ", " + key + " " + (Options.FirstOrDefault(o => o.Key == key).Value ?? "(not recorded)")));
}

/// <summary>One printed number: the value (null: none, an em dash), its text at the printed precision and its rank.</summary>
public sealed record LeaderboardCell(double? Value, string? Text, int? Rank)
{
    public bool IsBest => Rank == 1;

    public bool IsSecond => Rank == 2;

    public bool IsThird => Rank == 3;
}

/// <summary>A method's cells on one dataset, and the result they came from (null: not evaluated on that dataset).</summary>
public sealed record LeaderboardGroup(string Dataset, EvaluationResult? Result, string? Source, IReadOnlyList<LeaderboardCell> Cells)
{
    /// <summary>True when fewer images were scored than expected (missing predictions or maps the profile skips).</summary>
    public bool Incomplete => Result is { } r && r.ImagesScored != r.ImagesExpected;

    /// <summary>"9/10" when incomplete, else null.</summary>
    public string? ScoredOfExpected => Result is { } r && Incomplete
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.ImagesScored}/{r.ImagesExpected}")
        : null;
}

/// <summary>One method under one setting: the label printed in the first column and a group per dataset.</summary>
public sealed record LeaderboardRow(string Method, LeaderboardSetting Setting, string Label, IReadOnlyList<LeaderboardGroup> Groups);

/// <summary>A built leaderboard, ready for any format: columns, rows in their final order, ranks and marks decided.</summary>
public sealed class LeaderboardTable
{
    public required IReadOnlyList<string> Datasets { get; init; }

    public required IReadOnlyList<string> Metrics { get; init; }

    public required IReadOnlyList<LeaderboardRow> Rows { get; init; }

    /// <summary>Every setting of the inputs, in order of first appearance; more than one only when mixing was allowed.</summary>
    public required IReadOnlyList<LeaderboardSetting> Settings { get; init; }

    public required IReadOnlyList<string> Sources { get; init; }

    public required int Decimals { get; init; }

    public LeaderboardSort? Sort { get; init; }

    public string? Caption { get; init; }

    /// <summary>Ranks marked per column: 2 or 3.</summary>
    public int Marks { get; init; } = 2;

    /// <summary>Datasets x methods as rows, metrics as columns (md, latex, xlsx).</summary>
    public bool Transpose { get; init; }

    public NotesPlacement Notes { get; init; } = NotesPlacement.Below;

    public LatexLayout Latex { get; init; } = new();

    public bool Mixed => Settings.Count > 1;

    /// <summary>True when some cell prints an em dash (no value).</summary>
    public bool HasEmptyCells => Rows.Any(r => r.Groups.Any(g => g.Cells.Any(c => c.Value is null)));

    public IEnumerable<(LeaderboardRow Row, LeaderboardGroup Group)> IncompleteGroups =>
        Rows.SelectMany(r => r.Groups.Where(g => g.Incomplete).Select(g => (r, g)));
}
