using System.Text.RegularExpressions;
using CoSod.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CoSod.Tests.HtmlReportTests;

/// <summary>
/// The sample report opened in a real browser (Debian's chromium, headless, as a child process): the rendered DOM
/// holds the tables and the inline SVG figures, and a screenshot shows a page, not a blank. Tests write only into
/// temporary folders; run-sample.sh keeps a screenshot of the sample report under results/.
/// </summary>
[Collection(ReportSampleCollection.Name)]
public sealed class ReportBrowserTests(ReportSample sample) : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [ChromiumFact]
    public void The_rendered_dom_has_the_table_cells_and_the_svg_figures()
    {
        sample.AssertRan();
        var run = Chromium.Run(_tree.Folder("profile"), sample.FirstIndex, "--dump-dom");

        Assert.True(run.ExitCode == 0, $"chromium exited {run.ExitCode}:\n{run.Error}");
        var dom = run.Output;
        Assert.Contains("<title>CoSOD evaluation report</title>", dom, StringComparison.Ordinal);

        // The leaderboard cells as the browser parsed them: one row per method in each of the three tables.
        var leaderboard = Page.Element(dom, "<section id=\"leaderboard\"", "section");
        foreach (var method in ReportSample.Methods)
        {
            Assert.Equal(3, Regex.Matches(leaderboard, $"<th scope=\"row\" class=\"method\">{method}</th>").Count);
        }

        Assert.Contains("<td class=\"first\">0.878<sup>9/10</sup></td>", leaderboard, StringComparison.Ordinal);
        var softBlur = Page.RowCells(Page.Element(dom, "<table class=\"ci\" data-dataset=\"CoCA\">", "table"), "SoftBlur");
        Assert.Equal(ReportSample.Metrics.Length, softBlur.Count);
        Assert.Matches("<span class=\"value\">0\\.\\d{3}</span><span class=\"interval\">\\[0\\.\\d{3}, 0\\.\\d{3}\\]</span>", softBlur[0]);
        Assert.Contains("violin/68071", Page.Element(dom, "<section id=\"files\"", "section"), StringComparison.Ordinal);

        // The figures are live SVG elements in the DOM, with their text.
        Assert.Equal(15, Page.Count(dom, "<svg"));
        var figures = Page.Figures(dom);
        Assert.Equal(15, figures.Count);
        var pr = Page.SvgTexts(figures.Single(f => f.Name == "pr-CoCA").Body);
        Assert.Contains("Recall", pr);
        Assert.Contains("Precision", pr);
        Assert.Contains("SoftBlur", pr);
    }

    [ChromiumFact]
    public void A_screenshot_is_a_non_blank_png_of_the_window_size()
    {
        sample.AssertRan();
        var shot = _tree.PathOf("report.png");
        var run = Chromium.Run(_tree.Folder("profile"), sample.FirstIndex, "--screenshot=" + shot, "--window-size=1280,2000");

        Assert.True(run.ExitCode == 0, $"chromium exited {run.ExitCode}:\n{run.Error}");
        Assert.True(File.Exists(shot), "no screenshot was written:\n" + run.Error);
        var bytes = File.ReadAllBytes(shot);
        Assert.True(bytes.Length > 10_000, $"screenshot is only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);

        using var image = Image.Load<Rgb24>(bytes);
        Assert.Equal((1280, 2000), (image.Width, image.Height));
        var colours = new HashSet<Rgb24>();
        var dark = 0;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y += 2)
            {
                foreach (var p in rows.GetRowSpan(y))
                {
                    colours.Add(p);
                    if (p.R + p.G + p.B < 150)
                    {
                        dark++;
                    }
                }
            }
        });
        Assert.True(colours.Count > 50, $"only {colours.Count} colours: a blank or unstyled page");
        Assert.True(dark > 5_000, $"only {dark} dark pixels: no text drawn");
    }
}
