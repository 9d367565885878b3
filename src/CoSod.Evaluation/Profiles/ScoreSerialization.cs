namespace CoSod.Evaluation.Profiles;

/// <summary>
/// Array fields of the families' cache records (<see cref="Families.MetricFamily{TPair, TRecord}.Write"/>): a length, then
/// the values, little-endian, floats bit for bit. Reading checks the length and turns a wrong one into an
/// <see cref="InvalidDataException"/>.
/// </summary>
internal static class ScoreSerialization
{
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

    public static void WriteDoubles(BinaryWriter writer, IReadOnlyList<double> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    public static double[] ReadDoubles(BinaryReader reader, int expectedLength)
    {
        var values = new double[ReadLength(reader, expectedLength)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadDouble();
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
