using CoSod.Reports.Figures;
using CoSod.Reports.Html;

namespace CoSod.Tests.HtmlReportTests;

/// <summary>Inlining a ScottPlot SVG: ids renamed per page, references followed, a viewBox added, the declaration dropped.</summary>
public sealed class SvgInlineTests
{
    private const string Handmade =
        "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"600\">\n"
        + "<clipPath id=\"cl_1\"><rect/></clipPath><clipPath id=\"cl_10\"><rect/></clipPath>\n"
        + "<g clip-path=\"url(#cl_1)\"><use xlink:href=\"#cl_10\"/></g><g clip-path=\"url(#cl_10)\"/>\n"
        + "<text>cl_1 in text</text><a href=\"#elsewhere\"/>\n"
        + "</svg>\n";

    [Fact]
    public void Ids_and_their_references_are_renamed_in_order_of_appearance()
    {
        var svg = SvgInline.Prepare(Handmade, "fig7", "A & B");

        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"600\" viewBox=\"0 0 800 600\" role=\"img\" aria-label=\"A &amp; B\">", svg, StringComparison.Ordinal);
        Assert.Contains("<clipPath id=\"fig7-1\">", svg, StringComparison.Ordinal);
        Assert.Contains("<clipPath id=\"fig7-2\">", svg, StringComparison.Ordinal);
        Assert.Contains("<g clip-path=\"url(#fig7-1)\"><use xlink:href=\"#fig7-2\"/></g><g clip-path=\"url(#fig7-2)\"/>", svg, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#elsewhere\"/>", svg, StringComparison.Ordinal); // not an id of this SVG: left alone
        Assert.Contains("<text>cl_1 in text</text>", svg, StringComparison.Ordinal); // only ids and references change
        Assert.Equal(1, Page.Count(svg, "cl_1"));
        Assert.DoesNotContain("<?xml", svg, StringComparison.Ordinal);
        Assert.EndsWith("</svg>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_figure_rendered_twice_in_one_process_inlines_to_the_same_text()
    {
        var panel = new CurvePanel("D", ["pysodmetrics"],
        [
            new MethodCurves("M", "M", 0, "pysodmetrics", [0, 0.5, 1], [0.2, 0.6, 0.9], [1, 0.7, 0.1], [0.3, 0.65, 0.2], [0.4, 0.8, 0.5]),
        ]);
        var raw1 = CurveFigures.PrecisionRecall(panel).GetSvgXml(FigureStyle.Width, FigureStyle.Height);
        var raw2 = CurveFigures.PrecisionRecall(panel).GetSvgXml(FigureStyle.Width, FigureStyle.Height);

        var one = SvgInline.Prepare(raw1, "fig1", "x");
        var two = SvgInline.Prepare(raw2, "fig1", "x");

        Assert.Contains("id=\"fig1-1\"", one, StringComparison.Ordinal);
        Assert.Equal(one, two);
        Assert.NotEqual(SvgInline.Prepare(raw1, "fig1", "x"), SvgInline.Prepare(raw1, "fig2", "x"));
    }

    [Fact]
    public void Text_that_is_not_an_svg_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SvgInline.Prepare("<html></html>", "fig1", "x"));
    }
}
