using System.Globalization;
using System.Text.Json;

namespace CoSod.Evaluation.Results;

/// <summary>
/// A JSON value with its path in the document (<c>$.results[2].metrics.Sm</c>) and the file it came from, so that
/// every type check can fail with one message naming the file, the place and what was expected there. The path is
/// put together only when asked for (an error, or the children of an object or array), never for every leaf of a
/// large file.
/// </summary>
internal readonly record struct LocatedJson(JsonElement Element, string ParentPath, string? Name, int Index, string File)
{
    public LocatedJson(JsonElement element, string path, string file)
        : this(element, path, null, -1, file)
    {
    }

    public string Path => Name is not null ? ParentPath + "." + Name : Index >= 0 ? $"{ParentPath}[{Index}]" : ParentPath;

    public bool IsNull => Element.ValueKind == JsonValueKind.Null;

    public void RequireObject()
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            throw Expected("an object");
        }
    }

    public LocatedJson Required(string name)
    {
        RequireObject();
        return Element.TryGetProperty(name, out var value)
            ? new LocatedJson(value, Path, name, -1, File)
            : throw new MetricsFileException(File, $"{Path}: the required field \"{name}\" is missing");
    }

    public LocatedJson? Optional(string name)
    {
        RequireObject();
        return Element.TryGetProperty(name, out var value) ? new LocatedJson(value, Path, name, -1, File) : null;
    }

    public IEnumerable<(string Name, LocatedJson Value)> Properties()
    {
        RequireObject();
        var path = Path;
        var file = File;
        return Element.EnumerateObject().Select(p => (p.Name, new LocatedJson(p.Value, path, p.Name, -1, file)));
    }

    public IEnumerable<LocatedJson> Items()
    {
        if (Element.ValueKind != JsonValueKind.Array)
        {
            throw Expected("an array");
        }

        var path = Path;
        var file = File;
        return Element.EnumerateArray().Select((e, i) => new LocatedJson(e, path, null, i, file));
    }

    public string String() => Element.ValueKind == JsonValueKind.String ? Element.GetString()! : throw Expected("a string");

    public string NonEmptyString()
    {
        var value = String();
        return value.Length > 0 ? value : throw Expected("a non-empty string");
    }

    public List<string> Strings() => Items().Select(i => i.String()).ToList();

    public bool Boolean() => Element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Expected("true or false"),
    };

    public int Integer(int min, int max)
    {
        if (Element.ValueKind != JsonValueKind.Number || !Element.TryGetInt64(out var value))
        {
            throw Expected("a whole number");
        }

        return value >= min && value <= max
            ? (int)value
            : throw new MetricsFileException(File, $"{Path}: {value} is outside {min}..{max}");
    }

    /// <summary>A finite number; strings, booleans and values beyond a double's range are refused, not read as undefined.</summary>
    public double Number() => NumberOrNull() ?? throw Expected("a number");

    /// <summary>A finite number, or null for a value that is undefined.</summary>
    public double? NumberOrNull()
    {
        if (Element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (Element.ValueKind != JsonValueKind.Number)
        {
            throw Expected("a number or null");
        }

        var value = Element.GetDouble();
        return double.IsFinite(value)
            ? value
            : throw new MetricsFileException(File, $"{Path}: {Element.GetRawText()} is beyond the range of a double");
    }

    private MetricsFileException Expected(string what) =>
        new(File, $"{Path}: expected {what}, found {Describe(Element)}");

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "the string " + Shorten(element.GetRawText()),
        JsonValueKind.Number => "the number " + Shorten(element.GetRawText()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => element.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    /// <summary>Refuses a key that appears twice in one object anywhere in the document (JSON leaves its meaning open).</summary>
    public static void CheckNoDuplicateKeys(LocatedJson node)
    {
        if (node.Element.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            CheckNoDuplicateKeys(node.Element, new List<string> { node.Path }, node.File);
        }
    }

    /// <summary>The recursion of <see cref="CheckNoDuplicateKeys(LocatedJson)"/>: <paramref name="path"/> holds the segments
    /// down to <paramref name="element"/> of <paramref name="file"/>, joined only to report a duplicate.</summary>
    private static void CheckNoDuplicateKeys(JsonElement element, List<string> path, string file)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    path.Add($"[{index}]");
                    CheckNoDuplicateKeys(item, path, file);
                    path.RemoveAt(path.Count - 1);
                }

                index++;
            }

            return;
        }

        HashSet<string>? seen = null;
        foreach (var property in element.EnumerateObject())
        {
            seen ??= new HashSet<string>(StringComparer.Ordinal);
            if (!seen.Add(property.Name))
            {
                throw new MetricsFileException(file, $"{string.Concat(path)}: the key \"{property.Name}\" appears twice");
            }

            if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                path.Add("." + property.Name);
                CheckNoDuplicateKeys(property.Value, path, file);
                path.RemoveAt(path.Count - 1);
            }
        }
    }
}
