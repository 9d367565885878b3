using static TorchSharp.torch;

namespace CoSod.Models.Networks;

/// <summary>
/// Collects named intermediate tensors of one forward pass (copies on the CPU), named as the parity fixtures name
/// them (<c>x5</c>, <c>gam_attention_map</c>, <c>db_shrink_map</c>, …). Passing none costs nothing.
/// </summary>
public sealed class IntermediateProbe : IDisposable
{
    private readonly Dictionary<string, Tensor> recorded = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Tensor> Recorded => recorded;

    /// <summary>Scalars the forward pass decided, such as the DB head's k.</summary>
    public Dictionary<string, double> Values { get; } = new(StringComparer.Ordinal);

    public void Record(string name, Tensor value)
    {
        var copy = value.detach().cpu().clone();
        copy.DetachFromDisposeScope();
        if (recorded.Remove(name, out var previous))
        {
            previous.Dispose();
        }

        recorded[name] = copy;
    }

    public void Dispose()
    {
        foreach (var tensor in recorded.Values)
        {
            tensor.Dispose();
        }

        recorded.Clear();
    }
}
