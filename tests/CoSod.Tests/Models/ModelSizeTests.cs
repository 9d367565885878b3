using CoSod.Models.Inference;
using CoSod.Models.Networks;

namespace CoSod.Tests.Models;

/// <summary>
/// The parameter counts and MiB the benchmarks' Params and Param MB columns show, against the totals of
/// models-spec.md (1.3, 2 and 3.4), which were counted from the official PyTorch modules and match the papers'
/// "70.3 MB", "541.7 MB" and "1060.7 MB".
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ModelSizeTests
{
    public static TheoryData<string, long, long, double> Totals => new()
    {
        // GCoNet+: 18,415,048 parameters = 70.25 MiB; with its 11,037 BatchNorm buffer elements 70.29 MiB ("70.3 MB").
        { "gconet-plus", 18_415_048, 11_037, 70.29 },

        // GCoNet (final_gconet.pth, no BatchNorm): 142,001,872 x 4 B = 541.694 MiB, which the spec rounds to 541.70
        // and the paper to "541.7 MB".
        { "gconet", 142_001_872, 0, 541.69 },

        // GICD: gicd_ginet.pth 139,686,572 + the ImageNet VGG16 co-classifier 138,357,544 = 1060.65 MiB ("1060.7 MB").
        { "gicd", 278_044_116, 0, 1060.65 },
    };

    [Theory]
    [MemberData(nameof(Totals))]
    public void Every_weight_file_element_is_counted_as_the_spec_says(
        string model, long parameters, long bufferElements, double mebibytes)
    {
        using var network = ModelCatalog.Find(model).Create();

        var size = ModelSize.Of(network);

        Assert.Equal(parameters, size.Parameters);
        Assert.Equal(bufferElements, size.BufferElements);
        Assert.Equal(mebibytes, size.Mebibytes, 0.005);
    }

    [Fact]
    public void GCoNetPlus_parameters_alone_are_the_spec_s_70_25_MiB()
    {
        using var network = new GCoNetPlus();

        Assert.Equal(70.25, ModelSize.Of(network).ParameterMebibytes, 0.005);
    }

    [Fact]
    public void The_official_forward_option_changes_no_count()
    {
        using var plain = new GCoNetPlus();
        using var official = new GCoNetPlus { OfficialForward = true };

        Assert.Equal(ModelSize.Of(plain), ModelSize.Of(official));
    }

    [Fact]
    public void Sizes_are_four_bytes_per_element_in_binary_mebibytes()
    {
        var size = new ModelSize(1 << 18, 1 << 18);

        Assert.Equal(1.0, size.ParameterMebibytes);
        Assert.Equal(2.0, size.Mebibytes);
        Assert.Equal(1L << 19, size.Elements);
    }
}
