using System.Collections.Concurrent;
using CoSod.Models.Inference;

namespace CoSod.Benchmarks;

/// <summary>
/// The <see cref="ModelSize"/> of each network, for the Params and Param MB columns. The columns are filled in the
/// host process, while BenchmarkDotNet runs each case in a process of its own: a case run in-process records the
/// size its setup counted, and otherwise the host builds the network once, counts and disposes it.
/// </summary>
internal static class ModelSizes
{
    private static readonly ConcurrentDictionary<string, Lazy<ModelSize>> Known = new(StringComparer.Ordinal);

    /// <summary>Records the size of a network a benchmark has built anyway (the official forward changes no count).</summary>
    public static void Remember(ModelChoice model, ModelSize size) =>
        Known.TryAdd(model.CatalogName, new Lazy<ModelSize>(size));

    public static ModelSize Of(ModelChoice model) =>
        Known.GetOrAdd(model.CatalogName, _ => new Lazy<ModelSize>(() => Count(model))).Value;

    private static ModelSize Count(ModelChoice model)
    {
        using var network = model.Create();
        return ModelSize.Of(network);
    }
}
