using CoSod.Cli;

var interactive = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;
return CosodApp.Run(args, Console.Out, Console.Error, interactive);
