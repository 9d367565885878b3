namespace CoSod.Data.Imaging;

/// <summary>
/// A file that cannot be used as a map or mask. The message names the file, says what is wrong and what to do;
/// callers show it as one line.
/// </summary>
public sealed class ImageReadException : Exception
{
    public ImageReadException(string path, string problem, string advice, Exception? inner = null)
        : base($"{path}: {problem}. {advice}", inner)
    {
        FilePath = path;
        Problem = problem;
        Advice = advice;
    }

    public string FilePath { get; }

    public string Problem { get; }

    public string Advice { get; }
}
