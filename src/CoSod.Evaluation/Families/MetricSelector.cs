using CoSod.Data.Datasets;
using CoSod.Evaluation.Profiles;

namespace CoSod.Evaluation.Families;

/// <summary>A <c>--metrics</c> value that names nothing the profile computes, or needs an option that was not given.</summary>
public sealed class MetricSelectionException(string message) : Exception(message);

/// <summary>
/// Turns <c>--metrics</c> into the families a profile computes. A name may be a family (<c>Fm</c>), any number a
/// family writes (<c>Fm.max</c>, <c>maxiou</c>), an accepted alias (<c>maxfm</c> for <c>Fm.max</c>) or <c>all</c>; the
/// family that computes a name writes all of its numbers. Names are matched exactly, then ignoring case.
/// </summary>
public static class MetricSelector
{
    public const string All = "all";

    /// <summary>The selection, and notes on what <c>all</c> left out (families whose input was not given).</summary>
    /// <param name="profile">The profile that will compute them.</param>
    /// <param name="names">The names given, or null for the profile's default set.</param>
    /// <param name="available">Whether a requirement (<see cref="FamilyInfo.Requires"/>) is met, e.g. "--images".</param>
    /// <exception cref="MetricSelectionException">A name is unknown to this profile, or needs an option not given.</exception>
    public static (MetricSelection Selection, IReadOnlyList<string> Notes) Resolve(
        EvaluationProfile profile, IReadOnlyList<string>? names, Func<string, bool> available)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(available);
        if (names is null || names.Count == 0)
        {
            return (profile.DefaultSelection, []);
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var notes = new List<string>();
        foreach (var name in names)
        {
            if (string.Equals(name, All, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var family in profile.Families)
                {
                    if (family.Requires is { } requirement && !available(requirement))
                    {
                        notes.Add($"{family.Name} is left out of --metrics all: it needs {requirement}");
                    }
                    else
                    {
                        chosen.Add(family.Name);
                    }
                }

                continue;
            }

            var match = Find(profile, name) ?? throw new MetricSelectionException(Unknown(profile, name));
            if (match.Requires is { } needed && !available(needed))
            {
                throw new MetricSelectionException($"--metrics {name}: {match.Name} needs {needed}; pass it, or leave {name} out.");
            }

            chosen.Add(match.Name);
        }

        return (new MetricSelection(profile.Families.Where(f => chosen.Contains(f.Name)).Select(f => f.Name).ToList()), notes);
    }

    /// <summary>The family that computes <paramref name="name"/> (a family, a key or an alias), or null.</summary>
    public static FamilyInfo? Find(EvaluationProfile profile, string name)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(name);
        var key = profile.MetricAliases.TryGetValue(name, out var aliased) ? aliased : name;
        foreach (var comparison in new[] { StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase })
        {
            var found = profile.Families.FirstOrDefault(f =>
                string.Equals(f.Name, key, comparison)
                || f.ScalarKeys.Any(k => string.Equals(k, key, comparison))
                || f.CurveKeys.Any(k => string.Equals(k, key, comparison)));
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Every name the profile accepts in <c>--metrics</c>, for messages and suggestions.</summary>
    public static IReadOnlyList<string> Names(EvaluationProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.Families.SelectMany(f => new[] { f.Name }.Concat(f.ScalarKeys))
            .Concat(profile.MetricAliases.Keys)
            .Append(All)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static string Unknown(EvaluationProfile profile, string name)
    {
        var elsewhere = ProfileCatalog.All.Where(p => p.Name != profile.Name && Find(p, name) is not null).Select(p => p.Name).ToList();
        if (elsewhere.Count > 0)
        {
            return $"--metrics {name}: profile {profile.Name} does not compute it; --profile {string.Join(" or --profile ", elsewhere)} does.";
        }

        var nearest = Suggestions.Nearest(name, Names(profile));
        return $"--metrics {name}: profile {profile.Name} has no such metric"
            + (nearest.Count > 0 ? $" (did you mean {string.Join(", ", nearest)}?)" : string.Empty)
            + $". It computes: {string.Join(", ", profile.Families.Select(f => f.Name))}; or pass 'all'.";
    }
}
