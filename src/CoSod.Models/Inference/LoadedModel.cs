using System.Globalization;
using CoSod.Models.Networks;
using CoSod.Models.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace CoSod.Models.Inference;

/// <summary>One checkpoint file as loaded: where it came from and the SHA-256 of its bytes.</summary>
public sealed record LoadedWeights(string Part, string Path, string Sha256, CheckpointFormat Format);

/// <summary>A network with its official weights loaded, on its device, ready to predict groups.</summary>
public sealed class LoadedModel : IDisposable
{
    private LoadedModel(ModelDescription description, ISaliencyNetwork network, Device device, int threads, IReadOnlyList<LoadedWeights> weights)
    {
        Description = description;
        Network = network;
        Device = device;
        Threads = threads;
        Weights = weights;
    }

    public ModelDescription Description { get; }

    public ISaliencyNetwork Network { get; }

    public Device Device { get; }

    /// <summary>libtorch's intra-op threads: the maps are identical for the same count (see docs on determinism).</summary>
    public int Threads { get; }

    public IReadOnlyList<LoadedWeights> Weights { get; }

    /// <summary>What a report records about the model: name, every weight file and its SHA-256, device and threads.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Provenance
    {
        get
        {
            var entries = new List<KeyValuePair<string, string>>
            {
                new("model", Description.Name),
                new("model_device", Device.type == DeviceType.CUDA ? "cuda" : "cpu"),
                new("model_threads", Threads.ToString(CultureInfo.InvariantCulture)),
            };
            entries.AddRange(LibTorchRuntime.Provenance);
            for (var i = 0; i < Weights.Count; i++)
            {
                var prefix = i == 0 ? "model_weights" : "model_weights_" + (i + 1).ToString(CultureInfo.InvariantCulture);
                entries.Add(new(prefix, System.IO.Path.GetFileName(Weights[i].Path)));
                entries.Add(new(prefix + "_sha256", Weights[i].Sha256));
            }

            return entries;
        }
    }

    /// <summary>
    /// Builds the network, reads every checkpoint file and loads it strictly (every key, shape and dtype checked before
    /// anything is copied), then moves the network to the device.
    /// </summary>
    /// <param name="description">Which network.</param>
    /// <param name="weightFiles">One file per <see cref="ISaliencyNetwork.WeightParts"/> entry, in order.</param>
    /// <param name="device"><c>cpu</c> or <c>cuda</c>.</param>
    /// <param name="threads">libtorch's intra-op threads.</param>
    /// <exception cref="ModelSetupException">Wrong number of files, bad device or thread count.</exception>
    /// <exception cref="CheckpointException">A file cannot be read or does not fit the network.</exception>
    public static LoadedModel Load(ModelDescription description, IReadOnlyList<string> weightFiles, string device, int threads)
    {
        // Before anything touches torch: a libtorch from COSOD_LIBTORCH_DIR must be in the process first.
        LibTorchRuntime.Prepare();
        if (weightFiles.Count != description.WeightFiles.Count)
        {
            throw new ModelSetupException(
                $"--model {description.Name} needs {description.WeightFiles.Count} weight file(s), got {weightFiles.Count}: "
                + string.Join("; ", description.WeightFiles) + ". See README (Models) for where to get them.");
        }

        if (threads < 1)
        {
            throw new ModelSetupException("--threads must be at least 1.");
        }

        var resolvedDevice = ComputeDevice.Resolve(device);
        set_num_threads(threads);
        var network = description.Create();
        try
        {
            var loaded = new List<LoadedWeights>();
            for (var i = 0; i < weightFiles.Count; i++)
            {
                var part = network.WeightParts[i];
                using var weights = CheckpointReader.Read(weightFiles[i]);
                CheckpointLoader.Load(part.Module, weights, new CheckpointLoadOptions { NumBatchesTrackedOptional = true });
                loaded.Add(new LoadedWeights(part.Name, weightFiles[i], weights.Sha256, weights.Format));
            }

            network.MoveTo(resolvedDevice);
            return new LoadedModel(description, network, resolvedDevice, threads, loaded);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    public void Dispose() => Network.Dispose();
}
