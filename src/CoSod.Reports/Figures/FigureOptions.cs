using System.Globalization;
using CoSod.Reports.Leaderboard;

namespace CoSod.Reports.Figures;

/// <summary>Where a figure's legend goes.</summary>
public enum LegendPlacement
{
    /// <summary>Inside the data area, in the corner the figure kind leaves free (PR: lower left; ROC: lower right).</summary>
    Inside,

    /// <summary>Under the data area, items side by side.</summary>
    Below,

    /// <summary>Right of the data area, one item per line.</summary>
    Right,

    None,
}

/// <summary>How axis limits are chosen when none are given.</summary>
public enum AxesMode
{
    /// <summary>The data's range plus a margin (strong methods spread over the whole panel).</summary>
    Fit,

    /// <summary>The metric's whole domain: [0, 1] (E-measure up to its largest value), thresholds 0..255.</summary>
    Full,
}

/// <summary>
/// How <c>cosod plot</c> draws: which methods in which order and under which names, the highlighted one, axes,
/// title, legend, and the size of the figure in inches at a DPI. The defaults draw what earlier versions drew
/// (800 x 600 px, fitted axes, titles, legend right).
/// </summary>
public sealed record FigureOptions
{
    /// <summary>Logical pixels per inch: text sizes and line widths are in these units, whatever the output DPI.</summary>
    public const double LogicalDpi = 100;

    public static FigureOptions Default { get; } = new();

    /// <summary>These methods only, in this order (names or aliases); null: every method, in order of appearance.</summary>
    public IReadOnlyList<string>? Methods { get; init; }

    public MethodAliases Aliases { get; init; } = MethodAliases.None;

    /// <summary>The method drawn last, wider and in the reserved red (a name or alias); null: none.</summary>
    public string? Highlight { get; init; }

    public AxesMode Axes { get; init; } = AxesMode.Fit;

    /// <summary>Explicit x limits (win over <see cref="Axes"/>).</summary>
    public AxisRange? XLimits { get; init; }

    public AxisRange? YLimits { get; init; }

    public bool ShowTitle { get; init; } = true;

    /// <summary>Legend placement; null: <see cref="LegendPlacement.Right"/> for one panel, <see cref="LegendPlacement.Below"/> for a row.</summary>
    public LegendPlacement? Legend { get; init; }

    /// <summary>Figure size in inches; null: 8 x 6 for one panel, 4 x 3.6 per panel (and the legend) for a row.</summary>
    public (double Width, double Height)? SizeInches { get; init; }

    /// <summary>Dots per inch of the PNG (SVG and PDF are vector).</summary>
    public int Dpi { get; init; } = 100;

    /// <summary>Parses "WxH" in inches ("7.16x2.5"); false for anything else or a non-positive side.</summary>
    public static bool TryParseSize(string? text, out (double Width, double Height) size)
    {
        size = default;
        var parts = text?.Split('x', 'X') ?? [];
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var w)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var h)
            || !(w > 0 && w <= 100 && h > 0 && h <= 100))
        {
            return false;
        }

        size = (w, h);
        return true;
    }

    /// <summary>Parses "lo,hi" ("0.5,1"); false unless both are finite and lo &lt; hi.</summary>
    public static bool TryParseLimits(string? text, out AxisRange range)
    {
        range = default;
        var parts = text?.Split(',') ?? [];
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lo)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hi)
            || !double.IsFinite(lo) || !double.IsFinite(hi) || !(lo < hi))
        {
            return false;
        }

        range = new AxisRange(lo, hi);
        return true;
    }
}

/// <summary>A figure cannot be drawn as asked (an unknown method to select or highlight): one line.</summary>
public sealed class FigureException(string message) : Exception(message);
