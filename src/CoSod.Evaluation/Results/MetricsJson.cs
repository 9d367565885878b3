using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CoSod.Evaluation.Results;

/// <summary>
/// Writes metrics.json, the contract other tools and CI read. Field order is fixed, numbers are written in
/// their shortest round-trip form, an undefined value is null, and nothing depends on time or thread count,
/// so the same inputs give the same bytes.
/// </summary>
public static class MetricsJson
{
    public const string ToolName = "cosod";

    /// <summary>
    /// The version of this file's layout. 1: every file written before the field existed; 2: the field is written.
    /// Readers refuse a newer version rather than misread it.
    /// </summary>
    public const int Schema = 2;

    public static byte[] Serialize(EvaluationReport report)
    {
        using var stream = new MemoryStream();
        Write(report, stream);
        return stream.ToArray();
    }

    public static string SerializeToString(EvaluationReport report) => Encoding.UTF8.GetString(Serialize(report));

    public static void Write(EvaluationReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });

        json.WriteStartObject();
        json.WriteStartObject("tool");
        json.WriteString("name", ToolName);
        json.WriteString("version", report.ToolVersion);
        json.WriteEndObject();
        json.WriteNumber("schema", Schema);
        json.WriteString("profile", report.Profile);
        json.WriteString("aggregation", report.Aggregation);
        json.WriteBoolean("complete", report.Complete);
        json.WriteNumber("images_expected", report.ImagesExpected);
        json.WriteNumber("images_scored", report.ImagesScored);
        json.WriteStartArray("results");
        foreach (var result in report.Results)
        {
            WriteResult(json, result);
        }

        json.WriteEndArray();
        json.WriteStartObject("options");
        foreach (var (key, value) in report.Options)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static void WriteResult(Utf8JsonWriter json, EvaluationResult result)
    {
        json.WriteStartObject();
        json.WriteString("method", result.Method);
        json.WriteString("dataset", result.Dataset);
        json.WriteNumber("images_expected", result.ImagesExpected);
        json.WriteNumber("images_scored", result.ImagesScored);
        json.WriteBoolean("complete", result.Complete);
        WriteStrings(json, "missing_predictions", result.MissingPredictions);
        WriteStrings(json, "ignored_files", result.IgnoredFiles.Select(f => f.RelativePath));
        json.WriteStartObject("ignored_reasons");
        foreach (var file in result.IgnoredFiles)
        {
            json.WriteString(file.RelativePath, file.Reason);
        }

        json.WriteEndObject();
        json.WriteStartObject("skipped_by_profile");
        foreach (var skipped in result.SkippedByProfile)
        {
            json.WriteString(skipped.RelativePath, skipped.Reason);
        }

        json.WriteEndObject();
        WriteStrings(json, "resized_predictions", result.ResizedPredictions);

        if (result.Metrics is { } metrics)
        {
            json.WritePropertyName("metrics");
            WriteNested(json, metrics.Scalars);
            json.WriteStartObject("curves");
            foreach (var (name, values) in metrics.Curves)
            {
                json.WriteStartArray(name);
                foreach (var v in values)
                {
                    WriteNumber(json, v);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("metrics");
            json.WriteNull("curves");
        }

        if (result.Intervals is { } intervals)
        {
            json.WriteStartObject("intervals");
            foreach (var (name, bounds) in intervals)
            {
                json.WriteStartArray(name);
                foreach (var bound in bounds)
                {
                    WriteNumber(json, bound);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        if (result.PerImage is { } perImage)
        {
            json.WriteStartObject("per_image");
            foreach (var image in perImage)
            {
                json.WriteStartObject(image.Key);
                foreach (var (name, value) in image.Values)
                {
                    json.WritePropertyName(name);
                    WriteNumber(json, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteStartObject("undefined");
        if (result.Metrics is { } m)
        {
            foreach (var (name, keys) in m.Undefined.OrderBy(u => u.Key, StringComparer.Ordinal))
            {
                WriteStrings(json, name, keys);
            }
        }

        json.WriteEndObject();
        WriteStrings(json, "notes", result.Notes);
        json.WriteEndObject();
    }

    /// <summary>"Fm.max" becomes "Fm": {"max": ...}; first-seen order is kept.</summary>
    private static void WriteNested(Utf8JsonWriter json, IReadOnlyList<KeyValuePair<string, double?>> scalars)
    {
        json.WriteStartObject();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in scalars)
        {
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                json.WritePropertyName(name);
                WriteNumber(json, value);
                continue;
            }

            var head = name[..dot];
            if (!written.Add(head))
            {
                continue;
            }

            json.WriteStartObject(head);
            foreach (var (inner, innerValue) in scalars.Where(s => s.Key.StartsWith(head + ".", StringComparison.Ordinal)))
            {
                json.WritePropertyName(inner[(dot + 1)..]);
                WriteNumber(json, innerValue);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteNumber(Utf8JsonWriter json, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumberValue(v);
        }
        else
        {
            json.WriteNullValue();
        }
    }
}
