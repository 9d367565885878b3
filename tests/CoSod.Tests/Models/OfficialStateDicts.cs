using System.Globalization;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Models;

/// <summary>One entry of an official state dict: key, shape and whether it is the int64 BatchNorm counter.</summary>
public sealed record StateDictEntry(string Key, long[] Shape)
{
    public bool IsNumBatchesTracked => Key.EndsWith("num_batches_tracked", StringComparison.Ordinal);
}

/// <summary>
/// The official key lists with shapes, ../shared/docs/state-dicts/*.txt, by the names
/// scripts/make-test-checkpoints.py gives the models.
/// </summary>
public static class OfficialStateDicts
{
    /// <summary>(name, listing, value of its "file" column or null, entry count).</summary>
    public static readonly (string Name, string Listing, string? File, int Count)[] Models =
    [
        ("gconet_plus", "gconet_plus_state_dict.txt", null, 237),
        ("gconet", "gconet_state_dict.txt", null, 110),
        ("gicd_ginet", "gicd_state_dict.txt", "gicd_ginet.pth", 92),
        ("vgg16", "gicd_state_dict.txt", "vgg16-397923af.pth", 32),
    ];

    public static IReadOnlyList<StateDictEntry> Read(string model)
    {
        var (_, listing, file, _) = Models.Single(m => m.Name == model);
        var entries = new List<StateDictEntry>();
        foreach (var line in File.ReadLines(SharedFixtures.Under("docs", "state-dicts", listing)))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var columns = line.Split('\t');
            if (file is not null)
            {
                if (columns[0] != file)
                {
                    continue;
                }

                columns = columns[1..];
            }

            var shape = columns[1].Trim('(', ')')
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(d => long.Parse(d, CultureInfo.InvariantCulture))
                .ToArray();
            entries.Add(new StateDictEntry(columns[0], shape));
        }

        return entries;
    }
}
