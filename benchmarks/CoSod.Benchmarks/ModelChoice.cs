using CoSod.Models.Inference;
using CoSod.Models.Networks;

namespace CoSod.Benchmarks;

/// <summary>
/// One network of the model benchmarks: a <see cref="ModelCatalog"/> entry, and for GCoNet+ whether the official
/// forward's dead branches (the classifier on x5 and the RACM second backbone pass) run too. Its
/// <see cref="ToString"/> is what the summary table shows (at most 20 characters, BenchmarkDotNet's parameter width).
/// </summary>
/// <param name="CatalogName">The <see cref="ModelDescription.Name"/>, e.g. <c>gconet-plus</c>.</param>
/// <param name="OfficialForward">Set <see cref="GCoNetPlus.OfficialForward"/> (GCoNet+ only).</param>
public sealed record ModelChoice(string CatalogName, bool OfficialForward = false)
{
    /// <summary>The suffix of the official-forward variant's name.</summary>
    public const string OfficialSuffix = " (official)";

    /// <summary>Every network, in the order papers list them: GCoNet+ (both forwards), GCoNet, GICD.</summary>
    public static IReadOnlyList<ModelChoice> All { get; } =
    [
        new("gconet-plus"),
        new("gconet-plus", OfficialForward: true),
        new("gconet"),
        new("gicd"),
    ];

    public ModelDescription Description => ModelCatalog.Find(CatalogName);

    /// <summary>The method's name in papers and metrics.json (the official variant shares GCoNet+'s maps, so its name).</summary>
    public string MethodName => Description.DisplayName;

    /// <summary>The square side its official test script resizes to.</summary>
    public int NativeSize => Description.InputSize;

    /// <summary>
    /// GICD takes a gradient with respect to x5 at inference, which autograd cannot record inside
    /// <c>torch.inference_mode()</c>; it runs inside <c>torch.no_grad()</c> instead (see <see cref="Gicd"/>).
    /// </summary>
    public bool NeedsAutograd => Description.Kind == ModelKind.Gicd;

    /// <summary>Builds the network (random initial weights, eval mode, on the CPU).</summary>
    /// <exception cref="InvalidOperationException">The official forward is asked of a network other than GCoNet+.</exception>
    public ISaliencyNetwork Create()
    {
        if (!OfficialForward)
        {
            return Description.Create();
        }

        if (Description.Kind != ModelKind.GCoNetPlus)
        {
            throw new InvalidOperationException($"{CatalogName}: only GCoNet+ has an official forward with dead branches.");
        }

        return new GCoNetPlus { OfficialForward = true };
    }

    public override string ToString() => OfficialForward ? MethodName + OfficialSuffix : MethodName;
}
