using System.Text.Json;

namespace CoSod.Tests.Infrastructure;

/// <summary>
/// Locates <c>../shared</c> beside the clone. The oracle fixtures live there, not in the repository
/// (the real ones come from public repositories). Tests that need them skip visibly when the folder is
/// absent; with <see cref="RequireVariable"/> set (as <c>.ci/run</c> does) they run and fail instead.
/// </summary>
public static class SharedFixtures
{
    public const string RequireVariable = "COSOD_REQUIRE_SHARED";
    public const string OverrideVariable = "COSOD_SHARED_DIR";

    private static readonly Lazy<string?> Root = new(FindSharedRoot);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static bool Available => Root.Value is not null;

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) is { Length: > 0 } v && v != "0";

    /// <summary>The skip reason for a test that reads ../shared, or null when it must run.</summary>
    public static string? SkipReason =>
        Available || Required
            ? null
            : $"../shared is not beside this clone (set {OverrideVariable} to point at it); skipped";

    public static string SharedRoot => Root.Value
        ?? throw new DirectoryNotFoundException(
            $"The shared fixtures folder was not found beside {RepositoryRoot} and {RequireVariable} is set, "
            + "so tests that need it fail instead of skipping.");

    /// <summary>
    /// The public synthetic fixture with its oracle numbers. It is our own data, bundled in the repository as
    /// samples/cosod-synth (a copy of ../shared/fixtures/cosod-synth-public), so its tests always run.
    /// </summary>
    public static string SynthPublic => Path.Combine(RepositoryRoot, "samples", "cosod-synth");

    public static bool SynthAvailable => Directory.Exists(SynthPublic);

    /// <summary>The shared original of <see cref="SynthPublic"/>.</summary>
    public static string SharedSynthPublic => Path.Combine(SharedRoot, "fixtures", "cosod-synth-public");

    public static string Real => Path.Combine(SharedRoot, "fixtures", "real");

    public static string Under(params string[] parts) => Path.Combine([SharedRoot, .. parts]);

    public static JsonDocument ReadJson(string path) => JsonDocument.Parse(File.ReadAllBytes(path));

    private static string? FindSharedRoot()
    {
        var overridden = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            return Directory.Exists(overridden) ? Path.GetFullPath(overridden) : null;
        }

        var beside = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(Path.Combine(beside, "fixtures")) ? beside : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Eval.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Eval.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that reads ../shared: skipped visibly when it is absent, unless CI requires it.</summary>
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        Skip = SharedFixtures.SkipReason;
    }
}

/// <summary>
/// A theory that reads ../shared: skipped visibly when it is absent, unless CI requires it. Not sealed: a theory that
/// also needs files made from ../shared derives from it and adds its own skip reason.
/// </summary>
public class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute()
    {
        Skip = SharedFixtures.SkipReason;
    }
}
