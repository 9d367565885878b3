using System.Globalization;
using System.Text;
using CoSod.Reports.Tables;

namespace CoSod.Reports.Breakdown;

/// <summary>groups-&lt;Dataset&gt;.csv / .md and per-image-&lt;Dataset&gt;.csv as pure functions.</summary>
public static class BreakdownTables
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// One row per group, worst first: rank, group, images (the most any method scored in it), one column per
    /// method, then the mean over methods. Full round-trip precision; an empty cell is undefined.
    /// </summary>
    public static string GroupsCsv(GroupBreakdown breakdown)
    {
        ArgumentNullException.ThrowIfNull(breakdown);
        var csv = new StringBuilder("rank,group,images");
        foreach (var method in breakdown.Methods)
        {
            csv.Append(',').Append(Field(method));
        }

        csv.Append(",mean_over_methods\n");
        var rank = 1;
        foreach (var row in breakdown.Groups)
        {
            csv.Append(rank++.ToString(Invariant)).Append(',')
                .Append(Field(row.Group)).Append(',')
                .Append(row.Images.Max().ToString(Invariant));
            foreach (var mean in row.Means)
            {
                csv.Append(',').Append(Number(mean));
            }

            csv.Append(',').Append(Number(row.MeanOverMethods)).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>A Markdown table of the same rows, with a line saying what was averaged and how it is ordered.</summary>
    public static string GroupsMarkdown(GroupBreakdown breakdown, int decimals = 4)
    {
        ArgumentNullException.ThrowIfNull(breakdown);
        var md = new StringBuilder();
        md.Append(Invariant, $"# {breakdown.Dataset}: {breakdown.Metric} per group\n\n");
        var better = breakdown.LowerIsBetter ? "lower" : "higher";
        var rankedBy = breakdown.Order == GroupOrder.FirstMethod ? Escape(breakdown.Methods[0]) : "the mean over methods";
        md.Append(Invariant,
            $"Mean of the per-image {breakdown.Metric} over each group's images ({breakdown.Sources}); {better} is better. Worst group first, ranked by {rankedBy}.\n\n");
        md.Append("| # | Group | Images |");
        foreach (var method in breakdown.Methods)
        {
            md.Append(' ').Append(Escape(method)).Append(" |");
        }

        md.Append(" Mean |\n|---:|---|---:|");
        md.Append(string.Concat(Enumerable.Repeat("---:|", breakdown.Methods.Count + 1))).Append('\n');
        var rank = 1;
        foreach (var row in breakdown.Groups)
        {
            md.Append(Invariant, $"| {rank++} | {Escape(row.Group)} | {row.Images.Max()} |");
            foreach (var mean in row.Means)
            {
                md.Append(' ').Append(Format(mean, decimals)).Append(" |");
            }

            md.Append(' ').Append(Format(row.MeanOverMethods, decimals)).Append(" |\n");
        }

        return md.ToString();
    }

    /// <summary>
    /// Every image's own values: method, group, stem, then every per-image metric any method has (conventional
    /// order); rows by method (input order) then key (ordinal). Full precision; empty = undefined or absent.
    /// </summary>
    public static string PerImageCsv(IReadOnlyList<MethodImages> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        var columns = MetricNames.Columns(methods.SelectMany(m => m.Images).Select(i => i.Values.Select(v => v.Key)));
        var csv = new StringBuilder("method,group,stem");
        foreach (var column in columns)
        {
            csv.Append(',').Append(Field(column));
        }

        csv.Append('\n');
        foreach (var method in methods)
        {
            foreach (var image in method.Images.OrderBy(i => i.Key, StringComparer.Ordinal))
            {
                csv.Append(Field(method.Label)).Append(',')
                    .Append(Field(GroupBreakdowns.GroupOf(image.Key))).Append(',')
                    .Append(Field(GroupBreakdowns.StemOf(image.Key)));
                foreach (var column in columns)
                {
                    csv.Append(',').Append(Number(GroupBreakdowns.Value(image, column)));
                }

                csv.Append('\n');
            }
        }

        return csv.ToString();
    }

    private static string Number(double? value) => value is { } v ? v.ToString("R", Invariant) : string.Empty;

    private static string Format(double? value, int decimals) =>
        value is { } v ? v.ToString("F" + decimals.ToString(Invariant), Invariant) : "n/a";

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Escape(string value) => value.Replace("|", "\\|", StringComparison.Ordinal);
}
