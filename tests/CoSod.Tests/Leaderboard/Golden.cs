using System.Globalization;
using System.Text.Json;
using CoSod.Tests.Infrastructure;
using Xunit.Sdk;

namespace CoSod.Tests.Leaderboard;

/// <summary>
/// Compares an output with a golden file in tests/CoSod.Tests/Leaderboard/Golden. Markdown, LaTeX and HTML are
/// compared byte for byte (line endings aside); CSV and JSON field by field with numbers within
/// <see cref="NumberTolerance"/>, so that a last-bit change of a metric does not break the layout tests while
/// any change of structure, text, rank or a real number does. On a mismatch the actual output is written next
/// to the temp folder and the message shows the first difference. <c>COSOD_UPDATE_GOLDEN=1</c> rewrites the
/// golden file and still fails: review the diff (git diff) before rerunning.
/// </summary>
internal static class Golden
{
    public const string UpdateVariable = "COSOD_UPDATE_GOLDEN";

    public const double NumberTolerance = 1e-9;

    public static string Folder => Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "Leaderboard", "Golden");

    public static void AssertText(string name, string actual) =>
        Check(name, actual, (expected, got) => FirstTextDifference(expected, got));

    public static void AssertCsv(string name, string actual) =>
        Check(name, actual, (expected, got) =>
        {
            var e = Lines(expected);
            var a = Lines(got);
            for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
            {
                var el = i < e.Length ? e[i] : "(end of file)";
                var al = i < a.Length ? a[i] : "(end of file)";
                var ef = el.Split(',');
                var af = al.Split(',');
                if (ef.Length != af.Length || ef.Zip(af).Any(p => !SameField(p.First, p.Second)))
                {
                    return $"line {i + 1}:\n  expected: {el}\n  actual:   {al}";
                }
            }

            return null;
        });

    public static void AssertJson(string name, string actual) =>
        Check(name, actual, (expected, got) =>
        {
            using var e = JsonDocument.Parse(expected);
            using var a = JsonDocument.Parse(got);
            return JsonDifference(e.RootElement, a.RootElement, "$");
        });

    private static void Check(string name, string actual, Func<string, string, string?> difference)
    {
        var path = Path.Combine(Folder, name);
        if (Environment.GetEnvironmentVariable(UpdateVariable) is { Length: > 0 } update && update != "0")
        {
            File.WriteAllText(path, actual);
            throw new XunitException($"{UpdateVariable} is set: rewrote {path}. Review the change with git diff, then rerun without it.");
        }

        if (!File.Exists(path))
        {
            throw new XunitException($"golden file {path} is missing; write it from a reviewed output ({UpdateVariable}=1 writes it).");
        }

        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var problem = difference(expected, actual);
        if (problem is null)
        {
            return;
        }

        var saved = Path.Combine(Path.GetTempPath(), "cosod-golden-actual", name);
        Directory.CreateDirectory(Path.GetDirectoryName(saved)!);
        File.WriteAllText(saved, actual);
        throw new XunitException(
            $"output differs from golden file {name} at {problem}\nThe actual output is in {saved} (diff -u {path} {saved}). "
            + $"If the change is intended and reviewed, copy it over or rerun with {UpdateVariable}=1.");
    }

    private static string? FirstTextDifference(string expected, string actual)
    {
        if (expected == actual)
        {
            return null;
        }

        var e = Lines(expected);
        var a = Lines(actual);
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "(end of file)";
            var al = i < a.Length ? a[i] : "(end of file)";
            if (el != al)
            {
                return $"line {i + 1}:\n  expected: {el}\n  actual:   {al}";
            }
        }

        return "the end of the file (a final newline differs)";
    }

    private static string[] Lines(string text) => text.Split('\n');

    private static bool SameField(string expected, string actual) =>
        expected == actual
        || (double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var e)
            && double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && Math.Abs(e - a) <= NumberTolerance);

    private static string? JsonDifference(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path}: expected {expected.ValueKind} {expected}, actual {actual.ValueKind} {actual}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var en = expected.EnumerateObject().Select(p => p.Name).ToList();
                var an = actual.EnumerateObject().Select(p => p.Name).ToList();
                if (!en.SequenceEqual(an))
                {
                    return $"{path}: expected fields [{string.Join(", ", en)}], actual [{string.Join(", ", an)}]";
                }

                foreach (var name in en)
                {
                    if (JsonDifference(expected.GetProperty(name), actual.GetProperty(name), path + "." + name) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    return $"{path}: expected {expected.GetArrayLength()} items, actual {actual.GetArrayLength()}";
                }

                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    if (JsonDifference(expected[i], actual[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Number:
                return Math.Abs(expected.GetDouble() - actual.GetDouble()) <= NumberTolerance
                    ? null
                    : $"{path}: expected {expected.GetRawText()}, actual {actual.GetRawText()}";
            default:
                return expected.GetRawText() == actual.GetRawText()
                    ? null
                    : $"{path}: expected {expected.GetRawText()}, actual {actual.GetRawText()}";
        }
    }
}
