using System.Text.Encodings.Web;
using System.Text.Json;
using CoSod.Data.Files;

namespace CoSod.Reports.Speed;

/// <summary>A model-speed.json that cannot be used: unreadable, not JSON, or missing a field.</summary>
public sealed class ModelSpeedFileException(string path, string problem)
    : Exception($"{path}: {problem}. Pass the model-speed.json that run-bench.ps1 writes next to its exports.")
{
    public string FilePath { get; } = path;
}

/// <summary>
/// model-speed.json: the model rows of one benchmark run, which run-bench.ps1 writes from BenchmarkDotNet's exports
/// and the speed-vs-accuracy chart reads. snake_case fields; a reader ignores fields it does not know.
/// </summary>
/// <example>
/// <code>
/// { "kind": "cosod-model-speed", "version": 1, "device": "cpu", "device_name": "AMD EPYC", "threads": 2,
///   "machine": "vm", "date": "2026-11-25",
///   "models": [ { "label": "GCoNet+", "method": "GCoNet+", "protocol": "native, fps", "image_size": 256,
///                 "group_size": 8, "ms_per_group": 2650.1, "images_per_second": 3.02, "parameters": 18415048,
///                 "parameter_mib": 70.29 } ] }
/// </code>
/// </example>
public static class ModelSpeedJson
{
    /// <summary>The value of the "kind" field, which tells this file from a metrics.json.</summary>
    public const string Kind = "cosod-model-speed";

    public const int Version = 1;

    /// <summary>A speed file lists a few models; anything this large is not one.</summary>
    private const long MaxFileBytes = 16L * 1024 * 1024;

    public static ModelSpeedRun Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, MaxFileBytes, "Pass the speed file written by run-bench.ps1");
        }
        catch (InputFileException e)
        {
            throw new ModelSpeedFileException(path, e.Problem);
        }

        return Parse(bytes, path);
    }

    public static ModelSpeedRun Parse(byte[] json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("kind", out var kind)
                || kind.ValueKind != JsonValueKind.String
                || kind.GetString() != Kind)
            {
                throw new ModelSpeedFileException(path, $"not a model-speed.json (no \"kind\": \"{Kind}\")");
            }

            return new ModelSpeedRun(
                Text(root, "device", path),
                OptionalText(root, "device_name"),
                Required(root, "threads", path).GetInt32(),
                OptionalText(root, "machine"),
                OptionalText(root, "date"),
                Required(root, "models", path).EnumerateArray().Select(m => ReadModel(m, path)).ToList());
        }
        catch (JsonException e)
        {
            throw new ModelSpeedFileException(path, "is not valid JSON (" + e.Message + ")");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ModelSpeedFileException(path, "does not follow the model-speed.json schema (" + e.Message + ")");
        }
    }

    public static byte[] Serialize(ModelSpeedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteString("kind", Kind);
            json.WriteNumber("version", Version);
            json.WriteString("device", run.Device);
            json.WriteString("device_name", run.DeviceName);
            json.WriteNumber("threads", run.Threads);
            json.WriteString("machine", run.Machine);
            json.WriteString("date", run.Date);
            json.WriteStartArray("models");
            foreach (var model in run.Models)
            {
                json.WriteStartObject();
                json.WriteString("label", model.Label);
                json.WriteString("method", model.Method);
                json.WriteString("protocol", model.Protocol);
                json.WriteNumber("image_size", model.ImageSize);
                json.WriteNumber("group_size", model.GroupSize);
                json.WriteNumber("ms_per_group", model.MillisecondsPerGroup);
                json.WriteNumber("images_per_second", model.ImagesPerSecond);
                json.WriteNumber("parameters", model.Parameters);
                json.WriteNumber("parameter_mib", model.ParameterMebibytes);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static ModelSpeed ReadModel(JsonElement m, string path)
    {
        var speed = new ModelSpeed(
            Text(m, "label", path),
            Text(m, "method", path),
            Text(m, "protocol", path),
            Required(m, "image_size", path).GetInt32(),
            Required(m, "group_size", path).GetInt32(),
            Required(m, "ms_per_group", path).GetDouble(),
            Required(m, "images_per_second", path).GetDouble(),
            Required(m, "parameters", path).GetInt64(),
            Required(m, "parameter_mib", path).GetDouble());
        if (!(speed.ImagesPerSecond > 0) || !double.IsFinite(speed.ImagesPerSecond) || !(speed.ParameterMebibytes > 0))
        {
            throw new ModelSpeedFileException(
                path, $"{speed.Label}: images_per_second and parameter_mib must be positive numbers");
        }

        return speed;
    }

    private static JsonElement Required(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value)
            ? value
            : throw new ModelSpeedFileException(path, $"has no \"{name}\" field");

    private static string Text(JsonElement element, string name, string path) =>
        Required(element, name, path).GetString() ?? throw new ModelSpeedFileException(path, $"\"{name}\" is null");

    private static string OptionalText(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
