namespace CoSod.Reports.Gallery;

/// <summary>How the rows of a qualitative figure are chosen.</summary>
public enum GalleryPickKind
{
    /// <summary>Where the method beats the best other listed method by the largest margin.</summary>
    BestFor,

    /// <summary>Where the method trails the best other listed method by the largest margin.</summary>
    WorstFor,

    /// <summary>One image per group: the group's best-margin image for the method.</summary>
    Spread,

    /// <summary>The images named, in the order named.</summary>
    Explicit,
}

/// <summary>
/// A row choice as <c>--pick</c> spells it: <c>best-for:&lt;method&gt;</c>, <c>worst-for:&lt;method&gt;</c>,
/// <c>spread</c> (for the first listed method) or <c>spread:&lt;method&gt;</c>, or a list <c>group/stem,group/stem</c>.
/// </summary>
public sealed record GalleryPick(GalleryPickKind Kind, string? Method, IReadOnlyList<string> Keys)
{
    public static bool TryParse(string? text, out GalleryPick? pick)
    {
        pick = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        foreach (var (prefix, kind) in new[] { ("best-for:", GalleryPickKind.BestFor), ("worst-for:", GalleryPickKind.WorstFor), ("spread:", GalleryPickKind.Spread) })
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                var method = text[prefix.Length..].Trim();
                pick = method.Length == 0 ? null : new GalleryPick(kind, method, []);
                return pick is not null;
            }
        }

        if (text == "spread")
        {
            pick = new GalleryPick(GalleryPickKind.Spread, null, []);
            return true;
        }

        var keys = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (keys.Length == 0 || keys.Any(k => k.Split('/').Length < 2 || k.EndsWith('/') || k.StartsWith('/')))
        {
            return false;
        }

        pick = new GalleryPick(GalleryPickKind.Explicit, null, keys.Distinct(StringComparer.Ordinal).ToList());
        return true;
    }
}

/// <summary>A row of the gallery: the image key and, for picks by score, the method's margin (oriented: larger is better).</summary>
public sealed record GalleryRow(string Key, double? Margin);

/// <summary>The rows cannot be chosen or drawn as asked: one line naming what and why.</summary>
public sealed class GalleryException(string message) : Exception(message);
