using CoSod.Reports.Figures;

namespace CoSod.Reports.Html;

/// <summary>The report's curve figures: the row of every dataset's panels, and each dataset's own PR / F / E curves.</summary>
public static partial class HtmlReports
{
    private static void Curves(Page page, string dataset, CurvePanel? panel)
    {
        var html = page.Html;
        html.Append("<h3>Curves</h3>\n");
        if (panel is null || panel.Series.Count == 0)
        {
            html.Append("<p class=\"hint\">No method has curves on this dataset (no image was scored); see the notes below.</p>\n");
            return;
        }

        html.Append("<div class=\"figures\">\n");
        var w = FigureStyle.Width;
        var h = FigureStyle.Height;
        page.Figure(CurveFigures.PrecisionRecall(panel), w, h, "pr", dataset, dataset + ": precision-recall curves",
            Text($"{dataset}: precision against recall over the thresholds; the ring marks each method's max-F operating point."));
        page.Figure(CurveFigures.FMeasure(panel), w, h, "fcurve", dataset, dataset + ": F-measure against threshold",
            Text($"{dataset}: F-measure (β² = 0.3) of the dataset-mean curve against the threshold; the ring marks its maximum (max F)."));
        if (panel.Series.Any(s => s.Em is not null))
        {
            page.Figure(CurveFigures.EMeasure(panel), w, h, "ecurve", dataset, dataset + ": E-measure against threshold",
                Text($"{dataset}: E-measure of the dataset-mean curve against the threshold."));
        }

        html.Append("</div>\n");
        if (panel.Series.All(s => s.Em is null))
        {
            html.Append("<p class=\"hint\">No method has an E-measure curve on this dataset, so no E-measure figure is drawn.</p>\n");
        }
        else if (panel.Series.Where(s => s.Em is null).Select(s => s.Label).ToList() is { Count: > 0 } withoutE)
        {
            html.Append("<p class=\"hint\">").Append(Text("Without an E-measure curve (left out of that figure): " + string.Join(", ", withoutE) + "."))
                .Append("</p>\n");
        }
    }

    /// <summary>
    /// The curves as papers print them: per kind one figure with a panel per dataset and one legend under the row
    /// (<see cref="FigureKinds.Figures"/>), full width.
    /// </summary>
    private static void RowFigures(Page page, IReadOnlyList<CurvePanel> panels)
    {
        var html = page.Html;
        html.Append("<section id=\"curves\">\n<h2>Curves of every dataset</h2>\n");
        var notes = new List<string>();
        var kinds = new List<FigureKind> { FigureKind.Pr, FigureKind.FCurve };
        if (panels.Any(p => FigureKinds.HasData(p, FigureKind.ECurve)))
        {
            kinds.Add(FigureKind.ECurve);
        }

        var figures = FigureKinds.Figures(panels, kinds, FigureOptions.Default, row: true, notes);
        if (figures.Count == 0)
        {
            html.Append("<p class=\"hint\">No method has curves (no image was scored); see the notes below.</p>\n</section>\n");
            return;
        }

        html.Append("<div class=\"figures\">\n");
        foreach (var (stem, figure) in figures)
        {
            var what = stem.StartsWith("pr", StringComparison.Ordinal) ? "precision against recall (the ring: each method's max-F point)"
                : stem.StartsWith("fcurve", StringComparison.Ordinal) ? "F-measure (β² = 0.3) against the threshold"
                : "E-measure against the threshold";
            page.Figure(figure.Svg(), figure.LogicalWidth, "row", stem, stem, Text($"Every dataset side by side: {what}; one legend for all panels."));
        }

        html.Append("</div>\n</section>\n");
    }
}
