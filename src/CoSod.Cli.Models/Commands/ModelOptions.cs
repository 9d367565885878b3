using System.CommandLine;
using CoSod.Cli;
using CoSod.Models.Inference;
using CoSod.Models.Weights;

namespace CoSod.Cli.Models.Commands;

/// <summary>The options that pick and load a network, shared by <c>cosod predict</c> and <c>cosod eval --model</c>.</summary>
internal sealed class ModelOptions
{
    public ModelOptions(bool required)
    {
        Model = new Option<string?>("--model")
        {
            Description = "Network to run: " + string.Join(", ", ModelCatalog.Names),
            Required = required,
        };
        Model.AcceptOnlyFromAmong([.. ModelCatalog.Names]);
        Weights = new Option<string?>("--weights")
        {
            Description = "Official checkpoint (.pth, zip or legacy format, or .safetensors); read as published, never downloaded",
        };
        Vgg = new Option<string?>("--vgg")
        {
            Description = "gicd only: torchvision's ImageNet VGG16 checkpoint (vgg16-397923af.pth)",
        };
        Images = new Option<string?>("--images")
        {
            Description = "Input images: <images>/<Dataset>/[Image/]<group>/<stem>.<jpg|png|...> (with --model the network's input; with --pred read only by metrics that need the image, such as ccm)",
            Required = required,
        };
        Device = new Option<string>("--device")
        {
            Description = "cpu, or cuda in a build made with -p:TorchBackend=cuda",
            DefaultValueFactory = _ => "cpu",
        };
        Device.AcceptOnlyFromAmong([.. ComputeDevice.Names]);
        OfficialForward = new Option<bool>("--official-forward")
        {
            Description = "gconet-plus only: also run the official forward's dead branches (classifier, RACM second backbone pass); same maps, about twice the time",
        };
    }

    public Option<string?> Model { get; }

    public Option<string?> Weights { get; }

    public Option<string?> Vgg { get; }

    public Option<string?> Images { get; }

    public Option<string> Device { get; }

    public Option<bool> OfficialForward { get; }

    public IEnumerable<Option> All => [Model, Weights, Vgg, Images, Device, OfficialForward];

    /// <summary>The options eval adds for a live model; eval has its own --images (metrics such as ccm read it too).</summary>
    public IReadOnlyList<Option> ForEval => [Model, Weights, Vgg, Device, OfficialForward];

    /// <summary>Loads the chosen network; on failure writes one clear line and returns null.</summary>
    public LoadedModel? Load(ParseResult parse, int threads, CliContext context, bool verbose)
    {
        var description = ModelCatalog.Find(parse.GetValue(Model)!);
        var files = new List<string>();
        if (parse.GetValue(Weights) is { } weights)
        {
            files.Add(weights);
        }
        else
        {
            context.Error.WriteLine($"cosod: --model {description.Name} needs --weights: {description.WeightFiles[0]}. See README (Models) for where to get it.");
            return null;
        }

        var vgg = parse.GetValue(Vgg);
        if (description.WeightFiles.Count > 1)
        {
            if (vgg is null)
            {
                context.Error.WriteLine($"cosod: --model {description.Name} also needs {description.WeightFiles[1]}.");
                return null;
            }

            files.Add(vgg);
        }
        else if (vgg is not null)
        {
            context.Error.WriteLine($"cosod: --vgg applies to --model gicd only.");
            return null;
        }

        var official = parse.GetValue(OfficialForward);
        if (official && description.Kind != CoSod.Models.Networks.ModelKind.GCoNetPlus)
        {
            context.Error.WriteLine("cosod: --official-forward applies to --model gconet-plus only.");
            return null;
        }

        try
        {
            var model = LoadedModel.Load(description, files, parse.GetValue(Device)!, threads);
            if (model.Network is CoSod.Models.Networks.GCoNetPlus plus)
            {
                plus.OfficialForward = official;
            }

            return model;
        }
        catch (Exception e) when (e is ModelSetupException or CheckpointException)
        {
            context.Error.WriteLine("cosod: " + e.Message);
            if (verbose)
            {
                context.Error.WriteLine(e.ToString());
            }

            return null;
        }
    }
}
