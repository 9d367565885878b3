using System.Text.Json;
using CoSod.Models.Weights;
using static TorchSharp.torch;

namespace CoSod.Tests.Models;

/// <summary>The small checkpoints of Data/checkpoints and what torch.load gave for them (expected.json).</summary>
internal static class CheckpointFiles
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Models", "Data", "checkpoints");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    private static readonly Lazy<JsonDocument> Expected =
        new(() => JsonDocument.Parse(File.ReadAllBytes(PathOf("expected.json"))));

    /// <summary>The readable files with recorded contents.</summary>
    public static IEnumerable<string> WithExpectedContent() =>
        Expected.Value.RootElement.GetProperty("files").EnumerateObject().Select(p => p.Name);

    public static JsonElement ExpectedFor(string name) => Expected.Value.RootElement.GetProperty("files").GetProperty(name);

    public static string? ExpectedWrapper(string name) =>
        ExpectedFor(name).TryGetProperty("wrapper", out var w) ? w.GetString() : null;

    public static IReadOnlyList<JsonElement> ExpectedEntries(string name) =>
        ExpectedFor(name).GetProperty("entries").EnumerateArray().ToList();

    public static CheckpointFormat FormatOf(string name) =>
        name.Contains("_zip", StringComparison.Ordinal) ? CheckpointFormat.TorchZip : CheckpointFormat.TorchLegacy;

    /// <summary>Asserts shape, dtype and every value exactly as torch.load returned them.</summary>
    public static void AssertMatches(JsonElement expected, Tensor actual)
    {
        var key = expected.GetProperty("key").GetString();
        var shape = expected.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        Assert.True(shape.SequenceEqual(actual.shape), $"{key}: shape [{string.Join(",", actual.shape)}]");
        var dtype = expected.GetProperty("dtype").GetString();
        Assert.Equal(dtype, CoSod.Models.Weights.DTypes.Name(actual.dtype));
        Assert.True(actual.is_contiguous(), $"{key} is not contiguous");
        Assert.Equal(TorchSharp.DeviceType.CPU, actual.device_type);

        var values = expected.GetProperty("values").EnumerateArray().ToList();
        Assert.Equal(values.Count, actual.numel());
        switch (actual.dtype)
        {
            case ScalarType.Int64:
            case ScalarType.Int32:
            case ScalarType.Byte:
            {
                using var wide = actual.to(ScalarType.Int64);
                var got = Tensors.Elements<long>(wide);
                for (var i = 0; i < got.Length; i++)
                {
                    Assert.True(values[i].GetInt64() == got[i], $"{key}[{i}]: {got[i]}, expected {values[i]}");
                }

                break;
            }

            case ScalarType.Bool:
            {
                var got = Tensors.Elements<bool>(actual);
                for (var i = 0; i < got.Length; i++)
                {
                    Assert.True(values[i].GetBoolean() == got[i], $"{key}[{i}]");
                }

                break;
            }

            case ScalarType.Float32:
            {
                var got = Tensors.Elements<float>(actual);
                for (var i = 0; i < got.Length; i++)
                {
                    var want = (float)values[i].GetDouble();
                    Assert.True(BitConverter.SingleToInt32Bits(want) == BitConverter.SingleToInt32Bits(got[i]), $"{key}[{i}]: {got[i]}, expected {want}");
                }

                break;
            }

            default:
            {
                // float64 exactly; float16 and bfloat16 are exact in double too.
                var got = Tensors.AsDoubles(actual);
                for (var i = 0; i < got.Length; i++)
                {
                    Assert.True(values[i].GetDouble() == got[i], $"{key}[{i}]: {got[i]}, expected {values[i]}");
                }

                break;
            }
        }
    }
}
