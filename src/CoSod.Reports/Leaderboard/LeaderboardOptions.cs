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

    /// <summary>An Excel workbook (bytes, not text): see <see cref="Leaderboards.RenderXlsx"/>.</summary>
    Xlsx,
}

/// <summary>Format names as the command line spells them, and the format a file extension implies.</summary>
public static class LeaderboardFormats
{
    /// <summary>The names <c>--format</c> accepts (the first of each pair is the documented one).</summary>
    public static IReadOnlyList<string> Names { get; } = ["md", "markdown", "latex", "tex", "csv", "json", "html", "xlsx"];

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
            case "xlsx":
                format = LeaderboardFormat.Xlsx;
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

    /// <summary>Rows of these methods only, in this order (names as in metrics.json, or their aliases); null: every method.</summary>
    public IReadOnlyList<string>? Methods { get; init; }

    /// <summary>The name printed for a method (GCoNet_plus to GCoNet+); methods not listed print as they are.</summary>
    public MethodAliases Aliases { get; init; } = MethodAliases.None;

    /// <summary>How many ranks are marked per column: 2 (bold, underline) or 3 (and italic for the third).</summary>
    public int Marks { get; init; } = 2;

    /// <summary>Datasets x methods as rows and the metrics as columns (md, latex, xlsx).</summary>
    public bool Transpose { get; init; }

    /// <summary>Where the notes go (md, latex, html).</summary>
    public NotesPlacement Notes { get; init; } = NotesPlacement.Below;

    /// <summary>The LaTeX float, font size and label.</summary>
    public LatexLayout Latex { get; init; } = new();
}

/// <summary>Where a table's notes are printed.</summary>
public enum NotesPlacement
{
    /// <summary>Under the table (LaTeX: a footnote-size paragraph inside the float).</summary>
    Below,

    /// <summary>In the caption (LaTeX: appended to <c>\caption</c>; Markdown and HTML: right after the caption).</summary>
    Caption,

    /// <summary>Left out (the paper's own text says what the marks mean).</summary>
    None,
}

/// <summary>The LaTeX float a leaderboard is set in.</summary>
public enum LatexFloat
{
    /// <summary><c>table*</c> when the table has more than <see cref="LatexLayout.OneColumnLimit"/> number columns, else <c>table</c>.</summary>
    Auto,

    /// <summary>A one-column <c>table</c>.</summary>
    Table,

    /// <summary>A page-wide <c>table*</c> (in a one-column document the same as <c>table</c>).</summary>
    TableStar,

    /// <summary>A <c>table</c> whose tabular is scaled to <c>\linewidth</c> with <c>\resizebox</c> (needs graphicx).</summary>
    Resize,
}

/// <summary>LaTeX-only settings of a leaderboard.</summary>
public sealed record LatexLayout
{
    /// <summary>
    /// The most number columns a table keeps in one column of a two-column page by default: four metrics of two
    /// datasets are about 240 pt wide, a column 252 pt (3.5 in).
    /// </summary>
    public const int OneColumnLimit = 8;

    /// <summary>The font size commands <see cref="FontSize"/> accepts, smallest first.</summary>
    public static IReadOnlyList<string> FontSizes { get; } =
        ["tiny", "scriptsize", "footnotesize", "small", "normalsize", "large"];

    public LatexFloat Float { get; init; } = LatexFloat.Auto;

    /// <summary>A size from <see cref="FontSizes"/> set inside the float; null: the float's own (IEEEtran's <c>table*</c> is footnote size).</summary>
    public string? FontSize { get; init; }

    /// <summary>The <c>\label</c> after the caption; null: none.</summary>
    public string? Label { get; init; }

    /// <summary>A cue for <c>\label</c>: letters, digits and <c>:-_.</c> only, so that it needs no escaping.</summary>
    public static bool IsValidLabel(string label) =>
        label.Length > 0 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_' or '.' or '/');
}

/// <summary>Inputs that cannot make one honest table (mixed profiles, a duplicate result, an unknown column): one line.</summary>
public sealed class LeaderboardException(string message) : Exception(message);
