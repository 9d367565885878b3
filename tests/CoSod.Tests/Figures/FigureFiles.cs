using System.Text.RegularExpressions;
using CoSod.Evaluation.Results;
using CoSod.Reports.Figures;

namespace CoSod.Tests.Figures;

/// <summary>What the figure tests read out of an SVG, and the sample run they share.</summary>
internal static partial class FigureFiles
{
    /// <summary>The text content of every &lt;text&gt; element, whitespace-trimmed, in document order.</summary>
    public static List<string> Texts(string svg) =>
        TextElement().Matches(svg).Select(m => Tags().Replace(m.Groups[2].Value, string.Empty).Trim()).ToList();

    /// <summary>The font-family attribute of every &lt;text&gt; element (null when it has none).</summary>
    public static List<string?> TextFonts(string svg) =>
        TextElement().Matches(svg)
            .Select(m => FontFamily().Match(m.Groups[1].Value) is { Success: true } f ? f.Groups[1].Value : null)
            .ToList();

    public static List<CurvePanel> Panels(params string[] metricsFiles) =>
        CurvePanels.FromReports(metricsFiles.Select(p => new LoadedReport(p, MetricsJsonReader.Read(p))).ToList(), out _).ToList();

    [GeneratedRegex(@"<text([^>]*)>(.*?)</text>", RegexOptions.Singleline)]
    private static partial Regex TextElement();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("font-family=\"([^\"]*)\"")]
    private static partial Regex FontFamily();
}
