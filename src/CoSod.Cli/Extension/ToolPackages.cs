namespace CoSod.Cli.Extension;

/// <summary>
/// The two .NET tool packages made from these sources (scripts/pack-tools.sh) and how to switch to the model package.
/// Both install the command <c>cosod</c>; the model package is a superset, so one of them is installed at a time.
/// </summary>
public static class ToolPackages
{
    /// <summary>Evaluation, reports, gate and check; no TorchSharp and no libtorch.</summary>
    public const string Base = "cosod";

    /// <summary>Everything in <see cref="Base"/> plus <c>predict</c> and <c>eval --model</c> (TorchSharp, libtorch).</summary>
    public const string WithModels = "cosod-models";

    /// <summary>Where scripts/pack-tools.sh puts both packages, relative to the clone.</summary>
    public const string DefaultFolder = "artifacts/packages";

    /// <summary>
    /// The exact commands that replace the base tool with the model package: the folder the packages were packed into
    /// when this build recorded one (scripts/pack-tools.sh does), else the clone-relative default.
    /// </summary>
    public static string SwitchToModelsCommand
    {
        get
        {
            var folder = typeof(ToolPackages).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
                .OfType<System.Reflection.AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "CosodPackageFolder" && !string.IsNullOrEmpty(a.Value))?.Value
                ?? DefaultFolder;
            return $"dotnet tool uninstall --global {Base} && dotnet tool install --global {WithModels} --add-source {folder}";
        }
    }
}
