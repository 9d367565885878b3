using System.Globalization;
using System.Net;
using System.Text;
using CoSod.Evaluation.Results;
using CoSod.Reports.Breakdown;
using CoSod.Reports.Figures;
using CoSod.Reports.Leaderboard;
using CoSod.Reports.Tables;
using ScottPlot;

namespace CoSod.Reports.Html;

/// <summary>
/// One self-contained HTML page from metrics.json reports, as a pure function: a header (settings, tool version,
/// images scored, options), the leaderboard (<see cref="LeaderboardBuilder"/> and its HTML renderer), per dataset the
/// PR / F / E curves (<see cref="CurveFigures"/>, inline SVG), the bootstrap confidence intervals and the per-group
/// breakdown (<see cref="GroupBreakdowns"/>), then every note, missing prediction, skipped and ignored file.
/// Inline CSS and SVG only: no scripts, fonts, images or links to other resources. The same inputs give the same
/// bytes (figure ids are renumbered per page; nothing depends on the clock, the culture or the process).
/// </summary>
public static partial class HtmlReports
{
    public const string DefaultTitle = "CoSOD evaluation report";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private const string Style =
        """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 14px; color: #111; background: #fff; margin: 0; }
        main { max-width: 1240px; margin: 0 auto; padding: 16px 20px 40px; }
        h1 { font-size: 24px; margin: 8px 0 4px; }
        h2 { font-size: 19px; margin: 28px 0 8px; padding-top: 8px; border-top: 2px solid #111; }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        p.summary { margin: 4px 0 12px; color: #333; }
        p.hint { color: #444; background: #f6f6f6; border-left: 3px solid #bbb; padding: 6px 10px; max-width: 60em; }
        code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 92%; }
        nav ol { margin: 4px 0 0; padding-left: 22px; columns: 3; max-width: 60em; }
        table.facts, table.ci, table.groups, table.files { border-collapse: collapse; border-top: 2px solid #111; border-bottom: 2px solid #111; margin: 6px 0 10px; }
        table.facts th, table.facts td, table.ci th, table.ci td, table.groups th, table.groups td, table.files th, table.files td { padding: 3px 8px; vertical-align: top; }
        table.facts th { text-align: left; font-weight: 600; white-space: nowrap; }
        table.facts td { overflow-wrap: anywhere; }
        table.ci thead th, table.groups thead th, table.files thead th { border-bottom: 1px solid #111; white-space: nowrap; }
        table.ci td, table.groups td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.ci th[scope=row], table.groups th[scope=row] { text-align: left; font-weight: normal; white-space: nowrap; }
        table.ci span.interval { display: block; font-size: 85%; color: #555; }
        table.files td { font-size: 13px; }
        table.files td.item { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; }
        table.files td.kind { white-space: nowrap; }
        table caption { caption-side: top; text-align: left; padding-bottom: 4px; color: #333; }
        .figures { display: flex; flex-wrap: wrap; gap: 12px; }
        figure { margin: 0; flex: 1 1 100%; }
        .cosod-leaderboard table { margin-bottom: 14px; }
        figure svg { display: block; width: 100%; height: auto; border: 1px solid #ddd; }
        figcaption { font-size: 12px; color: #444; padding: 3px 2px 0; }
        footer { margin-top: 32px; font-size: 12px; color: #666; }
        """;

    /// <summary>
    /// Builds the page. Throws <see cref="LeaderboardException"/> for what no honest table can be made of (mixed
    /// settings without <see cref="HtmlReportOptions.AllowMixedProfiles"/>, a method and dataset twice) and
    /// <see cref="ReportException"/> for a breakdown metric no per-image value has.
    /// </summary>
    public static HtmlReport Build(IReadOnlyList<LeaderboardInput> inputs, HtmlReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        var table = LeaderboardBuilder.Build(inputs, new LeaderboardOptions
        {
            Decimals = options.Decimals,
            AllowMixedProfiles = options.AllowMixedProfiles,
            Metrics = options.Metrics,
        });

        // Every result under the label its leaderboard row prints ("Noisy", or "Noisy (eval-co-sod)" when mixed), so
        // that figures, intervals, breakdowns and notes name methods as the table does and never collide.
        var rowOf = new Dictionary<EvaluationResult, LeaderboardRow>(ReferenceEqualityComparer.Instance);
        foreach (var row in table.Rows)
        {
            foreach (var group in row.Groups.Where(g => g.Result is not null))
            {
                rowOf[group.Result!] = row;
            }
        }

        var loaded = inputs.Select(i => new LoadedReport(i.Source, Relabel(i.Report, rowOf))).ToList();
        CheckBreakdownMetric(loaded, options.BreakdownMetric);
        var members = CurvePanels.ByDataset(loaded);
        var panels = CurvePanels.FromReports(loaded, out var curveNotes)
            .Select(p => p with { Series = p.Series.Select(s => s with { Label = s.Method }).ToList() })
            .ToList();

        var page = new Page(options.Decimals);
        var title = options.Title is { Length: > 0 } t ? t : DefaultTitle;
        var html = page.Html;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(Text(title)).Append("</title>\n<style>\n").Append(Style).Append('\n')
            .Append(LeaderboardStyle(table)).Append("\n</style>\n</head>\n<body>\n<main>\n");

        Header(page, title, inputs, table);
        Contents(page, table);

        html.Append("<section id=\"leaderboard\">\n<h2>Leaderboard</h2>\n").Append(LeaderboardBody(inputs, options, table)).Append("</section>\n");
        RowFigures(page, panels);

        for (var d = 0; d < table.Datasets.Count; d++)
        {
            var dataset = table.Datasets[d];
            html.Append(Invariant, $"<section id=\"dataset-{d + 1}\" class=\"dataset\" data-dataset=\"{Text(dataset)}\">\n");
            html.Append("<h2>").Append(Text(dataset)).Append("</h2>\n");
            var panel = panels.FirstOrDefault(p => p.Dataset == dataset);
            var datasetMembers = members.FirstOrDefault(m => m.Dataset == dataset);
            Curves(page, dataset, panel);
            Intervals(page, dataset, datasetMembers, table.Metrics);
            GroupSection(page, dataset, datasetMembers, options);
            html.Append("</section>\n");
        }

        Files(page, loaded, curveNotes);
        html.Append("<footer>Made by <code>cosod report</code> from ")
            .Append(string.Join(", ", inputs.Select(i => "<code>" + Text(i.Source) + "</code>")))
            .Append(". One self-contained page: inline CSS and SVG, no scripts and no external resources.</footer>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return new HtmlReport(html.ToString(), table.Datasets, page.Figures, page.IntervalTables, page.Breakdowns);
    }

    /// <summary>The mutable state of one page being written: its text and the figure counter behind its ids.</summary>
    private sealed class Page(int decimals)
    {
        public StringBuilder Html { get; } = new();

        public int Decimals { get; } = decimals;

        public int Figures { get; set; }

        public int IntervalTables { get; set; }

        public int Breakdowns { get; set; }

        public string Number(double? value) =>
            value is { } v && double.IsFinite(v) ? LeaderboardBuilder.Format(v, Decimals) : "—";

        /// <summary>Appends one figure: the plot as inline SVG with page-unique ids, and its caption.</summary>
        public void Figure(Plot plot, int width, int height, string kind, string dataset, string label, string caption) =>
            Figure(plot.GetSvgXml(width, height), width, kind, kind + "-" + dataset, label, caption);

        /// <summary>
        /// Appends one figure from its SVG. Its width is capped at the SVG's own, so the page never shows it smaller
        /// than drawn while the window is wide enough (a 1280 px window fits 1200 px): legend and tick text stay at
        /// their 12 px.
        /// </summary>
        public void Figure(string svgDocument, int width, string kind, string name, string label, string caption)
        {
            Figures++;
            var svg = SvgInline.Prepare(svgDocument, string.Create(Invariant, $"fig{Figures}"), label);
            Html.Append(Invariant, $"<figure class=\"{kind}\" data-figure=\"{Text(name)}\" style=\"max-width: {width}px\">\n")
                .Append(svg).Append('\n')
                .Append("<figcaption>").Append(caption).Append("</figcaption>\n</figure>\n");
        }
    }

    private static void Header(Page page, string title, IReadOnlyList<LeaderboardInput> inputs, LeaderboardTable table)
    {
        var html = page.Html;
        var profiles = inputs.Select(i => i.Report.Profile).Distinct(StringComparer.Ordinal).ToList();
        var aggregations = inputs.Select(i => i.Report.Aggregation).Distinct(StringComparer.Ordinal).ToList();
        var versions = inputs.Select(i => i.Report.ToolVersion).Distinct(StringComparer.Ordinal).ToList();
        var scored = inputs.Sum(i => i.Report.ImagesScored);
        var expected = inputs.Sum(i => i.Report.ImagesExpected);
        var missing = inputs.Sum(i => i.Report.Results.Sum(r => r.MissingPredictions.Count));
        var complete = inputs.All(i => i.Report.Complete);

        html.Append("<header id=\"summary\">\n<h1>").Append(Text(title)).Append("</h1>\n<p class=\"summary\">");
        html.Append(profiles.Count == 1 ? "Profile " : "Profiles ")
            .Append(string.Join(", ", profiles.Select(p => "<code>" + Text(p) + "</code>")))
            .Append(aggregations.Count == 1 ? ", aggregation " : ", aggregations ")
            .Append(string.Join(", ", aggregations.Select(a => "<code>" + Text(a) + "</code>")))
            .Append("; cosod ").Append(Text(string.Join(", ", versions)))
            .Append(Invariant, $"; {scored} of {expected} expected images scored")
            .Append(missing > 0 ? string.Create(Invariant, $" ({missing} missing prediction{(missing == 1 ? "" : "s")})") : string.Empty)
            .Append(complete ? string.Empty : ", incomplete")
            .Append(Invariant, $"; {table.Rows.Count} method row{(table.Rows.Count == 1 ? "" : "s")} on {table.Datasets.Count} dataset{(table.Datasets.Count == 1 ? "" : "s")}.")
            .Append("</p>\n");

        // One column per input: what it is, then every option any input recorded (sorted by name).
        html.Append("<table class=\"facts\">\n<caption>Inputs and the options recorded in them (every setting that changes numbers)</caption>\n<tbody>\n");
        void Row(string name, Func<LeaderboardInput, string> cell)
        {
            html.Append("<tr><th scope=\"row\">").Append(Text(name)).Append("</th>");
            foreach (var input in inputs)
            {
                html.Append("<td>").Append(cell(input)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        Row("metrics.json", i => "<code>" + Text(i.Source) + "</code>");
        Row("profile", i => Text(i.Report.Profile));
        Row("aggregation", i => Text(i.Report.Aggregation));
        Row("tool", i => Text("cosod " + i.Report.ToolVersion));
        Row("images scored / expected", i => string.Create(Invariant, $"{i.Report.ImagesScored} / {i.Report.ImagesExpected}")
            + (i.Report.Complete ? " (complete)" : " (incomplete)"));
        Row("methods", i => Text(string.Join(", ", i.Report.Results.Select(r => r.Method).Distinct(StringComparer.Ordinal))));
        Row("datasets", i => Text(string.Join(", ", i.Report.Results.Select(r => r.Dataset).Distinct(StringComparer.Ordinal))));
        // Profile and aggregation have their own rows above; metrics.json also records them among the options.
        var keys = inputs.SelectMany(i => i.Report.Options.Select(o => o.Key))
            .Where(k => k is not ("profile" or "aggregation"))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var key in keys)
        {
            Row("option " + key, i => i.Report.Options.Where(o => o.Key == key).Select(o => Text(o.Value)).FirstOrDefault() ?? "—");
        }

        html.Append("</tbody>\n</table>\n</header>\n");
    }

    private static void Contents(Page page, LeaderboardTable table)
    {
        var html = page.Html;
        html.Append("<nav>\n<ol>\n<li><a href=\"#leaderboard\">Leaderboard</a></li>\n<li><a href=\"#curves\">Curves of every dataset</a></li>\n");
        for (var d = 0; d < table.Datasets.Count; d++)
        {
            html.Append(Invariant, $"<li><a href=\"#dataset-{d + 1}\">").Append(Text(table.Datasets[d])).Append("</a></li>\n");
        }

        html.Append("<li><a href=\"#files\">Notes, missing, skipped and ignored files</a></li>\n</ol>\n</nav>\n");
    }

    private static void Intervals(Page page, string dataset, DatasetMembers? members, IReadOnlyList<string> shown)
    {
        var html = page.Html;
        html.Append("<h3>Confidence intervals</h3>\n");
        var results = members?.Members ?? [];
        var with = results.Where(m => m.Result.Intervals is { Count: > 0 }).ToList();
        if (with.Count == 0)
        {
            html.Append("<p class=\"hint\">These results hold no confidence intervals: <code>cosod eval --ci</code> adds a bootstrap interval to every dataset number.</p>\n");
            return;
        }

        page.IntervalTables++;
        // The leaderboard's columns in its order (--metrics), those with an interval.
        var withInterval = MetricNames.Columns(with.Select(m => m.Result.Intervals!.Select(i => i.Key)));
        var metrics = shown.Where(withInterval.Contains).ToList();
        var settings = with.Select(m => m.Input.Report.Options.FirstOrDefault(o => o.Key == "bootstrap").Value)
            .Where(s => s is not null).Distinct(StringComparer.Ordinal).ToList();
        html.Append("<table class=\"ci\" data-dataset=\"").Append(Text(dataset)).Append("\">\n<caption>")
            .Append(Text($"{dataset}: each value with its bootstrap confidence interval [low, high] below it"
                + (settings.Count > 0 ? " (" + string.Join("; ", settings) + ")" : string.Empty) + "."))
            .Append("</caption>\n<thead>\n<tr><th>Method</th>");
        foreach (var metric in metrics)
        {
            html.Append("<th>").Append(Text(metric + " " + MetricNames.Arrow(metric))).Append("</th>");
        }

        html.Append("</tr>\n</thead>\n<tbody>\n");
        foreach (var member in results)
        {
            html.Append("<tr><th scope=\"row\">").Append(Text(member.Result.Method)).Append("</th>");
            foreach (var metric in metrics)
            {
                var interval = member.Result.Intervals?.FirstOrDefault(i => i.Key == metric).Value;
                html.Append("<td><span class=\"value\">").Append(page.Number(member.Result.Metrics?[metric])).Append("</span>");
                html.Append("<span class=\"interval\">")
                    .Append(interval is { Length: 2 }
                        ? "[" + page.Number(interval[0]) + ", " + page.Number(interval[1]) + "]"
                        : "no interval")
                    .Append("</span></td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void GroupSection(Page page, string dataset, DatasetMembers? members, HtmlReportOptions options)
    {
        var html = page.Html;
        var metric = options.BreakdownMetric;
        html.Append("<h3>Per-group breakdown</h3>\n");
        var list = members?.Members ?? [];
        var without = list.Where(m => m.Result.PerImage is null).Select(m => m.Result.Method).ToList();
        if (list.Count == 0 || without.Count == list.Count)
        {
            html.Append("<p class=\"hint\">These results hold no per-image values, which the per-group breakdown needs: "
                + "<code>cosod eval --per-image</code> enables it.</p>\n");
            return;
        }

        if (without.Count > 0)
        {
            html.Append("<p class=\"hint\">").Append(Text("No per-image values for " + string.Join(", ", without) + ", so no breakdown is drawn: "))
                .Append("<code>cosod eval --per-image</code> enables it.</p>\n");
            return;
        }

        var methods = list.Select(m => new MethodImages(m.Result.Method, m.StyleIndex, m.Result.PerImage!)).ToList();
        if (methods.All(m => m.Images.Count == 0))
        {
            html.Append("<p class=\"hint\">No image was scored on this dataset, so there is nothing to break down.</p>\n");
            return;
        }

        if (!methods.Any(m => m.Images.Any(i => i.Values.Any(v => v.Key == metric))))
        {
            html.Append("<p class=\"hint\">").Append(Text($"No per-image {metric} on this dataset, so no breakdown is drawn.")).Append("</p>\n");
            return;
        }

        page.Breakdowns++;
        var breakdown = GroupBreakdowns.Compute(dataset, metric, members!.SourceText, methods, options.GroupOrder);
        var (width, height) = GroupBreakdownFigure.SizeOf(breakdown);
        var better = breakdown.LowerIsBetter ? "lower" : "higher";
        var rankedBy = breakdown.Order == GroupOrder.FirstMethod ? breakdown.Methods[0] : "the mean over methods";
        var description = $"mean of the per-image {metric} over each group's images ({breakdown.Sources}); {better} is better; worst group first, ranked by {rankedBy}.";
        page.Figure(GroupBreakdownFigure.Build(breakdown), width, height, "breakdown", dataset, $"{dataset}: {metric} per group",
            Text($"{dataset}: {description}"));

        html.Append("<table class=\"groups\" data-dataset=\"").Append(Text(dataset)).Append("\">\n<caption>")
            .Append(Text($"{dataset}: the group means of the figure above; images: the most any method scored in the group; n/a: undefined on every image of the group."))
            .Append("</caption>\n<thead>\n<tr><th>#</th><th>Group</th><th>Images</th>");
        foreach (var method in breakdown.Methods)
        {
            html.Append("<th>").Append(Text(method)).Append("</th>");
        }

        html.Append("<th>Mean</th></tr>\n</thead>\n<tbody>\n");
        var rank = 1;
        foreach (var row in breakdown.Groups)
        {
            html.Append(Invariant, $"<tr><td class=\"num\">{rank++}</td><th scope=\"row\">")
                .Append(Text(row.Group.Length == 0 ? "(no group)" : row.Group))
                .Append(Invariant, $"</th><td class=\"num\">{row.Images.Max()}</td>");
            foreach (var mean in row.Means)
            {
                html.Append("<td class=\"num\">").Append(mean is null ? "n/a" : page.Number(mean)).Append("</td>");
            }

            html.Append("<td class=\"num\">").Append(row.MeanOverMethods is null ? "n/a" : page.Number(row.MeanOverMethods)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void Files(Page page, IReadOnlyList<LoadedReport> loaded, IReadOnlyList<string> curveNotes)
    {
        var html = page.Html;
        html.Append("<section id=\"files\">\n<h2>Notes, missing, skipped and ignored files</h2>\n");
        var rows = new List<(string Method, string Dataset, string Kind, string Item, string Detail)>();
        foreach (var input in loaded)
        {
            foreach (var r in input.Report.Results)
            {
                rows.AddRange(r.Notes.Select(n => (r.Method, r.Dataset, "note", string.Empty, n)));
                rows.AddRange(r.MissingPredictions.Select(k => (r.Method, r.Dataset, "missing prediction", k,
                    "ground truth without a prediction; not scored")));
                rows.AddRange(r.SkippedByProfile.Select(f => (r.Method, r.Dataset, "skipped by profile", f.RelativePath, f.Reason)));
                rows.AddRange(r.IgnoredFiles.Select(f => (r.Method, r.Dataset, "ignored file", f.RelativePath, f.Reason)));
                if (r.Metrics is { } metrics)
                {
                    foreach (var (metric, keys) in metrics.Undefined.OrderBy(u => u.Key, StringComparer.Ordinal))
                    {
                        rows.AddRange(keys.Select(k => (r.Method, r.Dataset, "undefined " + metric, k,
                            $"{metric} is undefined on this image and left out of the dataset mean")));
                    }
                }

                if (r.ResizedPredictions.Count > 0)
                {
                    rows.Add((r.Method, r.Dataset, "resized", string.Join(", ", r.ResizedPredictions),
                        string.Create(Invariant, $"{r.ResizedPredictions.Count} prediction(s) of another size, resized to the ground-truth size by the profile's rule")));
                }
            }
        }

        var incomplete = loaded.Where(l => !l.Report.Complete).Select(l => l.Path).ToList();
        if (incomplete.Count > 0 || curveNotes.Count > 0)
        {
            html.Append("<ul class=\"notes\">\n");
            foreach (var path in incomplete)
            {
                html.Append("<li>").Append(Text($"{path} is marked incomplete: some ground-truth images have no prediction; the numbers cover the scored images only.")).Append("</li>\n");
            }

            foreach (var note in curveNotes)
            {
                html.Append("<li>").Append(Text(note + ".")).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        if (rows.Count == 0)
        {
            html.Append("<p>Nothing was missing, skipped or ignored, and no result carries a note.</p>\n</section>\n");
            return;
        }

        html.Append("<table class=\"files\">\n<thead>\n<tr><th>Method</th><th>Dataset</th><th>What</th><th>Image or file</th><th>Detail</th></tr>\n</thead>\n<tbody>\n");
        foreach (var (method, dataset, kind, item, detail) in rows)
        {
            html.Append("<tr><td>").Append(Text(method)).Append("</td><td>").Append(Text(dataset))
                .Append("</td><td class=\"kind\">").Append(Text(kind)).Append("</td><td class=\"item\">").Append(Text(item))
                .Append("</td><td>").Append(Text(detail)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>The leaderboard renderer's style block, reused as is.</summary>
    private static string LeaderboardStyle(LeaderboardTable table) =>
        Between(Leaderboards.Render(table, LeaderboardFormat.Html), "<style>\n", "\n</style>");

    /// <summary>
    /// The leaderboard renderer's output, one table per dataset (one table of every dataset is too wide for a page;
    /// columns are ranked per dataset either way), then the notes of the whole table once.
    /// </summary>
    private static string LeaderboardBody(IReadOnlyList<LeaderboardInput> inputs, HtmlReportOptions options, LeaderboardTable table)
    {
        var body = new StringBuilder("<div class=\"cosod-leaderboard\">\n");
        foreach (var dataset in table.Datasets)
        {
            var one = LeaderboardBuilder.Build(inputs, new LeaderboardOptions
            {
                Decimals = options.Decimals,
                AllowMixedProfiles = options.AllowMixedProfiles,
                Datasets = [dataset],
                Metrics = options.Metrics,
            });
            body.Append("<table>").Append(Between(Leaderboards.Render(one, LeaderboardFormat.Html), "<table>", "</table>")).Append("</table>\n");
        }

        var notes = Between(Leaderboards.Render(table, LeaderboardFormat.Html), "<ul class=\"notes\">", "</ul>");
        return body.Append("<ul class=\"notes\">").Append(notes).Append("</ul>\n</div>\n").ToString();
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = from < 0 ? -1 : text.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        if (to < 0)
        {
            throw new InvalidOperationException($"the leaderboard HTML has no {start.Trim()} ... {end.Trim()}; the report cannot embed it");
        }

        return text[(from + start.Length)..to];
    }

    private static string Text(string plain) => WebUtility.HtmlEncode(plain);

    /// <summary>A breakdown metric must exist in the per-image values when any result has them.</summary>
    private static void CheckBreakdownMetric(IReadOnlyList<LoadedReport> loaded, string metric)
    {
        var perImage = loaded.SelectMany(l => l.Report.Results).Where(r => r.PerImage is not null).SelectMany(r => r.PerImage!).ToList();
        if (perImage.Count == 0 || perImage.Any(i => i.Values.Any(v => v.Key == metric)))
        {
            return;
        }

        var available = MetricNames.Columns(perImage.Select(i => i.Values.Select(v => v.Key)));
        throw new ReportException($"--metric {metric}: no per-image value is called {metric}; they have {string.Join(", ", available)}.");
    }

    /// <summary>The report with each result under its leaderboard row label (the same objects where nothing changes).</summary>
    private static EvaluationReport Relabel(EvaluationReport report, Dictionary<EvaluationResult, LeaderboardRow> rowOf)
    {
        if (report.Results.All(r => !rowOf.TryGetValue(r, out var row) || row.Label == r.Method))
        {
            return report;
        }

        return new EvaluationReport
        {
            ToolVersion = report.ToolVersion,
            Profile = report.Profile,
            Aggregation = report.Aggregation,
            Options = report.Options,
            DeclaredComplete = report.DeclaredComplete,
            Results = report.Results.Select(r => rowOf.TryGetValue(r, out var row) && row.Label != r.Method
                ? new EvaluationResult
                {
                    Method = row.Label,
                    Dataset = r.Dataset,
                    ImagesExpected = r.ImagesExpected,
                    ImagesScored = r.ImagesScored,
                    MissingPredictions = r.MissingPredictions,
                    IgnoredFiles = r.IgnoredFiles,
                    SkippedByProfile = r.SkippedByProfile,
                    ResizedPredictions = r.ResizedPredictions,
                    Metrics = r.Metrics,
                    PerImage = r.PerImage,
                    Intervals = r.Intervals,
                    Notes = r.Notes,
                }
                : r).ToList(),
        };
    }
}
