using CoSod.Data.Imaging;

namespace CoSod.Evaluation.Running;

/// <summary>One or more files could not be read; nothing was scored. Lists every such file, sorted by path.</summary>
public sealed class UnreadableInputException : Exception
{
    public UnreadableInputException(IReadOnlyList<ImageReadException> failures)
        : base(failures.Count == 1
            ? failures[0].Message
            : $"{failures.Count} files cannot be read:{Environment.NewLine}"
              + string.Join(Environment.NewLine, failures.Select(f => "  " + f.Message)))
    {
        Failures = failures;
    }

    public IReadOnlyList<ImageReadException> Failures { get; }
}
