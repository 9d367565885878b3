using CoSod.Data.Files;
using ScottPlot;

namespace CoSod.Reports.Figures;

/// <summary>A figure as the files a command writes (PNG and SVG), added to an <see cref="OutputBatch"/>.</summary>
public static class FigureOutput
{
    /// <summary>Adds <c>stem.png</c> and <c>stem.svg</c> of <paramref name="plot"/> at the given pixel size.</summary>
    /// <returns>The two paths, in the order added.</returns>
    public static IReadOnlyList<string> Add(OutputBatch batch, Plot plot, string stem, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(plot);
        var png = stem + ".png";
        var svg = stem + ".svg";
        batch.Add(png, plot.GetImageBytes(width, height, ImageFormat.Png));
        batch.Add(svg, System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height)));
        return [png, svg];
    }

    /// <summary>Adds <c>stem.png</c> (at the figure's DPI), <c>stem.svg</c> and <c>stem.pdf</c> of a laid-out figure.</summary>
    /// <returns>The three paths, in the order added.</returns>
    public static IReadOnlyList<string> Add(OutputBatch batch, FigureCanvas figure, string stem)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(figure);
        var png = stem + ".png";
        var svg = stem + ".svg";
        var pdf = stem + ".pdf";
        batch.Add(png, figure.Png());
        batch.Add(svg, System.Text.Encoding.UTF8.GetBytes(figure.Svg()));
        batch.Add(pdf, figure.Pdf());
        return [png, svg, pdf];
    }
}
