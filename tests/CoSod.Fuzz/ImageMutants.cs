using System.Buffers.Binary;
using System.Text;

namespace CoSod.Fuzz;

/// <summary>
/// The fuzz suite's inputs: named regression cases (every image finding of issue 11, built from its description) and
/// seeded random mutants of the seed images (byte and bit flips, truncations, insertions, and edits that know the
/// PNG chunks, JPEG markers and BMP header fields). Everything is a pure function of the seed files and the seed
/// number, so the committed oracle verdicts stay keyed to the same bytes.
/// </summary>
public static partial class ImageMutants
{
    /// <summary>The seed images, by file name, read from <paramref name="folder"/>.</summary>
    public static SortedDictionary<string, byte[]> LoadSeeds(string folder)
    {
        var seeds = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(".png", StringComparison.Ordinal) || name.EndsWith(".jpg", StringComparison.Ordinal) || name.EndsWith(".bmp", StringComparison.Ordinal))
            {
                seeds[name] = File.ReadAllBytes(path);
            }
        }

        return seeds;
    }

    /// <summary>The seeds folder next to the running assembly (the project copies it there).</summary>
    public static string SeedFolder => Path.Combine(AppContext.BaseDirectory, "Seeds");

    /// <summary>The corpus of the CI suite: the regressions, every seed as it is, and 300 mutants of seed 1.</summary>
    public static IReadOnlyList<FuzzCase> CiCorpus(IReadOnlyDictionary<string, byte[]> seeds) =>
        [.. Regressions(seeds), .. Originals(seeds), .. Random(seeds, 1, 300)];

    public static IEnumerable<FuzzCase> Originals(IReadOnlyDictionary<string, byte[]> seeds) =>
        seeds.Select(s => new FuzzCase("seed-" + Path.GetFileNameWithoutExtension(s.Key), Path.GetExtension(s.Key), s.Value));

    /// <summary>Each image finding of issue 11 as a file, named by what it is.</summary>
    public static IReadOnlyList<FuzzCase> Regressions(IReadOnlyDictionary<string, byte[]> seeds)
    {
        var cases = new List<FuzzCase>();

        // Finding 1: a palette PNG whose PLTE (6 entries) is shorter than its largest index (11); interlaced it read
        // pooled memory, non-interlaced it was scored with the wrong colours.
        foreach (var seed in new[] { "palette8_adam7.png", "palette8.png" })
        {
            var png = PngBytes.Parse(seeds[seed]);
            var plte = png.IndexOf("PLTE");
            png.Chunks[plte] = ("PLTE", png.Chunks[plte].Body[..18]);
            cases.Add(new($"regression-short-plte-{Stem(seed)}", ".png", png.ToBytes()));
        }

        // Finding 3, JPEG: a scan cut short with EOI appended; bytes flipped inside the scan; an SOF claiming
        // 10000 x 10000 in a file of under 4 KB.
        foreach (var seed in new[] { "grey.jpg", "colour420.jpg" })
        {
            var jpeg = seeds[seed];
            var scan = JpegBytes.Parse(jpeg).Scans[0];
            var cut = scan.Start + ((scan.End - scan.Start) * 3 / 5);
            cases.Add(new($"regression-jpeg-cut-with-eoi-{Stem(seed)}", ".jpg", [.. jpeg[..cut], 0xFF, 0xD9]));

            var flipped = (byte[])jpeg.Clone();
            for (var i = scan.Start + 20; i < scan.End - 20; i += 97)
            {
                flipped[i] = flipped[i] == 0x00 ? (byte)0x5A : (byte)(flipped[i] ^ 0x5A);
                if (flipped[i] == 0xFF)
                {
                    flipped[i] = 0x7E;
                }
            }

            cases.Add(new($"regression-jpeg-flipped-scan-{Stem(seed)}", ".jpg", flipped));
        }

        var bomb = (byte[])seeds["grey.jpg"].Clone();
        var frame = JpegBytes.Parse(bomb).Frame();
        BinaryPrimitives.WriteUInt16BigEndian(bomb.AsSpan(frame.Offset + 5), 10000);
        BinaryPrimitives.WriteUInt16BigEndian(bomb.AsSpan(frame.Offset + 7), 10000);
        cases.Add(new("regression-jpeg-sof-10000x10000", ".jpg", bomb));

        // Finding 3, PNG: one bit flipped inside a deflate block so that inflate still succeeds, the Adler-32 left
        // stale and the chunk CRC recomputed (a stored block, and a Huffman-coded one at a bit that still inflates).
        cases.Add(new("regression-png-stale-adler-stored", ".png", FlipImageDataBit(seeds["grey8_stored.png"], 200 * 8 + 3)));
        cases.Add(new("regression-png-stale-adler-huffman", ".png", FlipImageDataBit(seeds["grey8.png"], StaleAdlerHuffmanBit)));

        // The same with the Adler-32 in an IDAT of its own: libpng then meets the bad check only after the last row,
        // warns and decodes (OpenCV returns the image), and Pillow never reads it.
        {
            var png = PngBytes.Parse(FlipImageDataBit(seeds["grey8.png"], StaleAdlerHuffmanBit));
            var stream = png.ImageData();
            png.SetImageData(stream[..^4], stream[^4..]);
            cases.Add(new("regression-png-stale-adler-own-chunk", ".png", png.ToBytes()));
        }

        // PNGs libpng refuses: a PLTE of 266 entries; a PLTE length not a multiple of 3; an unknown critical chunk;
        // a text chunk between two IDATs; a zlib stream without its Adler-32.
        {
            var png = PngBytes.Parse(seeds["palette8.png"]);
            var plte = png.IndexOf("PLTE");
            var body = new byte[266 * 3];
            for (var i = 0; i < body.Length; i++)
            {
                body[i] = (byte)(i * 7);
            }

            png.Chunks[plte].Body.CopyTo(body, 0);
            png.Chunks[plte] = ("PLTE", body);
            cases.Add(new("regression-png-plte-266-entries", ".png", png.ToBytes()));

            png = PngBytes.Parse(seeds["palette8.png"]);
            png.Chunks[plte] = ("PLTE", [.. png.Chunks[plte].Body, 0x42]);
            cases.Add(new("regression-png-plte-length-not-multiple-of-3", ".png", png.ToBytes()));
        }

        {
            var png = PngBytes.Parse(seeds["grey8.png"]);
            png.Chunks.Insert(png.IndexOf("IDAT"), ("CRIT", Encoding.ASCII.GetBytes("an unknown critical chunk")));
            cases.Add(new("regression-png-unknown-critical-chunk", ".png", png.ToBytes()));

            png = PngBytes.Parse(seeds["grey8.png"]);
            var idats = png.IndicesOf("IDAT");
            png.Chunks.Insert(idats[1], ("tEXt", Encoding.ASCII.GetBytes("Comment\0between the image data chunks")));
            cases.Add(new("regression-png-text-between-idats", ".png", png.ToBytes()));

            png = PngBytes.Parse(seeds["grey8.png"]);
            var stream = png.ImageData();
            png.SetImageData(stream[..^4]);
            cases.Add(new("regression-png-missing-adler32", ".png", png.ToBytes()));
        }

        // BMPs OpenCV and Pillow both refuse: 7 and 2 bits per pixel, a partial RLE4; and the 16-bit 555 BMP that
        // was a few levels off OpenCV.
        foreach (var bits in new ushort[] { 7, 2 })
        {
            var bmp = (byte[])seeds["grey8.bmp"].Clone();
            BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(28), bits);
            cases.Add(new($"regression-bmp-{bits}-bits-per-pixel", ".bmp", bmp));
        }

        cases.Add(new("regression-bmp-partial-rle4", ".bmp", PartialRle(seeds["rle4.bmp"])));
        cases.Add(new("regression-bmp-16-bit-555", ".bmp", seeds["rgb555.bmp"]));

        // Finding 6: a 16-bit RGBA PNG of under a megabyte that declares (and holds) 10000 x 10000 pixels, and a
        // 100-megapixel 8-bit grey PNG of about 100 KB.
        cases.Add(new("regression-png-rgba16-10000x10000", ".png", ZeroPng(10000, 10000, 16, 6)));
        cases.Add(new("regression-png-grey8-10000x10000", ".png", ZeroPng(10000, 10000, 8, 0)));
        return cases;
    }

    /// <summary>A bit of grey8.png's zlib stream whose flip still inflates to every row (found once, fixed here).</summary>
    public const int StaleAdlerHuffmanBit = 4000;

    /// <summary><paramref name="count"/> mutants of the seeds from seed number <paramref name="seed"/>, seeds taken in turn.</summary>
    public static IEnumerable<FuzzCase> Random(IReadOnlyDictionary<string, byte[]> seeds, ulong seed, int count)
    {
        var names = seeds.Keys.Order(StringComparer.Ordinal).ToArray();
        var rng = new SplitMix64(seed);
        for (var i = 0; i < count; i++)
        {
            var name = names[i % names.Length];
            var data = seeds[name];
            var (kind, bytes) = Path.GetExtension(name) switch
            {
                ".png" when rng.Chance(60) => PngEdit(data, rng),
                ".jpg" when rng.Chance(60) => JpegEdit(data, rng),
                ".bmp" when rng.Chance(60) => BmpEdit(data, rng),
                _ => ByteEdit(data, rng),
            };
            yield return new FuzzCase($"{kind}-{Stem(name)}-{seed}-{i:D5}", Path.GetExtension(name), bytes);
        }
    }

    private static string Stem(string name) => Path.GetFileNameWithoutExtension(name);

    private static byte[] FlipImageDataBit(byte[] seed, int bit)
    {
        var png = PngBytes.Parse(seed);
        var stream = png.ImageData();
        stream[bit / 8] ^= (byte)(1 << (bit % 8));
        png.SetImageData(stream);
        return png.ToBytes();
    }

    /// <summary>The RLE4 seed's data ended with end-of-bitmap after half its rows.</summary>
    private static byte[] PartialRle(byte[] seed)
    {
        var offset = BinaryPrimitives.ReadInt32LittleEndian(seed.AsSpan(10));
        var rows = 0;
        var i = offset;
        for (; i + 1 < seed.Length; i += 2)
        {
            if (seed[i] == 0 && seed[i + 1] == 0 && ++rows == 14)
            {
                break;
            }

            if (seed[i] == 0 && seed[i + 1] > 2)
            {
                var count = seed[i + 1];
                var bytes = (count + 1) / 2;
                i += bytes + (bytes % 2);
            }
        }

        var result = seed[..(i + 2)].Concat(new byte[] { 0, 1 }).ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(2), result.Length);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(34), result.Length - offset);
        return result;
    }

    private static byte[] ZeroPng(int width, int height, int depth, int colourType)
    {
        var channels = colourType switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => 1 };
        var rowBytes = 1 + ((long)width * channels * depth / 8);
        var png = new List<byte>(PngBytes.Chunk("IHDR", PngBytes.Header(width, height, depth, colourType, 0)));
        var stream = ZeroStream.Zlib(rowBytes * height);
        using var output = new MemoryStream();
        output.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        output.Write(png.ToArray());
        output.Write(PngBytes.Chunk("IDAT", stream));
        output.Write(PngBytes.Chunk("IEND", []));
        return output.ToArray();
    }

    // ---------------------------------------------------------------- format-blind edits

    private static (string Kind, byte[] Bytes) ByteEdit(byte[] data, SplitMix64 rng)
    {
        var bytes = (byte[])data.Clone();
        switch (rng.Below(7))
        {
            case 0:
                var bit = rng.Below(bytes.Length * 8);
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                return ("bitflip", bytes);
            case 1:
                for (var n = rng.Between(1, 5); n > 0; n--)
                {
                    bytes[rng.Below(bytes.Length)] = rng.Byte();
                }

                return ("bytes", bytes);
            case 2:
                return ("truncate", bytes[..rng.Between(1, bytes.Length)]);
            case 3:
                var at = rng.Below(bytes.Length + 1);
                var inserted = Enumerable.Range(0, rng.Between(1, 17)).Select(_ => rng.Byte()).ToArray();
                return ("insert", [.. bytes[..at], .. inserted, .. bytes[at..]]);
            case 4:
                var start = rng.Below(bytes.Length);
                var end = Math.Min(bytes.Length, start + rng.Between(1, 64));
                return ("delete", [.. bytes[..start], .. bytes[end..]]);
            case 5:
                var from = rng.Below(bytes.Length);
                var span = bytes[from..Math.Min(bytes.Length, from + rng.Between(1, 64))];
                var to = rng.Below(bytes.Length + 1);
                return ("duplicate", [.. bytes[..to], .. span, .. bytes[to..]]);
            default:
                // Bytes that matter more often than others in headers.
                bytes[rng.Below(Math.Min(bytes.Length, 64))] = rng.Pick<byte>([0x00, 0x01, 0x02, 0x07, 0x08, 0x10, 0x7F, 0x80, 0xFE, 0xFF]);
                return ("header-byte", bytes);
        }
    }
}
