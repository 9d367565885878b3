using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CoSod.Reports.Tables;

namespace CoSod.Reports.Leaderboard;

/// <summary>
/// The leaderboard as JSON (format <c>cosod-leaderboard</c>, version 1), documented in
/// src/CoSod.Reports/Leaderboard/README.md. Field order is fixed, numbers are full precision in shortest
/// round-trip form, absent values are null, indentation is two spaces and lines end with \n: the same inputs and
/// options give the same bytes.
/// </summary>
internal static class LeaderboardJson
{
    public const string FormatName = "cosod-leaderboard";

    public const int FormatVersion = 1;

    public static string Render(LeaderboardTable table)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            Write(json, table);
        }

        stream.WriteByte((byte)'\n');
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter json, LeaderboardTable table)
    {
        json.WriteStartObject();
        json.WriteString("format", FormatName);
        json.WriteNumber("version", FormatVersion);
        json.WriteNumber("decimals", table.Decimals);
        json.WriteString("ranking", "competition ranking per dataset and metric on the values printed at 'decimals'; 1 = best, ties share a rank");
        if (table.Caption is { } caption)
        {
            json.WriteString("caption", caption);
        }
        else
        {
            json.WriteNull("caption");
        }

        if (table.Sort is { } sort)
        {
            json.WriteStartObject("sort");
            json.WriteString("dataset", sort.Dataset);
            json.WriteString("metric", sort.Metric);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("sort");
        }

        json.WriteBoolean("mixed_settings", table.Mixed);
        json.WriteStartArray("settings");
        foreach (var setting in table.Settings)
        {
            json.WriteStartObject();
            json.WriteString("label", setting.Label);
            json.WriteString("profile", setting.Profile);
            json.WriteString("aggregation", setting.Aggregation);
            json.WriteStartObject("options");
            foreach (var (key, value) in setting.Options)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteStartArray("sources");
            foreach (var source in setting.Sources)
            {
                json.WriteStringValue(source);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("datasets");
        foreach (var dataset in table.Datasets)
        {
            json.WriteStringValue(dataset);
        }

        json.WriteEndArray();
        json.WriteStartArray("metrics");
        foreach (var metric in table.Metrics)
        {
            json.WriteStartObject();
            json.WriteString("name", metric);
            json.WriteString("better", MetricNames.LowerIsBetter(metric) ? "lower" : "higher");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("rows");
        foreach (var row in table.Rows)
        {
            json.WriteStartObject();
            json.WriteString("label", row.Label);
            json.WriteString("method", row.Method);
            json.WriteString("setting", row.Setting.Label);
            json.WriteStartObject("datasets");
            foreach (var group in row.Groups)
            {
                if (group.Result is not { } result)
                {
                    json.WriteNull(group.Dataset);
                    continue;
                }

                json.WriteStartObject(group.Dataset);
                json.WriteString("source", group.Source);
                json.WriteNumber("images_scored", result.ImagesScored);
                json.WriteNumber("images_expected", result.ImagesExpected);
                json.WriteNumber("missing_predictions", result.MissingPredictions.Count);
                json.WriteBoolean("complete", result.Complete);
                json.WriteStartObject("metrics");
                for (var m = 0; m < table.Metrics.Count; m++)
                {
                    var cell = group.Cells[m];
                    if (cell.Value is not { } value)
                    {
                        json.WriteNull(table.Metrics[m]);
                        continue;
                    }

                    json.WriteStartObject(table.Metrics[m]);
                    json.WriteNumber("value", value);
                    json.WriteString("text", cell.Text);
                    json.WriteNumber("rank", cell.Rank ?? 0);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
