using System.Text;
using TorchSharp;

namespace CoSod.Models.Weights;

/// <summary>
/// A weights file that cannot be used: missing, of an unknown format, truncated or corrupt, or holding a dtype this
/// suite does not read. The message names the file, says what is wrong and what to do:
/// <c>"&lt;path&gt;: &lt;problem&gt;. &lt;advice&gt;"</c>.
/// </summary>
public class CheckpointException : Exception
{
    public CheckpointException(string path, string problem, string advice, Exception? innerException = null)
        : base(Compose(path, problem, advice), innerException)
    {
        Path = path;
        Problem = problem;
        Advice = advice;
    }

    /// <summary>The file as the caller named it.</summary>
    public string Path { get; }

    /// <summary>What is wrong with the file, without the path.</summary>
    public string Problem { get; }

    /// <summary>What the user can do about it.</summary>
    public string Advice { get; }

    private static string Compose(string path, string problem, string advice) =>
        advice.Length == 0 ? $"{path}: {problem}." : $"{path}: {problem}. {advice}";
}

/// <summary>
/// A readable checkpoint whose entries do not fit the module: every missing, unexpected and misshaped key at once.
/// <see cref="CheckpointLoader"/> throws it before copying anything, so the module is left as it was.
/// </summary>
public sealed class CheckpointMismatchException : CheckpointException
{
    /// <summary>How many keys of each list the message names before it says how many more there are.</summary>
    public const int ListedPerKind = 10;

    public CheckpointMismatchException(
        string path,
        IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected,
        IReadOnlyList<TensorMismatch> misshaped,
        string? strippedPrefix = null)
        : base(path, Describe(missing, unexpected, misshaped, strippedPrefix), AdviceText)
    {
        Missing = missing;
        Unexpected = unexpected;
        Misshaped = misshaped;
    }

    /// <summary>Keys of the module's <c>state_dict()</c> that the file does not have.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Keys of the file (after any prefix was stripped) that the module does not have.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>Keys on both sides whose shape or dtype differ.</summary>
    public IReadOnlyList<TensorMismatch> Misshaped { get; }

    private const string AdviceText =
        "Nothing was loaded; check that the weights file belongs to this model (and this variant of it)";

    private static string Describe(
        IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected,
        IReadOnlyList<TensorMismatch> misshaped,
        string? strippedPrefix)
    {
        var text = new StringBuilder("the checkpoint does not match the module");
        if (!string.IsNullOrEmpty(strippedPrefix))
        {
            text.Append(" (after stripping the prefix '").Append(strippedPrefix).Append("' from the file's keys)");
        }

        text.Append(": ");
        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add($"{Count(missing.Count, "key")} missing from the file ({List(missing, k => k)})");
        }

        if (unexpected.Count > 0)
        {
            parts.Add($"{Count(unexpected.Count, "key")} in the file but not in the module ({List(unexpected, k => k)})");
        }

        if (misshaped.Count > 0)
        {
            parts.Add($"{Count(misshaped.Count, "tensor")} with the wrong shape or dtype ({List(misshaped, m => m.ToString())})");
        }

        text.AppendJoin("; ", parts);
        return text.ToString();
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string List<T>(IReadOnlyList<T> items, Func<T, string> describe)
    {
        var shown = items.Take(ListedPerKind).Select(describe);
        var rest = items.Count - ListedPerKind;
        return rest > 0 ? string.Join(", ", shown) + $", and {rest} more" : string.Join(", ", shown);
    }
}

/// <summary>One key whose tensor in the file differs in shape or dtype from the module's.</summary>
public sealed record TensorMismatch(
    string Key,
    IReadOnlyList<long> ExpectedShape,
    torch.ScalarType ExpectedDType,
    IReadOnlyList<long> FoundShape,
    torch.ScalarType FoundDType)
{
    public bool ShapeDiffers => !ExpectedShape.SequenceEqual(FoundShape);

    public bool DTypeDiffers => ExpectedDType != FoundDType;

    /// <summary>"head.bias: module [64] float32, file [1] float32 (...)", with a note on why it is refused.</summary>
    public override string ToString()
    {
        var text = $"{Key}: module {DTypes.Describe(ExpectedShape, ExpectedDType)}, file {DTypes.Describe(FoundShape, FoundDType)}";
        if (DTypeDiffers)
        {
            text += $" ({DTypes.Name(FoundDType)} is not cast to {DTypes.Name(ExpectedDType)} silently)";
        }
        else if (DTypes.Broadcasts(FoundShape, ExpectedShape))
        {
            text += " (it would broadcast, but shapes must match exactly)";
        }

        return text;
    }
}
