namespace CoSod.Data.ToolkitConfigs;

/// <summary>A PySODEvalToolkit dataset or method JSON that cannot be used; the message names the file, the entry and what to do.</summary>
public sealed class ToolkitConfigException(string message) : Exception(message);
