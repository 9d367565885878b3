using ScottPlot;

namespace CoSod.Reports.Figures;

/// <summary>The figures <c>cosod plot</c> draws per dataset.</summary>
public enum FigureKind
{
    /// <summary>Precision-recall curves (<c>pr</c>).</summary>
    Pr,

    /// <summary>F-measure against threshold (<c>fcurve</c>).</summary>
    FCurve,

    /// <summary>E-measure against threshold (<c>ecurve</c>).</summary>
    ECurve,

    /// <summary>ROC curves (<c>roc</c>): eval-co-sod's, or the fpr and recall curves.</summary>
    Roc,

    /// <summary>IoU against threshold (<c>iou</c>), from the <c>iou</c> curve key.</summary>
    Iou,

    /// <summary>Dice against threshold (<c>dice</c>), from the <c>dice</c> curve key.</summary>
    Dice,

    /// <summary>S-measure against MAE, a point per method (<c>scatter</c>).</summary>
    Scatter,
}

/// <summary>A figure kind's file stem, its data test and its builder.</summary>
public static class FigureKinds
{
    public static IReadOnlyList<FigureKind> All { get; } = Enum.GetValues<FigureKind>();

    /// <summary>The names <c>--figures</c> takes, in <see cref="FigureKind"/> order (also the file stems).</summary>
    public static IReadOnlyList<string> Names { get; } = ["pr", "fcurve", "ecurve", "roc", "iou", "dice", "scatter"];

    public static string Name(FigureKind kind) => Names[(int)kind];

    public static bool TryParse(string name, out FigureKind kind)
    {
        var index = Names.ToList().IndexOf(name.Trim().ToLowerInvariant());
        kind = index < 0 ? default : (FigureKind)index;
        return index >= 0;
    }

    /// <summary>True when some method of the panel has what the figure draws.</summary>
    public static bool HasData(CurvePanel panel, FigureKind kind)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return kind switch
        {
            FigureKind.ECurve => panel.Series.Any(s => s.Em is not null),
            FigureKind.Roc => panel.Series.Any(s => s.Roc is not null),
            FigureKind.Iou => panel.Series.Any(s => s.Iou is not null),
            FigureKind.Dice => panel.Series.Any(s => s.Dice is not null),
            FigureKind.Scatter => panel.Series.Any(s => s.Sm is not null && s.Mae is not null),
            _ => panel.Series.Count > 0,
        };
    }

    /// <summary>What a figure needs, for the note when it cannot be drawn.</summary>
    public static string Needs(FigureKind kind) => kind switch
    {
        FigureKind.ECurve => "an E-measure curve",
        FigureKind.Roc => "ROC curves (eval-co-sod's tpr_sorted_by_fpr and fpr_sorted, or fpr and recall curves)",
        FigureKind.Iou => "an iou curve",
        FigureKind.Dice => "a dice curve",
        FigureKind.Scatter => "Sm and MAE",
        _ => "curves",
    };

    public static Plot Build(CurvePanel panel, FigureKind kind, FigureOptions options) => kind switch
    {
        FigureKind.Pr => CurveFigures.PrecisionRecall(panel, options),
        FigureKind.FCurve => CurveFigures.FMeasure(panel, options),
        FigureKind.ECurve => CurveFigures.EMeasure(panel, options),
        FigureKind.Roc => CurveFigures.Roc(panel, options),
        FigureKind.Iou => CurveFigures.Iou(panel, options),
        FigureKind.Dice => CurveFigures.Dice(panel, options),
        _ => ScatterFigure.SmVersusMae(panel, options),
    };

    /// <summary>
    /// The figures of the given kinds: one per dataset (<c>&lt;kind&gt;-&lt;Dataset&gt;</c>), or with
    /// <paramref name="row"/> one per kind with a panel per dataset and one legend (<c>&lt;kind&gt;-row</c>). A kind no
    /// method has data for is left out with a note, as is a dataset without it in a row.
    /// </summary>
    public static IReadOnlyList<(string Stem, FigureCanvas Figure)> Figures(
        IReadOnlyList<CurvePanel> panels, IReadOnlyList<FigureKind> kinds, FigureOptions options, bool row, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(notes);
        var figures = new List<(string, FigureCanvas)>();
        var drawable = panels.Where(p => p.Series.Count > 0).ToList();
        foreach (var kind in kinds)
        {
            var with = drawable.Where(p => HasData(p, kind)).ToList();
            foreach (var panel in drawable.Except(with))
            {
                notes.Add($"{panel.Dataset}: no method has {Needs(kind)}; {Name(kind)}-{panel.Dataset} not drawn");
            }

            if (!row)
            {
                figures.AddRange(with.Select(p => (Name(kind) + "-" + p.Dataset, FigureCanvas.Single(Build(p, kind, options), options))));
                continue;
            }

            if (with.Count == 0)
            {
                continue;
            }

            var plots = new List<Plot>();
            var items = new List<LegendItem>();
            var placement = options.Legend ?? LegendPlacement.Below;
            foreach (var panel in with)
            {
                var last = panel == with[^1];
                var plot = Build(panel, kind, options with
                {
                    ShowTitle = false,
                    Legend = placement == LegendPlacement.Inside && last ? LegendPlacement.Inside : LegendPlacement.None,
                });
                if (options.ShowTitle)
                {
                    plot.Title(panel.Dataset, FigureStyle.TitleSize);
                    plot.Axes.Title.Label.FontName = FigureStyle.FontFamily;
                }

                foreach (var item in plot.Legend.ManualItems.Where(i => !items.Any(k => k.LabelText == i.LabelText)))
                {
                    items.Add(item);
                }

                plots.Add(plot);
            }

            // Methods before the explanation of the ring, whatever dataset first had which.
            var ordered = items.Where(i => i.LabelText != CurveFigures.MaxFLegend).Concat(items.Where(i => i.LabelText == CurveFigures.MaxFLegend)).ToList();
            figures.Add((Name(kind) + "-row", FigureCanvas.Row(plots, ordered, options)));
        }

        return figures;
    }
}
