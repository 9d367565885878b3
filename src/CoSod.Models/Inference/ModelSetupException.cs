namespace CoSod.Models.Inference;

/// <summary>A model cannot be set up as asked (unknown name, missing weights, unavailable device); the message says what to do.</summary>
public sealed class ModelSetupException : Exception
{
    public ModelSetupException(string message)
        : base(message)
    {
    }

    public ModelSetupException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
