namespace CoSod.Evaluation.Profiles;

/// <summary>The profiles by name. A new toolbox is one new <see cref="EvaluationProfile"/> registered here.</summary>
public static class ProfileCatalog
{
    private static readonly List<EvaluationProfile> Registered = [PySodMetricsProfile.Instance, EvalCoSodProfile.Instance, CosodMatlabProfile.Instance];

    public static IReadOnlyList<EvaluationProfile> All => Registered;

    public static IReadOnlyList<string> Names => Registered.Select(p => p.Name).ToList();

    public static EvaluationProfile? Find(string name) =>
        Registered.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

}
