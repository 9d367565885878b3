using System.Globalization;
using System.Text;

namespace CoSod.Reports.Leaderboard;

/// <summary>
/// One row per table row, in the table's order. Columns: <c>label</c> (as the other formats print the method),
/// <c>method</c>, <c>profile</c>, <c>aggregation</c>, then per dataset <c>&lt;D&gt;:images_scored</c>,
/// <c>&lt;D&gt;:images_expected</c> and per metric <c>&lt;D&gt;:&lt;M&gt;</c> (full round-trip precision) and
/// <c>&lt;D&gt;:&lt;M&gt;:rank</c> (competition rank at the printed decimals, 1 = best; what the other formats
/// mark). An empty field: no value (or no result on that dataset). Lines end with \n.
/// </summary>
internal static class LeaderboardCsv
{
    public static string Render(LeaderboardTable table)
    {
        var invariant = CultureInfo.InvariantCulture;
        var csv = new StringBuilder();
        var header = new List<string> { "label", "method", "profile", "aggregation" };
        foreach (var dataset in table.Datasets)
        {
            header.Add(dataset + ":images_scored");
            header.Add(dataset + ":images_expected");
            foreach (var metric in table.Metrics)
            {
                header.Add(dataset + ":" + metric);
                header.Add(dataset + ":" + metric + ":rank");
            }
        }

        csv.Append(string.Join(',', header.Select(Field))).Append('\n');
        foreach (var row in table.Rows)
        {
            var fields = new List<string> { row.Label, row.Method, row.Setting.Profile, row.Setting.Aggregation };
            foreach (var group in row.Groups)
            {
                fields.Add(group.Result?.ImagesScored.ToString(invariant) ?? string.Empty);
                fields.Add(group.Result?.ImagesExpected.ToString(invariant) ?? string.Empty);
                foreach (var cell in group.Cells)
                {
                    fields.Add(cell.Value?.ToString("R", invariant) ?? string.Empty);
                    fields.Add(cell.Rank?.ToString(invariant) ?? string.Empty);
                }
            }

            csv.Append(string.Join(',', fields.Select(Field))).Append('\n');
        }

        return csv.ToString();
    }

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
