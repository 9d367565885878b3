using System.Text.Encodings.Web;
using System.Text.Json;
using CoSod.Evaluation.Results;

namespace CoSod.Reports.Gate;

/// <summary>
/// The gate's machine-readable diff (cosod gate --out): the verdict and exit code, the settings, then every compared
/// value. Field order is fixed and numbers are shortest round-trip, so the same inputs give the same bytes.
/// </summary>
public static class GateJson
{
    public static byte[] Serialize(GateResult result, int exitCode, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteString("name", MetricsJson.ToolName);
            json.WriteString("version", toolVersion);
            json.WriteEndObject();
            json.WriteString("verdict", result.Passed ? "pass" : "regression");
            json.WriteNumber("exit_code", exitCode);
            json.WriteString("baseline", result.Options.BaselineName);
            json.WriteString("current", result.Options.CurrentName);
            json.WriteString("profile", result.Profile);
            json.WriteString("aggregation", result.Aggregation);
            json.WriteNumber("tolerance", result.Options.Tolerance);
            json.WriteStartObject("metric_tolerances");
            foreach (var (metric, tolerance) in result.Options.MetricTolerances.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(metric, tolerance);
            }

            json.WriteEndObject();
            json.WriteStartArray("metrics");
            foreach (var metric in result.Metrics)
            {
                json.WriteStringValue(metric);
            }

            json.WriteEndArray();
            json.WriteNumber("checked", result.Checked);
            json.WriteNumber("regressed", result.Regressed);
            json.WriteNumber("improved", result.Improved);
            json.WriteNumber("skipped", result.Skipped);
            json.WriteStartArray("comparisons");
            foreach (var c in result.Comparisons)
            {
                json.WriteStartObject();
                json.WriteString("method", c.Method);
                json.WriteString("dataset", c.Dataset);
                json.WriteString("metric", c.Metric);
                WriteNumber(json, "baseline", c.Baseline);
                WriteNumber(json, "current", c.Current);
                WriteNumber(json, "delta", c.Delta);
                json.WriteNumber("tolerance", c.Tolerance);
                json.WriteString("direction", c.LowerIsBetter ? "lower-is-better" : "higher-is-better");
                json.WriteString("verdict", GateComparison.VerdictName(c.Verdict));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("notes");
            foreach (var note in result.Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
