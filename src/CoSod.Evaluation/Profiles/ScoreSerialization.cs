using System.Text;

namespace CoSod.Evaluation.Profiles;

/// <summary>
/// The little binary codec the profiles' <see cref="EvaluationProfile.SerializeScores"/> and
/// <see cref="EvaluationProfile.DeserializeScores"/> share: <see cref="BinaryWriter"/> little-endian fields (doubles and
/// floats bit for bit, NaN payloads included), arrays as a length then the values. Reading demands every byte be used
/// and turns any malformed payload into an <see cref="InvalidDataException"/>.
/// </summary>
internal static class ScoreSerialization
{
    public static byte[] Write(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">The payload is short, long, or holds values the scores type refuses.</exception>
    public static T Read<T>(ReadOnlySpan<byte> payload, string what, Func<BinaryReader, T> read)
    {
        using var stream = new MemoryStream(payload.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        T value;
        try
        {
            value = read(reader);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"not valid {what} scores ({e.Message})", e);
        }

        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException($"not valid {what} scores ({stream.Length - stream.Position} trailing bytes)");
        }

        return value;
    }

    public static void WriteInts(BinaryWriter writer, IReadOnlyList<int> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    public static int[] ReadInts(BinaryReader reader, int expectedLength)
    {
        var values = new int[ReadLength(reader, expectedLength)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt32();
        }

        return values;
    }

    public static void WriteFloats(BinaryWriter writer, IReadOnlyList<float> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    public static float[] ReadFloats(BinaryReader reader, int expectedLength)
    {
        var values = new float[ReadLength(reader, expectedLength)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadSingle();
        }

        return values;
    }

    private static int ReadLength(BinaryReader reader, int expectedLength)
    {
        var length = reader.ReadInt32();
        return length == expectedLength
            ? length
            : throw new InvalidDataException($"an array of {length} values where {expectedLength} are expected");
    }
}
