using CoSod.Scale;

// cosod-scale decode-only --gt <root> --pred <root> [--threads N]
//   Reads every ground truth once and every method's map of it, as 'cosod eval' does with the pysodmetrics profile,
//   and scores nothing: the time floor under an evaluation of the same files.
// cosod-scale synthetic --out <folder> --pairs N [--methods M] [--width W --height H]
//   Writes an 8-bit grey CoSOD layout of N soft maps per method against binary masks (seeded, deterministic).
// cosod-scale real-masks --maps <folder of group folders> --out <folder>
//   The real maps as a dataset: masks made from the maps (blurred, thresholded), maps linked as one method.
// cosod-scale repeat --gt <root> --pred <root> --out <folder> --pairs N [--methods M]
//   Repeats a real dataset's pairs (symbolic links) into N pairs, its first method linked as M methods.
return args.Length == 0 ? Usage() : args[0] switch
{
    "decode-only" => DecodeOnly.Run(Arguments.Parse(args[1..])),
    "synthetic" => SyntheticLayout.Run(Arguments.Parse(args[1..])),
    "repeat" => RepeatedLayout.Run(Arguments.Parse(args[1..])),
    "real-masks" => RealMasks.Run(Arguments.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: cosod-scale decode-only|synthetic|repeat|real-masks ... (see Program.cs)");
    return 2;
}
