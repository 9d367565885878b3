using CoSod.Evaluation.Results;

namespace CoSod.Reports.Leaderboard;

/// <summary>One metrics.json read back, with the name it is reported under (the path as given).</summary>
public sealed record LeaderboardInput(string Source, EvaluationReport Report);

/// <summary>The output formats of a leaderboard.</summary>
public enum LeaderboardFormat
{
    Markdown,
    Latex,
    Csv,
    Json,
    Html,
}

/// <summary>Format names as the command line spells them, and the format a file extension implies.</summary>
public static class LeaderboardFormats
{
    /// <summary>The names <c>--format</c> accepts (the first of each pair is the documented one).</summary>
    public static IReadOnlyList<string> Names { get; } = ["md", "markdown", "latex", "tex", "csv", "json", "html"];

    public static bool TryParse(string? name, out LeaderboardFormat format)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "md" or "markdown":
                format = LeaderboardFormat.Markdown;
                return true;
            case "latex" or "tex":
                format = LeaderboardFormat.Latex;
                return true;
            case "csv":
                format = LeaderboardFormat.Csv;
                return true;
            case "json":
                format = LeaderboardFormat.Json;
                return true;
            case "html" or "htm":
                format = LeaderboardFormat.Html;
                return true;
            default:
                format = LeaderboardFormat.Markdown;
                return false;
        }
    }

    /// <summary>The format a file name's extension implies (<c>.md</c>, <c>.tex</c>, ...), or null.</summary>
    public static LeaderboardFormat? FromPath(string path)
    {
        var extension = Path.GetExtension(path).TrimStart('.');
        return extension.Length > 0 && TryParse(extension, out var format) ? format : null;
    }
}

/// <summary>A column to sort the rows by: a dataset and a metric of it; best first in that metric's direction.</summary>
public sealed record LeaderboardSort(string Dataset, string Metric)
{
    /// <summary>Parses <c>Dataset:Metric</c> (split at the last colon, so a dataset name may hold one).</summary>
    public static bool TryParse(string? text, out LeaderboardSort? sort)
    {
        sort = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        sort = new LeaderboardSort(text[..colon].Trim(), text[(colon + 1)..].Trim());
        return sort.Dataset.Length > 0 && sort.Metric.Length > 0;
    }

    public override string ToString() => Dataset + ":" + Metric;
}

/// <summary>What to put in a leaderboard and how to print it; every format reads the same options.</summary>
public sealed record LeaderboardOptions
{
    public const int MaxDecimals = 10;

    /// <summary>Decimals printed; best and second best are decided at this precision (ties share a mark).</summary>
    public int Decimals { get; init; } = 3;

    /// <summary>Metric columns in this order (flattened names such as "Fm.max"); null: every metric present, conventional order.</summary>
    public IReadOnlyList<string>? Metrics { get; init; }

    /// <summary>Datasets in this order; null: every dataset, in order of first appearance in the inputs.</summary>
    public IReadOnlyList<string>? Datasets { get; init; }

    /// <summary>Rows sorted by this column, best first; null: methods in order of first appearance in the inputs.</summary>
    public LeaderboardSort? Sort { get; init; }

    /// <summary>Allow inputs of different profiles, aggregations or number-changing options in one table (rows say which).</summary>
    public bool AllowMixedProfiles { get; init; }

    /// <summary>Plain-text caption (escaped for each format); null: a default one where the format has captions.</summary>
    public string? Caption { get; init; }
}

/// <summary>Inputs that cannot make one honest table (mixed profiles, a duplicate result, an unknown column): one line.</summary>
public sealed class LeaderboardException(string message) : Exception(message);
