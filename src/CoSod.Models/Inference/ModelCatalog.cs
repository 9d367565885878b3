using CoSod.Models.Networks;

namespace CoSod.Models.Inference;

/// <summary>What the command line calls each network, what it needs, and where its official weights come from.</summary>
/// <param name="Name">The <c>--model</c> value.</param>
/// <param name="DisplayName">The name papers and leaderboards use.</param>
/// <param name="Kind">Which network.</param>
/// <param name="InputSize">The square side its official test script resizes to.</param>
/// <param name="WeightFiles">One description per checkpoint file, in <see cref="ISaliencyNetwork.WeightParts"/> order.</param>
/// <param name="Create">Builds the network with uninitialised weights, in eval mode.</param>
public sealed record ModelDescription(
    string Name, string DisplayName, ModelKind Kind, int InputSize, IReadOnlyList<string> WeightFiles, Func<ISaliencyNetwork> Create);

public static class ModelCatalog
{
    public static IReadOnlyList<ModelDescription> All { get; } =
    [
        new("gconet-plus", "GCoNet+", ModelKind.GCoNetPlus, GCoNetPlus.NativeInputSize,
            ["--weights: the GCoNet+ checkpoint (GCoNet_plus repository, VGG16-BN)"], () => new GCoNetPlus()),
        new("gconet", "GCoNet", ModelKind.GCoNet, GCoNet.NativeInputSize,
            ["--weights: final_gconet.pth (GCoNet repository)"], () => new GCoNet()),
        new("gicd", "GICD", ModelKind.Gicd, Gicd.NativeInputSize,
            ["--weights: gicd_ginet.pth (GICD repository)", "--vgg: torchvision's ImageNet vgg16-397923af.pth"], () => new Gicd()),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToList();

    /// <exception cref="ModelSetupException">No model has that name.</exception>
    public static ModelDescription Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ModelSetupException($"--model {name}: unknown model; use one of {string.Join(", ", Names)}.");
}
