namespace CoSod.Data.Imaging.Png;

/// <summary>
/// Thrown inside a reader that follows a reference toolbox where that toolbox refuses the file (an error, not a
/// warning); the reader turns it into an <see cref="ImageReadException"/> naming the file.
/// </summary>
internal sealed class ReferenceRefusal(string problem) : Exception(problem)
{
    public string Problem { get; } = problem;
}
