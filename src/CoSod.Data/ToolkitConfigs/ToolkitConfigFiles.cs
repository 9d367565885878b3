using System.Text.Json;
using CoSod.Data.Files;

namespace CoSod.Data.ToolkitConfigs;

/// <summary>
/// Reads PySODEvalToolkit's dataset and method JSON files as its utils/generate_info.py and metrics/*.py read them:
/// entries in file order; <c>path</c> and <c>suffix</c> required, <c>prefix</c> optional; a dataset's <c>mask</c> and
/// optional <c>index_file</c>; several method files merged in order, a later file replacing a method an earlier one
/// gave (Python's dict.update). Unlike Python's json module, a key given twice in one object is refused rather than
/// silently taking the last.
/// </summary>
public static class ToolkitConfigFiles
{
    private const long MaxBytes = 16 << 20;

    /// <exception cref="ToolkitConfigException">The file cannot be read or an entry lacks what the toolkit needs.</exception>
    public static IReadOnlyList<ToolkitDataset> ReadDatasets(string jsonPath)
    {
        var datasets = new List<ToolkitDataset>();
        foreach (var (name, entry) in Objects(Read(jsonPath), jsonPath, "dataset"))
        {
            var where = $"{jsonPath}: dataset \"{name}\"";
            if (!entry.TryGetProperty("mask", out var mask) || mask.ValueKind != JsonValueKind.Object)
            {
                throw new ToolkitConfigException($"{where} has no \"mask\" object. Give it as PySODEvalToolkit does: "
                    + "\"mask\": {\"path\": \"...\", \"suffix\": \".png\"}.");
            }

            string? index = null;
            if (entry.TryGetProperty("index_file", out var indexValue) && indexValue.ValueKind != JsonValueKind.Null)
            {
                index = indexValue.ValueKind == JsonValueKind.String && indexValue.GetString() is { Length: > 0 } text
                    ? text
                    : throw new ToolkitConfigException($"{where}: \"index_file\" must be the path of a .txt or .lst file.");
            }

            datasets.Add(new ToolkitDataset(name, Files(mask, where + " mask"), index));
        }

        return datasets;
    }

    /// <summary>Reads and merges the method files in order.</summary>
    /// <exception cref="ToolkitConfigException">A file cannot be read or an entry lacks what the toolkit needs.</exception>
    public static IReadOnlyList<ToolkitMethod> ReadMethods(IReadOnlyList<string> jsonPaths)
    {
        ArgumentNullException.ThrowIfNull(jsonPaths);
        var methods = new List<ToolkitMethod>();
        foreach (var jsonPath in jsonPaths)
        {
            foreach (var (name, entry) in Objects(Read(jsonPath), jsonPath, "method"))
            {
                var datasets = new List<KeyValuePair<string, ToolkitFiles>>();
                foreach (var (dataset, files) in Objects(entry, $"{jsonPath}: method \"{name}\"", "dataset"))
                {
                    datasets.Add(new(dataset, Files(files, $"{jsonPath}: method \"{name}\", dataset \"{dataset}\"")));
                }

                var method = new ToolkitMethod(name, datasets);
                var earlier = methods.FindIndex(m => string.Equals(m.Name, name, StringComparison.Ordinal));
                if (earlier >= 0)
                {
                    methods[earlier] = method;
                }
                else
                {
                    methods.Add(method);
                }
            }
        }

        return methods;
    }

    private static JsonElement Read(string jsonPath)
    {
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(jsonPath, MaxBytes, "A PySODEvalToolkit JSON is a few KB; check the path");
        }
        catch (InputFileException e)
        {
            throw new ToolkitConfigException(e.Message);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ToolkitConfigException($"{jsonPath}: not valid JSON ({e.Message}). Check the file, e.g. with python3 -m json.tool.");
        }
    }

    /// <summary>The members of an object that must each be an object, refusing a key given twice.</summary>
    private static List<(string Name, JsonElement Value)> Objects(JsonElement element, string where, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ToolkitConfigException($"{where}: expected a JSON object of {what} entries, found {Describe(element)}.");
        }

        var members = new List<(string, JsonElement)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            if (!seen.Add(member.Name))
            {
                throw new ToolkitConfigException($"{where}: the {what} \"{member.Name}\" is given twice; give each once.");
            }

            if (member.Value.ValueKind != JsonValueKind.Object)
            {
                throw new ToolkitConfigException($"{where}: the {what} \"{member.Name}\" must be a JSON object, not {Describe(member.Value)}.");
            }

            members.Add((member.Name, member.Value));
        }

        return members;
    }

    private static ToolkitFiles Files(JsonElement element, string where)
    {
        var path = Text(element, "path", where, required: true)!;
        var prefix = Text(element, "prefix", where, required: false) ?? string.Empty;
        var suffix = Text(element, "suffix", where, required: true)!;
        if (path.Length == 0)
        {
            throw new ToolkitConfigException($"{where}: \"path\" is empty. Give the folder of the files.");
        }

        if (suffix.Length == 0)
        {
            throw new ToolkitConfigException($"{where}: \"suffix\" is empty; it must end with the file extension (\".png\", \"_sal.png\"), "
                + "as PySODEvalToolkit builds each file name as prefix + name + suffix.");
        }

        return new ToolkitFiles(path, prefix, suffix);
    }

    private static string? Text(JsonElement element, string key, string where, bool required)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required
                ? throw new ToolkitConfigException($"{where} has no \"{key}\" (PySODEvalToolkit requires it: \"path\" is the folder, "
                    + "\"suffix\" the end of every file name including its extension).")
                : null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ToolkitConfigException($"{where}: \"{key}\" must be a string, not {Describe(value)}.");
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };
}
