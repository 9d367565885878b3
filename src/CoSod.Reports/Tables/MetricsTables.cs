using System.Globalization;
using System.Text;
using CoSod.Evaluation.Results;

namespace CoSod.Reports.Tables;

/// <summary>
/// metrics.csv, metrics.md and the compact console table, as pure functions of an <see cref="EvaluationReport"/>.
/// Every table says how many images were scored out of how many were expected.
/// </summary>
public static class MetricsTables
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>One row per method and dataset; numbers at full round-trip precision; empty cell = undefined.</summary>
    public static string Csv(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var columns = Columns(report);
        var csv = new StringBuilder();
        csv.Append("profile,aggregation,method,dataset,images_scored,images_expected,complete");
        foreach (var column in columns)
        {
            csv.Append(',').Append(column);
        }

        csv.Append('\n');
        foreach (var result in report.Results)
        {
            csv.Append(CsvField(report.Profile)).Append(',')
                .Append(CsvField(report.Aggregation)).Append(',')
                .Append(CsvField(result.Method)).Append(',')
                .Append(CsvField(result.Dataset)).Append(',')
                .Append(result.ImagesScored.ToString(Invariant)).Append(',')
                .Append(result.ImagesExpected.ToString(Invariant)).Append(',')
                .Append(result.Complete ? "true" : "false");
            foreach (var column in columns)
            {
                csv.Append(',');
                if (result.Metrics?[column] is { } value)
                {
                    csv.Append(value.ToString("R", Invariant));
                }
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>A Markdown report: one table per dataset, then what was missing, ignored and noted.</summary>
    public static string Markdown(EvaluationReport report, int decimals = 3)
    {
        ArgumentNullException.ThrowIfNull(report);
        var columns = Columns(report);
        var md = new StringBuilder();
        md.Append("# CoSOD evaluation\n\n");
        md.Append(CultureInfo.InvariantCulture,
            $"Profile `{report.Profile}`, aggregation `{report.Aggregation}`, cosod {report.ToolVersion}. ");
        md.Append(CultureInfo.InvariantCulture, $"Scored {report.ImagesScored} of {report.ImagesExpected} expected images");
        md.Append(report.Complete ? ".\n" : " — **incomplete**: see the missing predictions below.\n");

        foreach (var dataset in report.Results.Select(r => r.Dataset).Distinct(StringComparer.Ordinal))
        {
            md.Append(CultureInfo.InvariantCulture, $"\n## {dataset}\n\n| Method | Images |");
            foreach (var column in columns)
            {
                md.Append(CultureInfo.InvariantCulture, $" {column} {MetricNames.Arrow(column)} |");
            }

            md.Append("\n|---|---:|");
            md.Append(string.Concat(Enumerable.Repeat("---:|", columns.Count)));
            md.Append('\n');
            foreach (var result in report.Results.Where(r => r.Dataset == dataset))
            {
                md.Append(CultureInfo.InvariantCulture, $"| {EscapeMarkdown(result.Method)} | {Scored(result)} |");
                foreach (var column in columns)
                {
                    md.Append(' ').Append(Format(result.Metrics?[column], decimals)).Append(" |");
                }

                md.Append('\n');
            }
        }

        var withIssues = report.Results.Where(r => r.MissingPredictions.Count > 0 || r.IgnoredFiles.Count > 0
            || r.SkippedByProfile.Count > 0 || r.Notes.Count > 0).ToList();
        if (withIssues.Count > 0)
        {
            md.Append("\n## Missing, ignored and notes\n");
            foreach (var result in withIssues)
            {
                md.Append(CultureInfo.InvariantCulture, $"\n### {EscapeMarkdown(result.Method)} on {result.Dataset}\n\n");
                if (result.MissingPredictions.Count > 0)
                {
                    md.Append(CultureInfo.InvariantCulture, $"- Missing predictions ({result.MissingPredictions.Count}): ");
                    md.Append(string.Join(", ", result.MissingPredictions.Select(k => "`" + k + "`"))).Append('\n');
                }

                foreach (var skipped in result.SkippedByProfile)
                {
                    md.Append(CultureInfo.InvariantCulture, $"- Not scored by the toolbox's rule `{skipped.RelativePath}`: {skipped.Reason}\n");
                }

                foreach (var file in result.IgnoredFiles)
                {
                    md.Append(CultureInfo.InvariantCulture, $"- Ignored `{file.RelativePath}`: {file.Reason}\n");
                }

                foreach (var note in result.Notes)
                {
                    md.Append(CultureInfo.InvariantCulture, $"- {note}\n");
                }
            }
        }

        return md.ToString();
    }

    /// <summary>A fixed-width table for the terminal: one line per method and dataset.</summary>
    public static string Compact(EvaluationReport report, int decimals = 3)
    {
        ArgumentNullException.ThrowIfNull(report);
        var columns = Columns(report);
        var header = new List<string> { "Dataset", "Method", "Images" };
        header.AddRange(columns.Select(c => c + MetricNames.Arrow(c)));
        var rows = new List<List<string>> { header };
        foreach (var result in report.Results)
        {
            var row = new List<string> { result.Dataset, result.Method, Scored(result) };
            row.AddRange(columns.Select(c => Format(result.Metrics?[c], decimals)));
            rows.Add(row);
        }

        var widths = Enumerable.Range(0, header.Count).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Count; i++)
            {
                var cell = i < 3 ? row[i].PadRight(widths[i]) : row[i].PadLeft(widths[i]);
                text.Append(cell).Append(i + 1 < row.Count ? "  " : string.Empty);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static IReadOnlyList<string> Columns(EvaluationReport report) =>
        MetricNames.Columns(report.Results.Where(r => r.Metrics is not null).Select(r => r.Metrics!.Scalars.Select(s => s.Key)));

    private static string Scored(EvaluationResult result) =>
        result.ImagesScored == result.ImagesExpected
            ? result.ImagesScored.ToString(Invariant)
            : $"{result.ImagesScored.ToString(Invariant)}/{result.ImagesExpected.ToString(Invariant)}";

    private static string Format(double? value, int decimals) =>
        value is { } v ? v.ToString("F" + decimals.ToString(Invariant), Invariant) : "—";

    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string EscapeMarkdown(string value) => value.Replace("|", "\\|", StringComparison.Ordinal);
}
