using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CoSod.Data.Imaging;
using CoSod.Models.Preprocessing;

namespace CoSod.Benchmarks;

/// <summary>
/// What a model input costs before the network sees it, per image, one thread: the official loaders' pre-processing
/// (<see cref="ModelInputPipeline"/>: decode the JPEG as Pillow does, Pillow-exact bilinear resize to S x S, ImageNet
/// normalisation into the float32 [3, S, S] input) at S = 224 (GCoNet, GICD) and 256 (GCoNet+), on CoCA-sized
/// 500x375 colour JPEGs made in the setup (<see cref="SyntheticPhotos"/>). Added to the model's time per image it
/// gives the end-to-end rate; resize and normalisation alone show what decoding takes (the difference).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ModelPreprocessingConfig))]
[BenchmarkCategory(Categories.Preprocessing)]
public class ModelPreprocessing
{
    /// <summary>Different files per call, so the decoder does not see one file's bytes over and over.</summary>
    public const int ImagesPerCall = 8;

    private string? _folder;
    private string[] _paths = [];
    private RgbImage[] _decoded = [];
    private ModelInputPipeline? _pipeline;
    private float[] _input = [];

    /// <summary>The model input side S.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; } = ModelInputPipeline.GcoNetSize;

    public static IEnumerable<int> Sizes =>
        new[] { ModelInputPipeline.GcoNetSize, ModelInputPipeline.GicdSize, ModelInputPipeline.GcoNetPlusSize }.Distinct().Order();

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"cosod-bench-jpeg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        _paths = new string[ImagesPerCall];
        _decoded = new RgbImage[ImagesPerCall];
        for (var i = 0; i < ImagesPerCall; i++)
        {
            _paths[i] = Path.Combine(_folder, $"photo{i + 1:D2}.jpg");
            File.WriteAllBytes(_paths[i], SyntheticPhotos.Jpeg(i));
            _decoded[i] = RgbImageReader.Read(_paths[i]);
            if (_decoded[i].Width != SyntheticPhotos.Width || _decoded[i].Height != SyntheticPhotos.Height)
            {
                throw new InvalidOperationException($"{_paths[i]} decoded as {_decoded[i]}, not {SyntheticPhotos.Width}x{SyntheticPhotos.Height}.");
            }
        }

        _pipeline = new ModelInputPipeline(Size);
        _input = new float[_pipeline.InputLength];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        _folder = null;
    }

    /// <summary>File to model input: decode, resize, normalise (what a predictor does per image).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = ImagesPerCall)]
    [BenchmarkCategory(Categories.Preprocessing)]
    public double DecodeResizeNormalise()
    {
        var pipeline = Pipeline;
        var sum = 0.0;
        for (var i = 0; i < _paths.Length; i++)
        {
            var (height, width) = pipeline.LoadInto(_paths[i], _input);
            sum += _input[_input.Length / 2] + height + width;
        }

        return sum;
    }

    /// <summary>The same without decoding: resize and normalise images already in memory.</summary>
    [Benchmark(OperationsPerInvoke = ImagesPerCall)]
    [BenchmarkCategory(Categories.Preprocessing)]
    public double ResizeNormalise()
    {
        var pipeline = Pipeline;
        var sum = 0.0;
        for (var i = 0; i < _decoded.Length; i++)
        {
            var (height, width) = pipeline.PrepareInto(_decoded[i], _input);
            sum += _input[_input.Length / 2] + height + width;
        }

        return sum;
    }

    private ModelInputPipeline Pipeline => _pipeline ?? throw new InvalidOperationException("GlobalSetup has not run.");
}

/// <summary>The pre-processing benchmarks' images/s column (1 s / mean time per image).</summary>
public sealed class ModelPreprocessingConfig : ManualConfig
{
    public ModelPreprocessingConfig()
    {
        AddColumn(ModelColumns.ImagesPerSecond);
    }
}
