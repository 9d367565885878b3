using System.Security.Cryptography;

namespace CoSod.Fuzz;

/// <summary>One generated input: a name that says how it was made, the file extension it is saved under, its bytes.</summary>
public sealed record FuzzCase(string Name, string Extension, byte[] Bytes)
{
    /// <summary>SHA-256 of the bytes (lower-case hex): the key of the case's oracle verdicts.</summary>
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Bytes));

    /// <summary>The file name the case is written under: its name, made safe for a file system.</summary>
    public string FileName => string.Concat(Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')) + Extension;
}
