using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CoSod.Reports.Html;

/// <summary>
/// Prepares a ScottPlot SVG document for inlining into an HTML page: drops the XML declaration, gives every
/// <c>id</c> a page-unique, deterministic name (ScottPlot numbers its clip paths per process, so two figures, or
/// the same figure made twice, would otherwise collide or differ) and rewrites the references to it, and adds a
/// <c>viewBox</c> so the figure scales with the page.
/// </summary>
public static partial class SvgInline
{
    /// <summary>The SVG with ids <c>&lt;prefix&gt;-1</c>, <c>&lt;prefix&gt;-2</c>, ... in order of appearance.</summary>
    public static string Prepare(string svg, string prefix, string label)
    {
        ArgumentNullException.ThrowIfNull(svg);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentNullException.ThrowIfNull(label);

        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new ArgumentException("not an SVG document (no <svg> element)", nameof(svg));
        }

        svg = svg[start..].TrimEnd();

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in IdAttribute().Matches(svg))
        {
            var old = match.Groups[1].Value;
            if (!names.ContainsKey(old))
            {
                names[old] = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{names.Count + 1}");
            }
        }

        svg = Reference().Replace(svg, m =>
            names.TryGetValue(m.Groups[2].Value, out var renamed) ? m.Groups[1].Value + renamed : m.Value);

        // The root element: add a viewBox from its pixel size (so CSS can scale it) and an accessible name.
        var rootEnd = svg.IndexOf('>', StringComparison.Ordinal);
        var root = svg[..rootEnd];
        var extra = new StringBuilder();
        if (!root.Contains("viewBox", StringComparison.Ordinal)
            && Dimension(root, "width") is { } width && Dimension(root, "height") is { } height)
        {
            extra.Append(CultureInfo.InvariantCulture, $" viewBox=\"0 0 {width} {height}\"");
        }

        extra.Append(" role=\"img\" aria-label=\"").Append(System.Net.WebUtility.HtmlEncode(label)).Append('"');
        var selfClosing = root.EndsWith('/');
        var insertAt = selfClosing ? rootEnd - 1 : rootEnd;
        return svg[..insertAt] + extra + svg[insertAt..];
    }

    private static string? Dimension(string root, string name)
    {
        var match = Regex.Match(root, "\\s" + name + "=\"([0-9.]+)\"", RegexOptions.CultureInvariant);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("\\bid=\"([^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex IdAttribute();

    /// <summary>An id attribute, a url(#...) reference or an (xlink:)href="#..." reference, with the name in group 2.</summary>
    [GeneratedRegex("(\\bid=\"|url\\(#|href=\"#)([^\"()]+)(?=[\")])", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
