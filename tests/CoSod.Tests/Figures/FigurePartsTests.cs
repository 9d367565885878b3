using CoSod.Reports.Figures;
using ScottPlot;

namespace CoSod.Tests.Figures;

/// <summary>The pieces every figure is built from: fitted axes, spaced markers, geometric dashes, distinct styles.</summary>
public sealed class FigurePartsTests
{
    [Fact]
    public void Unit_interval_axes_fit_the_data_with_a_margin_and_stay_within_zero_and_one()
    {
        var narrow = AxisFit.UnitInterval([0.62, 0.7, 0.81]);
        var full = AxisFit.UnitInterval([0.0, 0.5, 1.0]);

        Assert.Equal(0.62 - (0.19 * 0.05), narrow.Min, 12);
        Assert.Equal(0.81 + (0.19 * 0.05), narrow.Max, 12);
        Assert.Equal(-AxisFit.EdgeAllowance, full.Min, 12);
        Assert.Equal(1 + AxisFit.EdgeAllowance, full.Max, 12);
        Assert.Equal((0.0, 1.0), (AxisFit.UnitInterval([double.NaN]).Min, AxisFit.UnitInterval([double.NaN]).Max));
        var flat = AxisFit.UnitInterval([0.3, 0.3]);
        Assert.True(flat.Min < 0.3 && flat.Max > 0.3 && flat.Span >= AxisFit.MinimumSpan);
    }

    [Fact]
    public void E_measure_axes_are_not_clipped_at_one()
    {
        // An exact map on an N-pixel image scores E = N/(N-1) > 1.
        var e = AxisFit.NonNegative([0.9, 1.0000146]);

        Assert.True(e.Max > 1.0000146 + 0.001, $"{e.Max} clips the top of the E curve");
        Assert.True(e.Min > 0.85);
    }

    [Fact]
    public void Curve_figures_use_the_fitted_limits_and_keep_an_e_value_above_one_visible()
    {
        MethodCurves Series(string name, double[] y) => new(
            name, name, 0, "p", [0, 0.5, 1], [0.7, 0.8, 0.9], [0.9, 0.6, 0.2], y, y.Select(v => v + 0.2).ToArray());
        var panel = new CurvePanel("D", ["p"], [Series("A", [0.75, 0.8, 0.82]), Series("B", [0.7, 0.79, 0.85])]);

        var pr = CurveFigures.PrecisionRecall(panel).Axes.GetLimits();
        var e = CurveFigures.EMeasure(panel).Axes.GetLimits();

        Assert.InRange(pr.Bottom, 0.69, 0.7);
        Assert.InRange(pr.Top, 0.9, 0.91);
        Assert.InRange(pr.Left, 0.15, 0.2);
        Assert.True(e.Top > 1.05, $"E axis top {e.Top} clips E = 1.05");
    }

    [Fact]
    public void Markers_are_spaced_by_drawn_length_not_by_index()
    {
        // 200 points bunched at x = 0..0.01, then one long stretch: index spacing would put every marker in the bunch.
        var xs = Enumerable.Range(0, 200).Select(i => i / 20000.0).Append(1.0).ToArray();
        var ys = xs.Select(_ => 0.5).ToArray();

        var indices = MarkerSpacing.Indices(xs, ys, 1, 1, count: 5, phase: 0.5);

        Assert.Equal(indices.Order().Distinct(), indices);
        Assert.InRange(indices.Count, 1, 5);
        Assert.Contains(200, indices);
        Assert.Empty(MarkerSpacing.Indices([double.NaN], [1.0], 1, 1));
    }

    [Fact]
    public void Dashes_are_cut_into_on_pieces_of_the_pattern_length_across_vertices()
    {
        var pattern = new DashPattern("test", [10, 5]);
        Pixel[] line = [new(0, 0), new(12, 0), new(40, 0)];

        var pieces = DashedLines.Pieces(line, pattern);

        // On 0-10, off 10-15, on 15-25, off 25-30, on 30-40.
        Assert.Equal(3, pieces.Count);
        Assert.Equal([0f, 10f], pieces[0].Select(p => p.X).ToArray());
        Assert.Equal([15f, 25f], new[] { pieces[1][0].X, pieces[1][^1].X });
        Assert.Equal([30f, 40f], new[] { pieces[2][0].X, pieces[2][^1].X });
        Assert.Single(DashedLines.Pieces(line, DashPattern.Solid));
    }

    [Fact]
    public void The_first_dozen_series_differ_in_pattern_and_marker_so_greyscale_prints_keep_them_apart()
    {
        var styles = Enumerable.Range(0, 12).Select(FigureStyle.Series).ToList();

        Assert.Equal(12, styles.Select(s => (s.Pattern.Name, s.Marker)).Distinct().Count());
        Assert.Equal(12, styles.Select(s => (s.Color, s.Pattern.Name, s.Marker)).Distinct().Count());
        Assert.True(styles.Take(5).Select(s => s.Pattern.Name).Distinct().Count() == 5, "five methods: five line patterns");
        Assert.True(styles.Take(7).Select(s => s.Color).Distinct().Count() == 7);
    }

    [Fact]
    public void A_figure_svg_has_no_path_effects_the_svg_backend_would_drop()
    {
        var panel = new CurvePanel("D", ["p"],
        [
            new("A", "A", 0, "p", [0, 0.5, 1], [0.7, 0.8, 0.9], [0.9, 0.6, 0.2], [0.7, 0.8, 0.6], null),
            new("B", "B", 1, "p", [0, 0.5, 1], [0.6, 0.7, 0.8], [0.8, 0.5, 0.1], [0.6, 0.7, 0.5], null),
        ]);

        var svg = CurveFigures.FMeasure(panel).GetSvgXml(FigureStyle.Width, FigureStyle.Height);

        // B is dashed: its line arrives as several separate "on" pieces (M ... L ...), not one stroke with a dasharray.
        var bPath = svg.Split('\n').Where(l => l.Contains("stroke=\"#D55E00\"", StringComparison.Ordinal) && l.Contains("<path", StringComparison.Ordinal));
        Assert.Contains(bPath, l => l.Split('M').Length > 5);
        Assert.DoesNotContain("dasharray", svg, StringComparison.Ordinal);
    }
}
