using CoSod.Data.Imaging;
using CoSod.Metrics;
using CoSod.Models.Networks;
using CoSod.Models.Preprocessing;
using static TorchSharp.torch;

namespace CoSod.Models.Inference;

/// <summary>
/// Runs a loaded network on one group of image files exactly as the official test scripts do: every image decoded and
/// resized to S×S (PIL), normalised, the whole group as one batch, and each map resized back to its image's size and
/// truncated to 8 bits.
/// </summary>
public sealed class GroupPredictor
{
    private readonly LoadedModel model;
    private readonly ModelInputPipeline inputs;
    private readonly int decodeThreads;

    public GroupPredictor(LoadedModel model, ImageLimits? limits = null, int decodeThreads = 1)
    {
        this.model = model;
        inputs = new ModelInputPipeline(model.Network.InputSize, limits);
        this.decodeThreads = Math.Max(1, decodeThreads);
    }

    public LoadedModel Model => model;

    /// <summary>One map per image, in the order given, each at its image's original size.</summary>
    /// <exception cref="ImageReadException">An image cannot be read; no map of the group is returned.</exception>
    public IReadOnlyList<GreyMap> Predict(IReadOnlyList<string> imagePaths)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        if (imagePaths.Count == 0)
        {
            return [];
        }

        var size = model.Network.InputSize;
        var plane = 3 * size * size;
        var batch = new float[(long)imagePaths.Count * plane];
        var sizes = new (int Height, int Width)[imagePaths.Count];

        // Decoding is independent per image and deterministic, so it may run in parallel into fixed slots; the first
        // unreadable image in group order is the one reported, whatever the thread count.
        var failures = new ImageReadException?[imagePaths.Count];
        Parallel.For(0, imagePaths.Count, new ParallelOptions { MaxDegreeOfParallelism = decodeThreads }, i =>
        {
            try
            {
                sizes[i] = inputs.LoadInto(imagePaths[i], batch.AsSpan(i * plane, plane));
            }
            catch (ImageReadException e)
            {
                failures[i] = e;
            }
        });
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            throw failure;
        }

        using var scope = NewDisposeScope();
        var group = tensor(batch, new long[] { imagePaths.Count, 3, size, size }).to(model.Device);
        Tensor maps;
        using (model.Network.Kind == ModelKind.Gicd ? no_grad() : inference_mode())
        {
            maps = model.Network.PredictGroup(group);
        }

        // Copying to the CPU waits for the device's work.
        var values = maps.cpu().contiguous().data<float>().ToArray();
        var pixels = size * size;
        var result = new GreyMap[imagePaths.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = SaliencyMapOutput.ToGreyMap(values.AsSpan(i * pixels, pixels), size, size, sizes[i].Height, sizes[i].Width);
        }

        return result;
    }
}
