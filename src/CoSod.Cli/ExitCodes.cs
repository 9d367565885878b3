namespace CoSod.Cli;

/// <summary>The exit codes every cosod command documents.</summary>
public static class ExitCodes
{
    /// <summary>Complete result.</summary>
    public const int Ok = 0;

    /// <summary>A gate found a regression (cosod gate).</summary>
    public const int Regression = 1;

    /// <summary>Unusable input or a usage error (a mistyped option too: System.CommandLine's own code would be 1).</summary>
    public const int UnusableInput = 2;

    /// <summary>Ground-truth images without a prediction, and --allow-missing was not given.</summary>
    public const int MissingPredictions = 3;
}
