using CoSod.Fuzz;

// cosod-fuzz write <folder> [ci | long <seed> <count>]: writes a corpus (one file per case, named by the case) and
// cases.tsv (name, file, sha256) for the oracle script. The long campaign is scripts/fuzz-long.sh.
if (args.Length >= 2 && args[0] == "write")
{
    var folder = Directory.CreateDirectory(args[1]).FullName;
    var seeds = ImageMutants.LoadSeeds(ImageMutants.SeedFolder);
    IReadOnlyList<FuzzCase> cases = args.Length >= 5 && args[2] == "long"
        ? [.. ImageMutants.Regressions(seeds), .. ImageMutants.Originals(seeds), .. ImageMutants.Random(seeds, ulong.Parse(args[3]), int.Parse(args[4]))]
        : ImageMutants.CiCorpus(seeds);
    using var index = new StreamWriter(Path.Combine(folder, "cases.tsv"));
    foreach (var c in cases)
    {
        File.WriteAllBytes(Path.Combine(folder, c.FileName), c.Bytes);
        index.WriteLine($"{c.Name}\t{c.FileName}\t{c.Sha256}");
    }

    Console.WriteLine($"{cases.Count} cases written to {folder}");
    return 0;
}

if (args.Length >= 5 && args[0] == "campaign")
{
    // cosod-fuzz campaign <corpus folder> <oracle.json> <cosod.dll> <results folder> [cli-every]
    return Campaign.Run(args[1], args[2], args[3], args[4], args.Length > 5 ? int.Parse(args[5]) : 1, Console.Out);
}

Console.Error.WriteLine("usage: cosod-fuzz write <folder> [ci | long <seed> <count>] | campaign <corpus> <oracle.json> <cosod.dll> <results> [cli-every]");
return 2;
