using CoSod.Models.Networks;
using static TorchSharp.torch;

namespace CoSod.Tests.Models;

/// <summary>Builds the networks with the parity fixtures' deterministic weights.</summary>
internal static class TestNetworks
{
    public static ISaliencyNetwork Create(string fixtureName) => fixtureName switch
    {
        "gconet_plus" => new GCoNetPlus(),
        "gconet" => new GCoNet(),
        "gicd" => new Gicd(),
        _ => throw new ArgumentException(fixtureName),
    };

    public static ISaliencyNetwork WithDeterministicWeights(string fixtureName, bool officialForward = false)
    {
        var network = Create(fixtureName);
        foreach (var part in network.WeightParts)
        {
            DeterministicWeights.Fill(part.Module);
        }

        if (network is GCoNetPlus plus)
        {
            plus.OfficialForward = officialForward;
        }

        return network;
    }

    /// <summary>inference_mode, except for GICD, whose gradient step cannot run inside it.</summary>
    public static IDisposable InferenceScope(ISaliencyNetwork network) =>
        network.Kind == ModelKind.Gicd ? no_grad() : inference_mode();
}

/// <summary>Tests that run libtorch share its global thread setting, so they run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection
{
    public const string Name = "libtorch";
}
