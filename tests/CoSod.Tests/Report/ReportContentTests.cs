using System.Text.Json;
using System.Text.RegularExpressions;
using CoSod.Reports.Figures;

namespace CoSod.Tests.HtmlReportTests;

/// <summary>
/// cosod report on the bundled sample: the page holds the leaderboard with the numbers of metrics.json, one inline SVG
/// per figure with its text, the confidence intervals, the group breakdowns and every missing, ignored and noted
/// file; it references nothing outside itself, its ids are unique and two runs give the same bytes.
/// </summary>
[Collection(ReportSampleCollection.Name)]
public sealed class ReportContentTests(ReportSample sample)
{
    private static double Value(JsonElement result, string metric)
    {
        var metrics = result.GetProperty("metrics");
        var dot = metric.IndexOf('.', StringComparison.Ordinal);
        return dot < 0
            ? metrics.GetProperty(metric).GetDouble()
            : metrics.GetProperty(metric[..dot]).GetProperty(metric[(dot + 1)..]).GetDouble();
    }

    private IEnumerable<JsonElement> Results(JsonDocument metrics) => metrics.RootElement.GetProperty("results").EnumerateArray();

    private static JsonElement Result(JsonDocument metrics, string method, string dataset) =>
        metrics.RootElement.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("method").GetString() == method && r.GetProperty("dataset").GetString() == dataset);

    private string Section(string id) => Page.Element(sample.Html, $"<section id=\"{id}\"", "section");

    private string DatasetSection(string dataset) =>
        Section($"dataset-{Array.IndexOf(ReportSample.Datasets, dataset) + 1}\" class=\"dataset\" data-dataset=\"{dataset}");

    [Fact]
    public void Every_figure_is_shown_no_smaller_than_drawn_in_a_1280_px_window_so_its_12_px_legend_stays_readable()
    {
        sample.AssertRan();
        // main: max-width 1240 px with 20 px padding on each side, so 1200 px of content in a 1280 px window.
        Assert.Contains("main { max-width: 1240px; margin: 0 auto; padding: 16px 20px 40px; }", sample.Html, StringComparison.Ordinal);
        foreach (System.Text.RegularExpressions.Match figure in System.Text.RegularExpressions.Regex.Matches(
            sample.Html, "<figure [^>]*style=\"max-width: (\\d+)px\">\\s*<svg[^>]*viewBox=\"0 0 (\\d+) "))
        {
            var shown = int.Parse(figure.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var drawn = int.Parse(figure.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(drawn, shown);
            Assert.True(drawn <= 1200, $"a figure {drawn} px wide would be scaled down in a 1280 px window");
        }

        Assert.Equal(15, System.Text.RegularExpressions.Regex.Matches(sample.Html, "<figure [^>]*style=\"max-width: \\d+px\">").Count);
        Assert.Equal(12f, FigureStyle.LegendSize);
    }

    [Fact]
    public void Report_exits_zero_and_says_what_it_wrote()
    {
        sample.AssertRan();
        Assert.Contains(sample.FirstIndex, sample.First.Output, StringComparison.Ordinal);
        Assert.Contains("3 dataset(s), 15 figure(s), 3 confidence-interval table(s), 3 group breakdown(s)", sample.First.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, sample.First.Error);
        Assert.StartsWith("<!DOCTYPE html>", sample.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_runs_give_byte_identical_pages()
    {
        sample.AssertRan();
        var first = File.ReadAllBytes(sample.FirstIndex);
        var second = File.ReadAllBytes(sample.SecondIndex);
        Assert.True(first.AsSpan().SequenceEqual(second), "the two runs of cosod report wrote different bytes");
    }

    [Fact]
    public void The_header_names_the_profile_aggregation_tool_version_images_and_every_option()
    {
        sample.AssertRan();
        using var metrics = sample.ReadMetrics();
        var root = metrics.RootElement;
        var header = Page.Element(sample.Html, "<header id=\"summary\"", "header");

        Assert.Contains("Profile <code>pysodmetrics</code>, aggregation <code>image-mean</code>", header, StringComparison.Ordinal);
        Assert.Contains("cosod " + root.GetProperty("tool").GetProperty("version").GetString(), header, StringComparison.Ordinal);
        var scored = root.GetProperty("images_scored").GetInt32();
        var expected = root.GetProperty("images_expected").GetInt32();
        Assert.Equal((149, 150), (scored, expected));
        Assert.Contains($"{scored} of {expected} expected images scored (1 missing prediction), incomplete", header, StringComparison.Ordinal);
        Assert.Contains($"<td>{scored} / {expected} (incomplete)</td>", header, StringComparison.Ordinal);
        foreach (var option in root.GetProperty("options").EnumerateObject())
        {
            if (option.Name is "profile" or "aggregation")
            {
                // Shown once, in their own rows, not again as options.
                Assert.Equal([Page.Encode(option.Value.GetString()!)], Page.RowCells(header, option.Name));
                Assert.DoesNotContain("<th scope=\"row\">option " + option.Name + "</th>", header, StringComparison.Ordinal);
                continue;
            }

            Assert.Equal([Page.Encode(option.Value.GetString()!)], Page.RowCells(header, "option " + option.Name));
        }
    }

    [Fact]
    public void The_leaderboard_holds_every_method_and_the_values_of_metrics_json_at_three_decimals()
    {
        sample.AssertRan();
        using var metrics = sample.ReadMetrics();
        var leaderboard = Section("leaderboard");
        var tables = Regex.Matches(leaderboard, "<table>.*?</table>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.Equal(ReportSample.Datasets.Length, tables.Count);
        for (var d = 0; d < ReportSample.Datasets.Length; d++)
        {
            var dataset = ReportSample.Datasets[d];
            Assert.Contains($">{dataset}</th>", tables[d], StringComparison.Ordinal);
            foreach (var method in ReportSample.Methods)
            {
                var result = Result(metrics, method, dataset);
                var cells = Page.RowCells(tables[d], method).Select(c => Page.Strip(Regex.Replace(c, "<sup>.*?</sup>", string.Empty))).ToList();
                Assert.Equal(ReportSample.Metrics.Select(m => Page.F(Value(result, m))).ToList(), cells);
            }

            // The best Sm of the dataset (at the printed decimals) is bold.
            var best = ReportSample.Methods.MaxBy(m => Math.Round(Value(Result(metrics, m, dataset), "Sm"), 3))!;
            Assert.StartsWith("<strong>", Page.RowCells(tables[d], best)[0], StringComparison.Ordinal);
        }

        Assert.Contains("0.878<sup>9/10</sup>", leaderboard, StringComparison.Ordinal);
        Assert.Contains("NearBinary on CoCA: 9 of 10 images scored (1 prediction missing)", leaderboard, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_dataset_has_inline_pr_f_e_and_breakdown_svgs_that_draw_their_text()
    {
        sample.AssertRan();
        var figures = Page.Figures(sample.Html);
        var expected = ReportSample.Datasets
            .SelectMany(d => new[] { "pr-" + d, "fcurve-" + d, "ecurve-" + d, "breakdown-" + d })
            .Concat(["pr-row", "fcurve-row", "ecurve-row"])
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, figures.Select(f => f.Name).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(expected.Count, Page.Count(sample.Html, "<svg"));
        Assert.Equal(expected.Count, Page.Count(sample.Html, "</svg>"));
        Assert.DoesNotContain("<?xml", sample.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", sample.Html, StringComparison.Ordinal);

        foreach (var (kind, name, body) in figures)
        {
            Assert.Equal(1, Page.Count(body, "<svg"));
            Assert.Contains("viewBox=\"0 0 ", body, StringComparison.Ordinal);
            var dataset = name[(name.IndexOf('-', StringComparison.Ordinal) + 1)..];
            var texts = Page.SvgTexts(body);
            Assert.True(texts.Count >= 10, $"{name}: only {texts.Count} <text> elements");
            foreach (var method in ReportSample.Methods)
            {
                Assert.Contains(method, texts);
            }

            switch (kind)
            {
                case "pr":
                    Assert.Contains(CurveFigures.RecallLabel, texts);
                    Assert.Contains(CurveFigures.PrecisionLabel, texts);
                    Assert.Contains($"{dataset}: precision-recall curves (pysodmetrics)", texts);
                    break;
                case "fcurve":
                    Assert.Contains(CurveFigures.ThresholdLabel, texts);
                    Assert.Contains(CurveFigures.FLabel, texts);
                    break;
                case "ecurve":
                    Assert.Contains(CurveFigures.ThresholdLabel, texts);
                    Assert.Contains(CurveFigures.ELabel, texts);
                    break;
                case "breakdown":
                    Assert.Contains($"{dataset}: Sm per group, worst first (pysodmetrics)", texts);
                    break;
                case "row":
                    Assert.Equal(ReportSample.Datasets, texts.Where(ReportSample.Datasets.Contains).Distinct());
                    Assert.Equal(ReportSample.Methods.Length, ReportSample.Methods.Count(texts.Contains));
                    break;
                default:
                    Assert.Fail("unexpected figure kind " + kind);
                    break;
            }
        }

        Assert.Contains("violin", Page.SvgTexts(figures.Single(f => f.Name == "breakdown-CoCA").Body));
    }

    [Fact]
    public void Every_dataset_has_a_confidence_interval_table_with_the_bootstrap_bounds_of_metrics_json()
    {
        sample.AssertRan();
        using var metrics = sample.ReadMetrics();
        foreach (var dataset in ReportSample.Datasets)
        {
            var table = Page.Element(DatasetSection(dataset), $"<table class=\"ci\" data-dataset=\"{dataset}\">", "table");
            Assert.Contains("200 resamples", table, StringComparison.Ordinal);
            foreach (var method in ReportSample.Methods)
            {
                var result = Result(metrics, method, dataset);
                var intervals = result.GetProperty("intervals");
                var expected = ReportSample.Metrics.Select(m =>
                {
                    var bounds = intervals.GetProperty(m).EnumerateArray().Select(b => b.GetDouble()).ToArray();
                    return $"<span class=\"value\">{Page.F(Value(result, m))}</span><span class=\"interval\">[{Page.F(bounds[0])}, {Page.F(bounds[1])}]</span>";
                }).ToList();
                Assert.Equal(expected, Page.RowCells(table, method));
            }
        }
    }

    [Fact]
    public void Every_dataset_has_a_group_table_with_the_per_image_means_worst_first()
    {
        sample.AssertRan();
        using var metrics = sample.ReadMetrics();
        foreach (var dataset in ReportSample.Datasets)
        {
            var table = Page.Element(DatasetSection(dataset), $"<table class=\"groups\" data-dataset=\"{dataset}\">", "table");
            var perMethod = ReportSample.Methods.ToDictionary(m => m, m =>
                Result(metrics, m, dataset).GetProperty("per_image").EnumerateObject()
                    .Where(i => i.Value.GetProperty("Sm").ValueKind == JsonValueKind.Number)
                    .GroupBy(i => i.Name[..i.Name.LastIndexOf('/')], StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(i => i.Value.GetProperty("Sm").GetDouble()).ToList(), StringComparer.Ordinal));
            var groups = perMethod.Values.SelectMany(g => g.Keys).Distinct(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(groups);
            var meanOverMethods = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var group in groups)
            {
                var means = ReportSample.Methods.Select(m => perMethod[m][group].Sum() / perMethod[m][group].Count).ToList();
                meanOverMethods[group] = means.Sum() / means.Count;
                var cells = Page.RowCells(table, group);
                Assert.Equal(means.Select(v => Page.F(v)).Append(Page.F(meanOverMethods[group])).ToList(), cells.Skip(1).ToList());
            }

            // Worst first: the first body row is the group with the lowest mean over methods.
            var firstRow = Regex.Match(table, "<tbody>\\s*<tr><td class=\"num\">1</td><th scope=\"row\">(.*?)</th>").Groups[1].Value;
            Assert.Equal(groups.MinBy(g => meanOverMethods[g]), Page.Strip(firstRow));
        }
    }

    [Fact]
    public void Every_note_missing_prediction_and_ignored_file_is_listed()
    {
        sample.AssertRan();
        using var metrics = sample.ReadMetrics();
        var files = Section("files");

        Assert.Contains("<td>NearBinary</td><td>CoCA</td><td class=\"kind\">missing prediction</td><td class=\"item\">violin/68071</td>",
            files, StringComparison.Ordinal);
        Assert.Contains("<td>Noisy</td><td>CoCA</td><td class=\"kind\">ignored file</td><td class=\"item\">banana/99999.png</td><td>no ground truth with this stem</td>",
            files, StringComparison.Ordinal);
        Assert.Contains("marked incomplete", files, StringComparison.Ordinal);

        var notes = 0;
        foreach (var result in Results(metrics))
        {
            foreach (var note in result.GetProperty("notes").EnumerateArray())
            {
                Assert.Contains($"<td>{result.GetProperty("method").GetString()}</td><td>{result.GetProperty("dataset").GetString()}</td>"
                    + $"<td class=\"kind\">note</td><td class=\"item\"></td><td>{Page.Encode(note.GetString()!)}</td>", files, StringComparison.Ordinal);
                notes++;
            }

            foreach (var ignored in result.GetProperty("ignored_files").EnumerateArray())
            {
                Assert.Contains($"<td class=\"item\">{Page.Encode(ignored.GetString()!)}</td>", files, StringComparison.Ordinal);
            }

            foreach (var key in result.GetProperty("missing_predictions").EnumerateArray())
            {
                Assert.Contains($"<td class=\"item\">{Page.Encode(key.GetString()!)}</td>", files, StringComparison.Ordinal);
            }
        }

        Assert.True(notes >= 4, "the sample's results carry notes (the missing prediction, the resized maps)");
    }

    [Fact]
    public void The_page_references_nothing_outside_itself_and_runs_no_script()
    {
        sample.AssertRan();
        var html = sample.Html;
        Assert.DoesNotMatch(new Regex("\\b(?:src|href|srcset|action|poster|data|background)\\s*=\\s*[\"']?\\s*(?:https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("url\\(\\s*[\"']?\\s*(?:https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("(?:src|href)\\s*=\\s*[\"']https?:", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@font-face", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex("\\son[a-z]+\\s*=", RegexOptions.IgnoreCase), html);

        // Every link is an anchor into the page.
        var hrefs = Regex.Matches(html, "\\bhref=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(hrefs);
        Assert.All(hrefs, h => Assert.StartsWith("#", h, StringComparison.Ordinal));
    }

    [Fact]
    public void Element_ids_are_unique_across_the_page_and_every_reference_resolves()
    {
        sample.AssertRan();
        var ids = Page.Ids(sample.Html);
        var duplicates = ids.GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "duplicate ids: " + string.Join(", ", duplicates));

        // The SVGs bring their clip paths: many ids, each referenced from its own figure.
        Assert.True(ids.Count(i => i.StartsWith("fig", StringComparison.Ordinal)) >= 12, "expected the figures' clip-path ids");
        var references = Page.References(sample.Html);
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, ids));
        foreach (var (_, name, body) in Page.Figures(sample.Html))
        {
            var own = Page.Ids(body).ToHashSet(StringComparer.Ordinal);
            Assert.All(Page.References(body), r => Assert.True(own.Contains(r), $"{name} refers to #{r} outside itself"));
        }
    }
}
