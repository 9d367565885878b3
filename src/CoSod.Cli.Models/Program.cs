using CoSod.Cli;
using CoSod.Cli.Models;

// The model package's entry point: the base command line with predict and eval --model plugged in.
var interactive = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;
return CosodApp.Run(args, Console.Out, Console.Error, interactive, TorchModelSupport.Instance);
