using System.Security.Cryptography;
using System.Text.Json;
using TorchSharp;

namespace CoSod.Models.Weights;

/// <summary>
/// Reads a weights file into a <see cref="StateDictionary"/>: PyTorch's zip and legacy torch.save formats (the
/// official GCoNet+, GCoNet, GICD and torchvision VGG16 files, unchanged) and safetensors. The format is told by
/// the first bytes, never by the extension. Whatever goes wrong surfaces as a <see cref="CheckpointException"/>
/// that names the file.
/// </summary>
/// <remarks>
/// Both torch formats go through one restricted unpickler (<see cref="PickleMachine"/>), which builds no Python
/// object and runs no code. TorchSharp.PyBridge 1.4.4's <c>PyTorchUnpickler</c> was tried and not used: it throws
/// NotImplementedException for the legacy format, returns its keys in a Hashtable's arbitrary order, and throws
/// InvalidOperationException ("Bytes() called on non-contiguous tensor") for a transposed tensor.
/// </remarks>
public static class CheckpointReader
{
    private const string RereadAdvice = "Download or copy the file again";

    public static StateDictionary Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new CheckpointException(path, "is a folder, not a file", "Pass the weights file itself");
        }

        if (!File.Exists(path))
        {
            throw new CheckpointException(path, "no such file", "Check the path given for the weights");
        }

        FileStream file;
        try
        {
            // FileShare.Read: nobody can rewrite the file between hashing it and reading it.
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, $"cannot be opened ({e.Message})", "Check that the file is readable", e);
        }

        using (file)
        {
            return Read(path, file);
        }
    }

    private static StateDictionary Read(string path, FileStream file)
    {
        if (file.Length == 0)
        {
            throw new CheckpointException(path, "is empty", RereadAdvice);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
        file.Position = 0;
        Span<byte> head = stackalloc byte[16];
        head = head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        file.Position = 0;
        var format = Detect(head) ?? throw new CheckpointException(
            path,
            $"is not a checkpoint format CoSOD Eval reads (it starts with {Convert.ToHexString(head[..Math.Min(8, head.Length)])}, "
            + "which is neither a zip archive as torch.save writes, a legacy torch.save pickle, nor a safetensors header)",
            "Pass a .pth/.pt file written by torch.save, or a .safetensors file");

        using var scope = torch.NewDisposeScope();
        try
        {
            var (entries, wrapper) = format switch
            {
                CheckpointFormat.TorchZip => TorchZipReader.Read(path, file),
                CheckpointFormat.TorchLegacy => TorchLegacyReader.Read(path, file),
                _ => (SafeTensorsFile.Read(path, file), null),
            };
            foreach (var (_, tensor) in entries)
            {
                tensor.DetachFromDisposeScope();
            }

            return new StateDictionary(Path.GetFullPath(path), format, sha256, wrapper, entries);
        }
        catch (CheckpointException)
        {
            throw;
        }
        catch (EndOfStreamException e)
        {
            throw new CheckpointException(path, $"is truncated: {e.Message}", RereadAdvice, e);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or OverflowException or FormatException
                                      or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new CheckpointException(path, $"is corrupt or truncated: {e.Message}", RereadAdvice, e);
        }
        catch (OutOfMemoryException e)
        {
            throw new CheckpointException(path, "needs more memory to read than is available", "Free some memory and retry", e);
        }
        catch (Exception e)
        {
            // Anything else a reader or libtorch throws: still name the file rather than crash with a stack trace.
            throw new CheckpointException(path, $"could not be read ({e.GetType().Name}: {e.Message})", RereadAdvice, e);
        }
    }

    /// <summary>The format the first bytes announce, or null.</summary>
    internal static CheckpointFormat? Detect(ReadOnlySpan<byte> head)
    {
        if (head is [0x50, 0x4B, 0x03, 0x04, ..])
        {
            return CheckpointFormat.TorchZip; // "PK\x03\x04", a zip local file header
        }

        // Before the pickle test: a safetensors header of 640 bytes starts 80 02 00 00, just as a protocol 2 pickle
        // does. The reverse cannot happen: a legacy torch.save file goes on 8A 0A (the 10-byte magic number), which
        // makes the header length far above the limit, and its ninth byte is not '{'.
        if (SafeTensorsFile.LooksLike(head))
        {
            return CheckpointFormat.SafeTensors;
        }

        if (head is [0x80, >= 2 and <= 5, ..])
        {
            return CheckpointFormat.TorchLegacy; // pickle PROTO opcode; torch.save writes protocol 2
        }

        return null;
    }
}
