using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CoSod.Evaluation.Caching;

/// <summary>
/// The bytes of one entry file, little-endian:
/// <code>
/// magic "COSODSC\0" (8) | format version (int32) | SHA-256 of the key text (32) | key text length (int32) | key text (UTF-8)
/// | payload length (int32) | payload | SHA-256 of every byte before it (32)
/// </code>
/// The payload is the Resized flag (one byte, 0 or 1) then the profile's <c>SerializeScores</c> bytes.
/// </summary>
internal static class ScoreCacheEntry
{
    public const int FormatVersion = 1;

    private const int ChecksumLength = 32;

    private static ReadOnlySpan<byte> Magic => "COSODSC\0"u8;

    public static byte[] Encode(ScoreKey key, ReadOnlySpan<byte> payload, int formatVersion = FormatVersion)
    {
        var keyText = Encoding.UTF8.GetBytes(key.Text);
        var length = Magic.Length + 4 + 32 + 4 + keyText.Length + 4 + payload.Length + ChecksumLength;
        var bytes = new byte[length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        var at = Magic.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], formatVersion);
        at += 4;
        Convert.FromHexString(key.Hash).CopyTo(span[at..]);
        at += 32;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], keyText.Length);
        at += 4;
        keyText.CopyTo(span[at..]);
        at += keyText.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], payload.Length);
        at += 4;
        payload.CopyTo(span[at..]);
        at += payload.Length;
        SHA256.HashData(span[..at], span[at..]);
        return bytes;
    }

    /// <summary>The payload of a sound entry for <paramref name="key"/>, or why the bytes cannot be trusted.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, ScoreKey key, out ReadOnlySpan<byte> payload, out string problem)
    {
        payload = default;
        if (bytes.Length < Magic.Length + 4)
        {
            problem = $"truncated ({bytes.Length} bytes)";
            return false;
        }

        if (!bytes[..Magic.Length].SequenceEqual(Magic))
        {
            problem = "not a cosod cache entry (no COSODSC header)";
            return false;
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes[Magic.Length..]);
        if (version != FormatVersion)
        {
            problem = $"format version {version}, this build reads version {FormatVersion}";
            return false;
        }

        var minimum = Magic.Length + 4 + 32 + 4 + 4 + ChecksumLength;
        if (bytes.Length < minimum)
        {
            problem = $"truncated ({bytes.Length} bytes)";
            return false;
        }

        var body = bytes[..^ChecksumLength];
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        SHA256.HashData(body, checksum);
        if (!checksum.SequenceEqual(bytes[^ChecksumLength..]))
        {
            problem = "checksum mismatch (truncated or garbled)";
            return false;
        }

        var at = Magic.Length + 4;
        var storedHash = Convert.ToHexStringLower(body.Slice(at, 32));
        at += 32;
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(body[at..]);
        at += 4;
        if (keyLength < 0 || keyLength > body.Length - at - 4)
        {
            problem = "malformed (key length out of range)";
            return false;
        }

        var storedKey = Encoding.UTF8.GetString(body.Slice(at, keyLength));
        at += keyLength;
        var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(body[at..]);
        at += 4;
        if (payloadLength != body.Length - at)
        {
            problem = "malformed (payload length does not match the file)";
            return false;
        }

        if (!string.Equals(storedHash, key.Hash, StringComparison.Ordinal)
            || !string.Equals(storedKey, key.Text, StringComparison.Ordinal)
            || !string.Equals(ScoreKeyScope.HashText(storedKey), storedHash, StringComparison.Ordinal))
        {
            problem = "holds another key than its file name says (hash/key mismatch)";
            return false;
        }

        payload = body[at..];
        problem = "";
        return true;
    }
}
