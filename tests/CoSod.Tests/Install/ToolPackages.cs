using CoSod.Evaluation.Running;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Install;

/// <summary>
/// The .NET tool packages scripts/pack-tools.sh writes into artifacts/packages (run-tests.sh packs them before the
/// tests). Tests of them skip visibly when they were not packed, and fail in CI, where they must be.
/// </summary>
public static class ToolPackages
{
    public static string Folder => Path.Combine(SharedFixtures.RepositoryRoot, "artifacts", "packages");

    public static string PathOf(string id) => Path.Combine(Folder, $"{id}.{EvaluationRunner.ToolVersion}.nupkg");

    public static string? SkipReason(string id) =>
        File.Exists(PathOf(id)) || SharedFixtures.Required
            ? null
            : $"{PathOf(id)} is not there: pack it with scripts/pack-tools.sh (run-tests.sh does); skipped";
}

/// <summary>A test of a packed tool package: skipped visibly when it was not packed, unless CI requires it.</summary>
public sealed class PackageFactAttribute : FactAttribute
{
    public PackageFactAttribute(string id)
    {
        Skip = ToolPackages.SkipReason(id);
    }
}
