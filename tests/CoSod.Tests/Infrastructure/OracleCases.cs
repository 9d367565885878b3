using System.Text.Json;

namespace CoSod.Tests.Infrastructure;

/// <summary>Theory rows taken from an oracle file of the bundled sample.</summary>
public static class OracleCases
{
    /// <summary>
    /// Every (dataset, method) pair of an expected.*.json (its "datasets" -> "methods" objects), in file order.
    /// If the bundled sample is missing, one placeholder row whose test then fails on the missing folder.
    /// </summary>
    public static TheoryData<string, string> DatasetMethodPairs(Func<JsonDocument> expected)
    {
        var data = new TheoryData<string, string>();
        if (!SharedFixtures.SynthAvailable)
        {
            data.Add("-", "-");
            return data;
        }

        foreach (var dataset in expected().RootElement.GetProperty("datasets").EnumerateObject())
        {
            foreach (var method in dataset.Value.GetProperty("methods").EnumerateObject())
            {
                data.Add(dataset.Name, method.Name);
            }
        }

        return data;
    }
}
