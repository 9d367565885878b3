using CoSod.Scale;

// cosod-scale decode-only --gt <root> --pred <root> [--threads N]
//   Reads every ground truth once and every method's map of it, as 'cosod eval' does with the pysodmetrics profile,
//   and scores nothing: the time floor under an evaluation of the same files.
// cosod-scale synthetic --out <folder> --pairs N [--methods M] [--width W --height H]
//   Writes an 8-bit grey CoSOD layout of N soft maps per method against binary masks (seeded, deterministic).
// cosod-scale repeat --gt <root> --pred <root> --out <folder> --pairs N
//   Repeats a real dataset's pairs (hard links) into N pairs spread over groups of the same size.
return args.Length == 0 ? Usage() : args[0] switch
{
    "decode-only" => DecodeOnly.Run(Arguments.Parse(args[1..])),
    "synthetic" => SyntheticLayout.Run(Arguments.Parse(args[1..])),
    "repeat" => RepeatedLayout.Run(Arguments.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: cosod-scale decode-only|synthetic|repeat ... (see Program.cs)");
    return 2;
}
