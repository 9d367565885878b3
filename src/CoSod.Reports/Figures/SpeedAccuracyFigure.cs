using System.Globalization;
using CoSod.Reports.Speed;
using CoSod.Reports.Tables;
using ScottPlot;

namespace CoSod.Reports.Figures;

/// <summary>
/// The speed-vs-accuracy bubble chart (after the GCoNet+ paper's Figure 1): x = images per second as measured, y = one
/// metric on one dataset, bubble area proportional to the parameter MB, every bubble labelled with its model and
/// size. Saved at <see cref="FigureStyle.Width"/> x <see cref="FigureStyle.Height"/> like the curve figures.
/// </summary>
public static class SpeedAccuracyFigure
{
    /// <summary>Diameter of the largest model's bubble, in pixels; the others scale by the square root of MB ratio.</summary>
    public const float LargestDiameter = 110;

    /// <summary>No bubble is drawn smaller than this (a 1 MB model next to GICD's 1061 MB would be a dot).</summary>
    public const float SmallestDiameter = 6;

    public const string BubbleNote = "Bubble area ∝ parameter MB (fp32)";

    /// <summary>Gap between a bubble's top and its label, in pixels.</summary>
    private const float LabelGap = 3;

    /// <summary>Room a label takes above its bubble, in pixels (one line at <see cref="FigureStyle.LegendSize"/>).</summary>
    private const float LabelHeight = 20;

    /// <summary>Approximate data area of an 800x600 figure once the title, labels and ticks have their room.</summary>
    private const float DataWidth = FigureStyle.Width - 140;

    private const float DataHeight = FigureStyle.Height - 140;

    public static string Title(SpeedAccuracyChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return $"Speed vs accuracy on {chart.Options.Dataset}";
    }

    public static string XLabel(SpeedAccuracyChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var options = chart.Options;
        var protocol = options.Protocol == ModelSpeed.FpsProtocol
            ? string.Create(CultureInfo.InvariantCulture, $"256x256, N = {options.GroupSize}")
            : string.Create(CultureInfo.InvariantCulture, $"{options.Protocol} size, N = {options.GroupSize}");
        var device = chart.Run.Device + (chart.Run.DeviceName.Length > 0 ? " " + chart.Run.DeviceName : "");
        return string.Create(CultureInfo.InvariantCulture, $"Images per second ({protocol}; {device}, {chart.Run.Threads} threads)");
    }

    public static string YLabel(SpeedAccuracyChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var options = chart.Options;
        return $"{options.Metric} {MetricNames.Arrow(options.Metric)} on {options.Dataset} ({options.MetricsSource})";
    }

    /// <summary>The text next to a bubble: the model and its parameter MB.</summary>
    public static string PointLabel(SpeedAccuracyPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return string.Create(CultureInfo.InvariantCulture, $"{point.Label}, {point.ParameterMebibytes:0.0} MB");
    }

    /// <summary>The figure's note on models it leaves out; null when every model is drawn.</summary>
    public static string? LeftOffNote(SpeedAccuracyChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return chart.LeftOff.Count == 0
            ? null
            : $"Not shown (no {chart.Options.Metric} on {chart.Options.Dataset}): {string.Join(", ", chart.LeftOff)}";
    }

    /// <summary>Bubble diameter in pixels: area proportional to MB, the largest at <see cref="LargestDiameter"/>.</summary>
    public static float Diameter(double mebibytes, double largestMebibytes) =>
        largestMebibytes > 0 && mebibytes > 0
            ? Math.Max(SmallestDiameter, (float)(LargestDiameter * Math.Sqrt(mebibytes / largestMebibytes)))
            : SmallestDiameter;

    public static Plot Build(SpeedAccuracyChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var plot = FigureStyle.NewPlot(Title(chart), XLabel(chart), YLabel(chart));
        var points = chart.Points;
        var largest = points.Count == 0 ? 0 : points.Max(p => p.ParameterMebibytes);
        var diameters = points.Select(p => Diameter(p.ParameterMebibytes, largest)).ToArray();
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            plot.Add.Plottable(new Bubble(point.ImagesPerSecond, point.Value, diameters[i], FigureStyle.Series(i).Color));
        }

        // Labels after every bubble, so no bubble covers another's label.
        for (var i = 0; i < points.Count; i++)
        {
            var label = plot.Add.Text(PointLabel(points[i]), points[i].ImagesPerSecond, points[i].Value);
            label.LabelFontName = FigureStyle.FontFamily;
            label.LabelFontSize = FigureStyle.LegendSize;
            label.LabelFontColor = Colors.Black;
            label.LabelAlignment = Alignment.LowerCenter;
            label.OffsetY = -((diameters[i] / 2) + LabelGap);
        }

        Annotate(plot, BubbleNote, Alignment.LowerRight);
        if (LeftOffNote(chart) is { } note)
        {
            Annotate(plot, note, Alignment.UpperRight);
        }

        SetLimits(plot, points, diameters);
        return plot;
    }

    private static void Annotate(Plot plot, string text, Alignment alignment)
    {
        var annotation = plot.Add.Annotation(text, alignment);
        annotation.LabelFontName = FigureStyle.FontFamily;
        annotation.LabelFontSize = FigureStyle.TickSize;
        annotation.LabelFontColor = Colors.Black;
        annotation.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
        annotation.LabelBorderColor = Colors.Gray;
        annotation.LabelBorderWidth = 1;
    }

    /// <summary>
    /// Limits that keep every bubble and label inside the data area: x from 0 (or below, when a bubble near 0 would be
    /// cut) with room on the right, y around the values with room for the bubbles and the labels above them. The data
    /// area's size is estimated, so the room is computed in pixels and converted; three passes settle it.
    /// </summary>
    private static void SetLimits(Plot plot, IReadOnlyList<SpeedAccuracyPoint> points, float[] diameters)
    {
        if (points.Count == 0)
        {
            plot.Axes.SetLimits(0, 1, 0, 1);
            return;
        }

        var radii = diameters.Select(d => (double)d / 2).ToArray();
        var xs = points.Select(p => p.ImagesPerSecond).ToArray();
        var ys = points.Select(p => p.Value).ToArray();

        double left = 0, right = xs.Max() * 1.1;
        double bottom = ys.Min(), top = ys.Max();
        var ySpread = Math.Max(top - bottom, Math.Max(Math.Abs(top), 1e-3) * 0.02);
        bottom -= ySpread * 0.25;
        top += ySpread * 0.25;
        for (var pass = 0; pass < 3; pass++)
        {
            var xPerPixel = (right - left) / DataWidth;
            var yPerPixel = (top - bottom) / DataHeight;
            for (var i = 0; i < points.Count; i++)
            {
                left = Math.Min(left, xs[i] - ((radii[i] + 4) * xPerPixel));
                right = Math.Max(right, xs[i] + ((radii[i] + 4) * xPerPixel));
                bottom = Math.Min(bottom, ys[i] - ((radii[i] + 4) * yPerPixel));
                top = Math.Max(top, ys[i] + ((radii[i] + LabelGap + LabelHeight + 4) * yPerPixel));
            }
        }

        plot.Axes.SetLimits(left, right, bottom, top);
    }
}
