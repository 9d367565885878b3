namespace CoSod.Reports.Gate;

/// <summary>
/// The two metrics.json files cannot be compared (or the gate was asked something that makes no sense): one line
/// that names the file or option and the problem. The CLI turns it into exit code 2, never into a regression.
/// </summary>
public sealed class GateInputException(string message) : Exception(message);
