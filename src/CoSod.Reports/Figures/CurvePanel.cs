using System.Globalization;
using CoSod.Evaluation.Results;
using CoSod.Reports.Leaderboard;

namespace CoSod.Reports.Figures;

/// <summary>
/// One method's dataset-level curves, ascending by threshold as metrics.json stores them. <see cref="Thresholds"/>
/// are the profile's own thresholds as fractions of 1; <see cref="Em"/> is null when the file has no E curve.
/// </summary>
public sealed record MethodCurves(
    string Method,
    string Label,
    int StyleIndex,
    string Source,
    double[] Thresholds,
    double[] Precision,
    double[] Recall,
    double[] Fm,
    double[]? Em)
{
    /// <summary>The highlighted method (--highlight): drawn last, wider, in the reserved red.</summary>
    public bool Highlighted { get; init; }

    /// <summary>The ROC curve (false-positive rate, true-positive rate), or null when the result has none.</summary>
    public (double[] Fpr, double[] Tpr)? Roc { get; init; }

    /// <summary>The dataset-mean IoU and Dice curves over <see cref="Thresholds"/> (the metrics issue's keys), or null.</summary>
    public double[]? Iou { get; init; }

    public double[]? Dice { get; init; }

    /// <summary>The dataset S-measure and MAE (the scatter figure), or null.</summary>
    public double? Sm { get; init; }

    public double? Mae { get; init; }

    public SeriesStyle Style => FigureStyle.Of(StyleIndex, Highlighted);

    /// <summary>
    /// The index of the threshold at which the dataset-mean F curve is largest (the "max F" operating point; the
    /// first such index on a tie, as numpy's argmax), or -1 when no F value is finite.
    /// </summary>
    public int MaxFIndex
    {
        get
        {
            var best = -1;
            for (var i = 0; i < Fm.Length; i++)
            {
                if (double.IsFinite(Fm[i]) && (best < 0 || Fm[i] > Fm[best]))
                {
                    best = i;
                }
            }

            return best;
        }
    }
}

/// <summary>Everything drawn in one dataset's figures: one <see cref="MethodCurves"/> per method.</summary>
public sealed record CurvePanel(string Dataset, IReadOnlyList<string> Sources, IReadOnlyList<MethodCurves> Series)
{
    /// <summary>The profiles (and aggregations where they differ) the lines come from, for the title.</summary>
    public string SourceText => string.Join("; ", Sources);
}

/// <summary>A metrics.json as read, with the path it came from (named in messages).</summary>
public sealed record LoadedReport(string Path, EvaluationReport Report);

/// <summary>The same method on the same dataset came from two inputs: the figure would be ambiguous.</summary>
public sealed class DuplicateSeriesException(string method, string dataset, string firstPath, string secondPath)
    : Exception($"method {method} on dataset {dataset} appears twice ({firstPath} and {secondPath}); pass each method and dataset once")
{
    public string Method { get; } = method;

    public string Dataset { get; } = dataset;
}

/// <summary>One method's result on one dataset, with the legend label, style and source it is drawn with.</summary>
public sealed record PanelMember(LoadedReport Input, EvaluationResult Result, string Label, int StyleIndex, string Source)
{
    public bool Highlighted { get; init; }
}

/// <summary>The results of one dataset across all inputs, in order of appearance.</summary>
public sealed record DatasetMembers(string Dataset, IReadOnlyList<string> Sources, IReadOnlyList<PanelMember> Members)
{
    /// <summary>The sources (profiles) for titles: "pysodmetrics" or "pysodmetrics; eval-co-sod".</summary>
    public string SourceText => string.Join("; ", Sources);
}

/// <summary>Groups the results of one or more metrics.json files into one panel per dataset.</summary>
public static class CurvePanels
{
    /// <summary>
    /// The results grouped by dataset (order of first appearance), each method once. A method keeps one style
    /// index across all datasets. When a dataset mixes profiles (or aggregations), every label names its source.
    /// Throws <see cref="DuplicateSeriesException"/> when a method and dataset appear twice.
    /// </summary>
    public static IReadOnlyList<DatasetMembers> ByDataset(IReadOnlyList<LoadedReport> reports) => ByDataset(reports, FigureOptions.Default);

    /// <summary>
    /// As <see cref="ByDataset(IReadOnlyList{LoadedReport})"/>, with <paramref name="options"/>' method choice and
    /// order (style indices follow it), aliases as labels and the highlighted method marked. Throws
    /// <see cref="FigureException"/> for a method to select or highlight that no input has.
    /// </summary>
    public static IReadOnlyList<DatasetMembers> ByDataset(IReadOnlyList<LoadedReport> reports, FigureOptions options)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(options);
        var seen = new Dictionary<(string Method, string Dataset), string>();
        var styleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var datasets = new List<string>();
        var entries = new List<(LoadedReport Input, EvaluationResult Result)>();
        foreach (var input in reports)
        {
            foreach (var result in input.Report.Results)
            {
                if (seen.TryGetValue((result.Method, result.Dataset), out var firstPath))
                {
                    throw new DuplicateSeriesException(result.Method, result.Dataset, firstPath, input.Path);
                }

                seen[(result.Method, result.Dataset)] = input.Path;
                if (!datasets.Contains(result.Dataset, StringComparer.Ordinal))
                {
                    datasets.Add(result.Dataset);
                }

                if (!styleIndex.ContainsKey(result.Method))
                {
                    styleIndex[result.Method] = styleIndex.Count;
                }

                entries.Add((input, result));
            }
        }

        var present = styleIndex.Keys.ToList();
        var order = options.Methods is { Count: > 0 } wanted ? wanted.Select(name => Resolve(name, present, options.Aliases, "--methods")).Distinct(StringComparer.Ordinal).ToList() : null;
        if (order is not null)
        {
            styleIndex = order.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i, StringComparer.Ordinal);
            entries = entries.Where(e => styleIndex.ContainsKey(e.Result.Method))
                .OrderBy(e => styleIndex[e.Result.Method]).ToList();
        }

        var highlight = options.Highlight is { } h ? Resolve(h, order ?? present, options.Aliases, "--highlight") : null;
        options.Aliases.RequireDistinct(styleIndex.Keys);
        var grouped = new List<DatasetMembers>(datasets.Count);
        foreach (var dataset in datasets)
        {
            var members = entries.Where(e => e.Result.Dataset == dataset).ToList();
            var aggregationsDiffer = members.Select(e => e.Input.Report.Aggregation).Distinct(StringComparer.Ordinal).Count() > 1;
            string SourceOf(EvaluationReport report) =>
                aggregationsDiffer ? report.Profile + ", " + report.Aggregation : report.Profile;
            var sources = members.Select(e => SourceOf(e.Input.Report)).Distinct(StringComparer.Ordinal).ToList();
            var mixed = sources.Count > 1;
            grouped.Add(new DatasetMembers(dataset, sources, members.Select(e =>
            {
                var source = SourceOf(e.Input.Report);
                var printed = options.Aliases.Of(e.Result.Method);
                var label = mixed ? $"{printed} ({source})" : printed;
                return new PanelMember(e.Input, e.Result, label, styleIndex[e.Result.Method], source)
                {
                    Highlighted = e.Result.Method == highlight,
                };
            }).ToList()));
        }

        return grouped;
    }

    /// <summary>A method named on the command line: its name or alias, exactly, then ignoring case.</summary>
    private static string Resolve(string name, IReadOnlyList<string> present, MethodAliases aliases, string option)
    {
        string? Match(StringComparison comparison) =>
            present.FirstOrDefault(m => string.Equals(m, name, comparison))
            ?? present.FirstOrDefault(m => string.Equals(aliases.Of(m), name, comparison));
        return Match(StringComparison.Ordinal) ?? Match(StringComparison.OrdinalIgnoreCase)
            ?? throw new FigureException($"{option} {name}: no such method in the inputs (they have {string.Join(", ", present)}).");
    }

    /// <summary>
    /// One panel per dataset (see <see cref="ByDataset(IReadOnlyList{LoadedReport}, FigureOptions)"/>). Results without curves are left out and described in
    /// <paramref name="notes"/>.
    /// </summary>
    public static IReadOnlyList<CurvePanel> FromReports(IReadOnlyList<LoadedReport> reports, out IReadOnlyList<string> notes) =>
        FromReports(reports, FigureOptions.Default, out notes);

    /// <summary>As <see cref="FromReports(IReadOnlyList{LoadedReport}, out IReadOnlyList{string})"/>, under <paramref name="options"/>.</summary>
    public static IReadOnlyList<CurvePanel> FromReports(IReadOnlyList<LoadedReport> reports, FigureOptions options, out IReadOnlyList<string> notes)
    {
        var skipped = new List<string>();
        var panels = new List<CurvePanel>();
        foreach (var group in ByDataset(reports, options))
        {
            var series = new List<MethodCurves>();
            foreach (var member in group.Members)
            {
                var result = member.Result;
                var path = member.Input.Path;
                var curves = result.Metrics;
                var precision = curves?.Curve("precision");
                var recall = curves?.Curve("recall");
                var fm = curves?.Curve("fm");
                if (precision is null || recall is null || fm is null)
                {
                    skipped.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{path}: {result.Method}/{group.Dataset} has no curves ({result.ImagesScored} image(s) scored); left out of the figures"));
                    continue;
                }

                if (precision.Length != recall.Length || precision.Length != fm.Length)
                {
                    skipped.Add($"{path}: {result.Method}/{group.Dataset} has curves of different lengths; left out of the figures");
                    continue;
                }

                var thresholds = curves!.Curve("thresholds") is { } t && t.Length == fm.Length
                    ? t
                    : Enumerable.Range(0, fm.Length).Select(i => fm.Length == 1 ? 0.0 : i / (double)(fm.Length - 1)).ToArray();
                var em = curves.Curve("em") is { } e && e.Length == thresholds.Length ? e : null;
                series.Add(new MethodCurves(
                    result.Method, member.Label, member.StyleIndex, member.Source, thresholds, precision, recall, fm, em)
                {
                    Highlighted = member.Highlighted,
                    Roc = RocOf(curves),
                    Iou = curves.Curve("iou") is { } iou && iou.Length == thresholds.Length ? iou : null,
                    Dice = curves.Curve("dice") is { } dice && dice.Length == thresholds.Length ? dice : null,
                    Sm = curves["Sm"],
                    Mae = curves["MAE"],
                });
            }

            panels.Add(new CurvePanel(group.Dataset, group.Sources, series));
        }

        notes = skipped;
        return panels;
    }

    /// <summary>
    /// The ROC curve a result carries: eval-co-sod's <c>fpr_sorted</c> and <c>tpr_sorted_by_fpr</c>, or the metrics
    /// issue's <c>fpr</c> curve with <c>recall</c> (the true-positive rate) over the same thresholds.
    /// </summary>
    private static (double[] Fpr, double[] Tpr)? RocOf(DatasetMetrics curves)
    {
        if (curves.Curve("fpr_sorted") is { } fprSorted && curves.Curve("tpr_sorted_by_fpr") is { } tprSorted && fprSorted.Length == tprSorted.Length)
        {
            return (fprSorted, tprSorted);
        }

        if (curves.Curve("fpr") is { } fpr && curves.Curve("recall") is { } recall && fpr.Length == recall.Length)
        {
            return (fpr, recall);
        }

        return null;
    }
}
