namespace CoSod.Data.Datasets;

/// <summary>A dataset or prediction tree that cannot be used as given; the message says which folder and what to do.</summary>
public sealed class DatasetException(string message, Exception? inner = null) : Exception(message, inner);
