using System.Text.Json;
using System.Text.RegularExpressions;
using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.HtmlReportTests;

/// <summary>
/// The bundled sample scored once with per-image values and bootstrap intervals (<c>cosod eval --per-image --ci
/// --resamples 200 --allow-missing</c>; NearBinary lacks CoCA violin/68071 on purpose), then <c>cosod report</c>
/// run twice on it into two folders; the report tests read what this wrote.
/// </summary>
public sealed class ReportSample : IDisposable
{
    public static readonly string[] Datasets = ["CoCA", "CoSOD3k", "CoSal2015"];

    public static readonly string[] Methods = ["Degenerate", "NearBinary", "Noisy", "Resized", "SoftBlur"];

    /// <summary>The leaderboard's column order for the pysodmetrics profile.</summary>
    public static readonly string[] Metrics = ["Sm", "MAE", "wFm", "Fm.max", "Fm.mean", "Fm.adp", "Em.max", "Em.mean", "Em.adp"];

    private readonly TempTree _tree = new();

    public ReportSample()
    {
        var sample = SharedFixtures.SynthPublic;
        Eval = CliRun.Of(
            "eval", "--gt", Path.Combine(sample, "datasets"), "--pred", Path.Combine(sample, "predictions"),
            "--out", EvalOut, "--per-image", "--ci", "--resamples", "200", "--allow-missing", "--threads", "2");
        First = CliRun.Of("report", MetricsFile, "--out", FirstOut);
        Second = CliRun.Of("report", MetricsFile, "--out", SecondOut);
        Html = File.Exists(FirstIndex) ? File.ReadAllText(FirstIndex) : string.Empty;
    }

    public CliRun Eval { get; }

    public CliRun First { get; }

    public CliRun Second { get; }

    public TempTree Tree => _tree;

    public string EvalOut => _tree.PathOf("eval");

    public string MetricsFile => Path.Combine(EvalOut, "metrics.json");

    public string FirstOut => _tree.PathOf("report-1");

    public string SecondOut => _tree.PathOf("report-2");

    public string FirstIndex => Path.Combine(FirstOut, "index.html");

    public string SecondIndex => Path.Combine(SecondOut, "index.html");

    /// <summary>The first report's page ("" when it was not written; <see cref="AssertRan"/> says why).</summary>
    public string Html { get; }

    public JsonDocument ReadMetrics() => CliRun.ReadMetrics(EvalOut);

    public void Dispose() => _tree.Dispose();

    internal void AssertRan()
    {
        Assert.True(Eval.ExitCode == ExitCodes.Ok, "eval: " + Eval.Error);
        Assert.True(First.ExitCode == ExitCodes.Ok, "report: " + First.Error);
        Assert.True(Second.ExitCode == ExitCodes.Ok, "report (second run): " + Second.Error);
        Assert.True(File.Exists(FirstIndex), FirstIndex);
    }
}

[CollectionDefinition(Name)]
public sealed class ReportSampleCollection : ICollectionFixture<ReportSample>
{
    public const string Name = "Report sample";
}

/// <summary>What the report tests read out of a page.</summary>
internal static partial class Page
{
    public static string F(double value, int decimals = 3) =>
        value.ToString("F" + decimals.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    public static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    /// <summary>The inner HTML of the first element matching an opening tag prefix (no nesting of the same tag assumed).</summary>
    public static string Element(string html, string openingPrefix, string tag)
    {
        var start = html.IndexOf(openingPrefix, StringComparison.Ordinal);
        Assert.True(start >= 0, "no element starting with " + openingPrefix);
        var end = html.IndexOf("</" + tag + ">", start, StringComparison.Ordinal);
        Assert.True(end > start, "element " + openingPrefix + " is not closed");
        return html[start..end];
    }

    /// <summary>The cells (td) after the row header of the row headed exactly <paramref name="rowHeader"/> (a leading rank cell is skipped).</summary>
    public static List<string> RowCells(string tableHtml, string rowHeader)
    {
        var row = Row().Matches(tableHtml).FirstOrDefault(m => Strip(m.Groups[1].Value) == rowHeader);
        Assert.True(row is not null, $"no row headed '{rowHeader}' in:\n{tableHtml}");
        return Cell().Matches(row!.Groups[2].Value).Select(m => m.Groups[1].Value).ToList();
    }

    public static string Strip(string html) => System.Net.WebUtility.HtmlDecode(Tags().Replace(html, string.Empty)).Trim();

    /// <summary>The text content of every &lt;text&gt; element, trimmed.</summary>
    public static List<string> SvgTexts(string html) => SvgText().Matches(html).Select(m => Strip(m.Groups[1].Value)).ToList();

    public static List<(string Kind, string Name, string Body)> Figures(string html) =>
        Figure().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();

    public static List<string> Ids(string html) => Id().Matches(html).Select(m => m.Groups[1].Value).ToList();

    public static List<string> References(string html) => Reference().Matches(html).Select(m => m.Groups[1].Value).ToList();

    public static int Count(string html, string what) => Regex.Matches(html, Regex.Escape(what)).Count;

    [GeneratedRegex("<tr>(?:<td class=\"num\">\\d+</td>)?\\s*<th scope=\"row\"[^>]*>(.*?)</th>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex Cell();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("<text[^>]*>(.*?)</text>", RegexOptions.Singleline)]
    private static partial Regex SvgText();

    [GeneratedRegex("<figure class=\"([^\"]+)\" data-figure=\"([^\"]+)\"[^>]*>(.*?)</figure>", RegexOptions.Singleline)]
    private static partial Regex Figure();

    [GeneratedRegex("\\sid=\"([^\"]*)\"")]
    private static partial Regex Id();

    [GeneratedRegex("(?:url\\(#|href=\"#)([^\")]*)[\")]")]
    private static partial Regex Reference();
}
