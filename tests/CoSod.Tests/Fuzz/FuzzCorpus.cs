using CoSod.Fuzz;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Fuzz;

/// <summary>
/// The fuzz corpus of the CI suite (regenerated from the committed seeds by <see cref="ImageMutants"/>) and the
/// reference verdicts recorded for it in tests/CoSod.Fuzz/oracle-ci.json.
/// </summary>
internal static class FuzzCorpus
{
    public static string Folder { get; } = FuzzOracle.Folder(SharedFixtures.RepositoryRoot);

    private static readonly Lazy<IReadOnlyList<FuzzCase>> LazyCases =
        new(() => ImageMutants.CiCorpus(ImageMutants.LoadSeeds(Path.Combine(Folder, "Seeds"))));

    private static readonly Lazy<IReadOnlyDictionary<string, CaseVerdicts>> LazyVerdicts =
        new(() => FuzzOracle.Load(Path.Combine(Folder, "oracle-ci.json")));

    public static IReadOnlyList<FuzzCase> Cases => LazyCases.Value;

    public static IReadOnlyDictionary<string, CaseVerdicts> Verdicts => LazyVerdicts.Value;

    public static CaseVerdicts For(FuzzCase fuzzCase) =>
        Verdicts.TryGetValue(fuzzCase.Sha256, out var v)
            ? v
            : throw new InvalidOperationException(
                $"{fuzzCase.Name} ({fuzzCase.Sha256}) has no recorded verdict: the generator changed; run scripts/fuzz-oracle.sh");
}
