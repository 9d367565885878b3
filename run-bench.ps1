<#
.SYNOPSIS
    Runs the BenchmarkDotNet benchmarks of benchmarks/CoSod.Benchmarks in Release, records them under results/bench/ and
    draws the speed-vs-accuracy bubble chart.

.DESCRIPTION
    PowerShell 7 is a .NET local tool of this repository (.config/dotnet-tools.json), so no system package is needed:

        dotnet tool restore
        dotnet pwsh run-bench.ps1 -Quick

    The script builds the benchmark project and the cosod CLI in Release, then runs BenchmarkDotNet (default
    out-of-process toolchain, `--exporters json csv github --artifacts <temporary folder>`) twice: the metric,
    decoding, end-to-end and pre-processing benchmarks with the ShortRun job, and the model latency benchmarks
    (ModelLatency: GCoNet+, GCoNet+ with the official forward's dead branches, GCoNet and GICD; groups of 2 and 8 at
    each model's native size, and CoSOD_fps_collection's 256x256 batch 8) with a job of their own, because one forward
    pass takes seconds on a CPU: `--strategy Monitoring --launchCount 1 --warmupCount W --iterationCount I
    --invocationCount 1 --unrollFactor 1` (no jitting, pilot or overhead stages; W untimed warm-up calls, then I timed
    calls, in one process per case; W and I under -Quick and -Device).

    It copies the JSON, CSV and GitHub-Markdown exports to results/bench/<yyyy-MM-dd>-<machine>/ (UTC date; a later run
    on the same day and machine replaces that folder's contents) with run.json (the run's settings and machine) and
    model-speed.json (the model rows: ms per group, images/s, parameters, MB), draws
    speed-accuracy-<Dataset>-<Metric>.png and .svg there with `cosod speed-chart` (x = measured images/s at the fps
    protocol, y = -ChartMetric on -ChartDataset from -Metrics, bubble area = parameter MB), and writes
    results/bench/latest.md: machine, OS, CPU/GPU, threads, TorchSharp and libtorch versions, the model table, the
    pre-processing table, the metric table and the chart. The temporary folder is removed on success and kept (its
    path is printed) on failure; latest.md is only rewritten when every benchmark succeeded.

    Measured durations on the 2-core machine of results/bench/latest.md (AMD EPYC, Debian 12, no GPU), 2026-11-25:
      - the whole -Quick run: 5.3 minutes on a quiet machine (load average below 2), builds included: metric,
        decoding, end-to-end and pre-processing benchmarks 3.3 minutes (24 cases), model benchmarks 1.8 minutes;
      - the model benchmarks alone (-Quick -Filter '*ModelLatency*'): 1.7 minutes for the 10 cases, 1.9 minutes for
        the whole script; a single forward pass took 0.4-0.7 s for a group of 2 and 2.3-3.7 s for a group of 8;
      - the same 10 cases with the same job run straight through BenchmarkDotNet while other builds and tests ran
        (load average 7-14): 6.5 minutes, single calls up to 10 times slower. libtorch's threads suffer most from a
        shared CPU: run on a quiet machine, and compare numbers within one run only.
    Without -Quick, expect about twice those times.

.PARAMETER Scale
    Runs the scale benchmark instead (scripts/bench-scale.ps1, issue 15): `cosod eval` on synthetic and real datasets
    of 1k, 5k and 20k pairs, one and three methods, one and two threads, with and without a 256 MB GC heap limit,
    beside decode-only and PySODEvalToolkit's eval.py on the same files (-Toolkit and -PySodMetrics: checkouts of
    lartpang/PySODEvalToolkit and lartpang/PySODMetrics, run with Debian's python3 packages; without them the anchor
    rows are left out). Writes results/bench-scale/. About an hour on the 2-core machine (dataset writing included).

.PARAMETER Toolkit
    With -Scale: a PySODEvalToolkit checkout (a52dbcc) for the anchor rows.

.PARAMETER PySodMetrics
    With -Scale: a PySODMetrics checkout (1.6.2, ac5b1fc) on the anchor's PYTHONPATH.

.PARAMETER Quick
    Metric and pre-processing benchmarks: BenchmarkDotNet's ShortRun job (1 launch, 3 warm-up and 3 measured
    iterations per case). Model benchmarks on the CPU: 1 warm-up call and 3 measured calls per case; on CUDA: 10 and
    30. Without -Quick: ShortRun with 7 measured iterations (the protocol of results/bench-metrics/summary.md), and
    for the models 2 warm-up and 7 measured calls on the CPU, 10 and 100 on CUDA (models-spec.md section 5 asks for at
    least 10 warm-up and 100 timed calls on a GPU).

.PARAMETER Filter
    BenchmarkDotNet --filter glob(s) over Namespace.Class.Method, e.g. '*MetricKernels*' or '*ModelLatency*' (default
    '*': everything). Passed to BenchmarkDotNet verbatim (never expanded against file names); the script asks
    BenchmarkDotNet which benchmarks match and gives the model ones their own job.

.PARAMETER Device
    cpu (default) or cuda: where the model benchmarks run (environment variable COSOD_BENCH_DEVICE, which every
    benchmark process inherits). cuda also builds with -p:TorchBackend=cuda (the TorchSharp-cuda-linux package, which
    the NuGet feed must serve) and needs an NVIDIA driver; without CUDA the model benchmarks stop at their setup with
    the error of CoSod.Models' ComputeDevice.Resolve. Every other benchmark runs on the CPU, one thread. Untested on
    this project's machine, which has no GPU.

.PARAMETER Threads
    libtorch intra-op threads of the model benchmarks (torch.set_num_threads, through COSOD_BENCH_THREADS). Default:
    every logical core. Recorded in the tables.

.PARAMETER Metrics
    The metrics.json whose scores are the chart's y axis (default results/papers/published-metrics.json: the
    papers' own published figures, not measured here). Any 'cosod eval' output works; methods are matched by name
    (GCoNet+, GCoNet, GICD), and a model without the score is left off the chart and named in latest.md.

.PARAMETER ChartDataset
    The dataset of the chart's scores (default CoCA).

.PARAMETER ChartMetric
    The metric on the chart's y axis (default Sm, the S-measure; also MAE, Fm.max, Em.max, wFm, ...).

.EXAMPLE
    dotnet pwsh run-bench.ps1 -Quick -Filter '*MetricKernels*'

.EXAMPLE
    dotnet pwsh run-bench.ps1 -Quick -Filter '*ModelLatency*' -Threads 2 -Metrics out/metrics.json -ChartMetric MAE
#>
[CmdletBinding()]
param(
    [switch] $Quick,
    [string[]] $Filter = @('*'),
    [ValidateSet('cpu', 'cuda')]
    [string] $Device = 'cpu',
    [ValidateRange(0, 4096)]
    [int] $Threads = 0,
    [string] $Metrics = 'results/papers/published-metrics.json',
    [string] $ChartDataset = 'CoCA',
    [string] $ChartMetric = 'Sm',
    [switch] $Scale,
    [string] $Toolkit = '',
    [string] $PySodMetrics = ''
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
if ($Scale) {
    & (Join-Path $PSScriptRoot 'scripts/bench-scale.ps1') -Toolkit $Toolkit -PySodMetrics $PySodMetrics
    exit $LASTEXITCODE
}
if ([Console]::IsOutputRedirected) {
    $PSStyle.OutputRendering = 'PlainText'
}

$invariant = [System.Globalization.CultureInfo]::InvariantCulture
$root = $PSScriptRoot
$project = 'benchmarks/CoSod.Benchmarks/CoSod.Benchmarks.csproj'
$cliProject = 'src/CoSod.Cli/CoSod.Cli.csproj'

# The model benchmark class (benchmarks/CoSod.Benchmarks/ModelLatency.cs) and the pre-processing one; their rows get
# tables of their own. The official-forward variant's label ends with ModelChoice.OfficialSuffix and shares GCoNet+'s
# scores.
$modelClass = 'ModelLatency'
$preprocessingClass = 'ModelPreprocessing'
$officialSuffix = ' (official)'

# Native commands are started through Process with an argument list: PowerShell on Unix expands '*' in native-command
# arguments against the current folder, even when the argument comes from a variable, which would turn --filter '*'
# into a list of file names. The child processes inherit this process's environment (COSOD_BENCH_*, TorchBackend).
function Invoke-Native([string] $File, [string[]] $Arguments) {
    $info = [System.Diagnostics.ProcessStartInfo]::new($File)
    foreach ($argument in $Arguments) {
        $info.ArgumentList.Add($argument)
    }

    $info.UseShellExecute = $false
    $info.WorkingDirectory = $root
    $process = [System.Diagnostics.Process]::Start($info)
    $process.WaitForExit()
    return $process.ExitCode
}

# A command's exit code and standard output and error, or $null when it cannot be started.
function Get-NativeOutput([string] $File, [string[]] $Arguments) {
    try {
        $info = [System.Diagnostics.ProcessStartInfo]::new($File)
        foreach ($argument in $Arguments) {
            $info.ArgumentList.Add($argument)
        }

        $info.UseShellExecute = $false
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.WorkingDirectory = $root
        $process = [System.Diagnostics.Process]::Start($info)
        $errorTask = $process.StandardError.ReadToEndAsync()
        $text = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        return [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $text; Error = $errorTask.GetAwaiter().GetResult() }
    }
    catch {
        return $null
    }
}

# The first line of a command's standard output, or $null when the command is missing or fails.
function Get-NativeLine([string] $File, [string[]] $Arguments) {
    $result = Get-NativeOutput $File $Arguments
    if (-not $result -or $result.ExitCode -ne 0) {
        return $null
    }

    return ($result.Output -split "`n" | Where-Object { $_.Trim() } | Select-Object -First 1)?.Trim()
}

# A time in nanoseconds, in the unit BenchmarkDotNet would pick.
function Format-Time([double] $Nanoseconds) {
    if ($Nanoseconds -ge 1e9) { return ($Nanoseconds / 1e9).ToString('#,##0.00', $invariant) + ' s' }
    if ($Nanoseconds -ge 1e6) { return ($Nanoseconds / 1e6).ToString('#,##0.000', $invariant) + ' ms' }
    if ($Nanoseconds -ge 1e3) { return ($Nanoseconds / 1e3).ToString('#,##0.0', $invariant) + ' µs' }
    return $Nanoseconds.ToString('#,##0.0', $invariant) + ' ns'
}

function Format-Bytes([double] $Bytes) {
    if ($Bytes -ge 1MB) { return ($Bytes / 1MB).ToString('#,##0.00', $invariant) + ' MB' }
    if ($Bytes -ge 1KB) { return ($Bytes / 1KB).ToString('#,##0.0', $invariant) + ' KB' }
    return $Bytes.ToString('#,##0', $invariant) + ' B'
}

function Format-Minutes([TimeSpan] $Elapsed) {
    return $Elapsed.TotalMinutes.ToString('0.0', $invariant) + ' min'
}

# A number the benchmarks' custom columns wrote with the invariant culture ("18,415,048", "70.29"), or $null for NA.
function ConvertFrom-ColumnNumber([string] $Text) {
    if (-not $Text -or $Text -eq 'NA') {
        return $null
    }

    return [double]::Parse($Text, [System.Globalization.NumberStyles]::Number, $invariant)
}

# "Group=2&Model=GCoNet+ (official)&Size=256" as a hashtable.
function ConvertFrom-Parameters([string] $Text) {
    $values = @{}
    foreach ($pair in ($Text -split '&')) {
        $at = $pair.IndexOf('=')
        if ($at -gt 0) {
            $values[$pair.Substring(0, $at)] = $pair.Substring($at + 1)
        }
    }

    return $values
}

# The version Directory.Packages.props pins for a package, or $null.
function Get-PinnedVersion([string] $Package) {
    $props = [xml](Get-Content -Raw -LiteralPath (Join-Path $root 'Directory.Packages.props'))
    $entry = $props.Project.ItemGroup.PackageVersion | Where-Object { $_.Include -eq $Package } | Select-Object -First 1
    return $entry ? $entry.Version : $null
}

# --- Settings ---------------------------------------------------------------------------------------------------------
$threadCount = if ($Threads -gt 0) { $Threads } else { [Environment]::ProcessorCount }
$env:COSOD_BENCH_DEVICE = $Device
$env:COSOD_BENCH_THREADS = $threadCount.ToString($invariant)
if ($Device -eq 'cuda') {
    # MSBuild reads environment variables as properties, so BenchmarkDotNet's generated project gets it too.
    $env:TorchBackend = 'cuda'
}
else {
    Remove-Item Env:TorchBackend -ErrorAction SilentlyContinue
}

if ($Quick) {
    $jobArguments = @('--job', 'short')
    $jobDescription = 'ShortRun (-Quick): 1 launch, 3 warm-up and 3 measured iterations per case'
}
else {
    $jobArguments = @('--job', 'short', '--iterationCount', '7')
    $jobDescription = 'ShortRun with 7 measured iterations: 1 launch, 3 warm-up and 7 measured iterations per case (the protocol of results/bench-metrics/summary.md)'
}

$modelWarmups, $modelIterations = switch ("$Device/$([bool]$Quick)") {
    'cpu/True' { 1, 3 }
    'cpu/False' { 2, 7 }
    'cuda/True' { 10, 30 }
    default { 10, 100 }
}
$modelJobArguments = @('--strategy', 'Monitoring', '--launchCount', '1', '--warmupCount', "$modelWarmups",
    '--iterationCount', "$modelIterations", '--invocationCount', '1', '--unrollFactor', '1')
$modelJobDescription = "Monitoring: 1 launch, $modelWarmups untimed warm-up call(s) and $modelIterations timed calls per case, no pilot or overhead stages; $Device, $threadCount libtorch threads, fp32, random weights, a device synchronisation before each measurement ends"

$metricsPath = if ([System.IO.Path]::IsPathRooted($Metrics)) { $Metrics } else { Join-Path $root $Metrics }
if (-not (Test-Path -LiteralPath $metricsPath -PathType Leaf)) {
    throw "run-bench: -Metrics $Metrics does not exist. Pass a metrics.json (e.g. one written by 'cosod eval') or leave the default, results/papers/published-metrics.json."
}

$started = [DateTime]::UtcNow
$totalClock = [System.Diagnostics.Stopwatch]::StartNew()
$artifacts = Join-Path ([System.IO.Path]::GetTempPath()) ('cosod-bench-' + [Guid]::NewGuid().ToString('N'))
$exporterArguments = @('--exporters', 'json', 'csv', 'github', '--artifacts', $artifacts)

# --- Build ------------------------------------------------------------------------------------------------------------
foreach ($built in @($project, $cliProject)) {
    Write-Host "run-bench: building $built (Release)"
    $exit = Invoke-Native 'dotnet' @('build', $built, '-c', 'Release', '--nologo')
    if ($exit -ne 0) {
        throw "run-bench: the Release build of $built failed (exit code $exit)."
    }
}

# --- Which benchmarks the filter selects --------------------------------------------------------------------------------
$listing = Get-NativeOutput 'dotnet' (@('run', '-c', 'Release', '--no-build', '--project', $project, '--', '--list', 'flat', '--filter') + $Filter)
if (-not $listing -or $listing.ExitCode -ne 0) {
    throw "run-bench: BenchmarkDotNet could not list the benchmarks: $(${listing}?.Error)"
}

$selected = @($listing.Output -split "`n" | ForEach-Object { $_.Trim() } | Where-Object { $_ -match '^CoSod\.Benchmarks\.[A-Za-z0-9_.]+$' })
$modelBenchmarks = @($selected | Where-Object { $_.StartsWith("CoSod.Benchmarks.$modelClass.", [StringComparison]::Ordinal) })
$otherBenchmarks = @($selected | Where-Object { -not $_.StartsWith("CoSod.Benchmarks.$modelClass.", [StringComparison]::Ordinal) })
if ($selected.Count -eq 0) {
    throw "run-bench: the filter $($Filter -join ' ') matches no benchmark. results/bench/ was not changed."
}

# --- Run --------------------------------------------------------------------------------------------------------------
function Invoke-Benchmarks([string] $What, [string[]] $Benchmarks, [string[]] $Job) {
    $arguments = @('--filter') + $Benchmarks + $Job + $exporterArguments
    Write-Host "run-bench: $What`: dotnet run -c Release --no-build --project $project -- $($arguments -join ' ')"
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $exit = Invoke-Native 'dotnet' (@('run', '-c', 'Release', '--no-build', '--project', $project, '--') + $arguments)
    $clock.Stop()
    if ($exit -ne 0) {
        $kept = if (Test-Path -LiteralPath $artifacts) { " Its artifacts are kept in $artifacts." } else { '' }
        throw "run-bench: BenchmarkDotNet failed on the $What (exit code ${exit}: a benchmark failed).$kept results/bench/ was not changed."
    }

    return $clock.Elapsed
}

$otherElapsed = [TimeSpan]::Zero
$modelElapsed = [TimeSpan]::Zero
if ($otherBenchmarks.Count -gt 0) {
    $otherElapsed = Invoke-Benchmarks 'metric and pre-processing benchmarks' $otherBenchmarks $jobArguments
}

if ($modelBenchmarks.Count -gt 0) {
    $modelElapsed = Invoke-Benchmarks 'model benchmarks' $modelBenchmarks $modelJobArguments
}

$exports = @(Get-ChildItem -Path (Join-Path $artifacts 'results') -File -ErrorAction SilentlyContinue |
    Where-Object { $_.Name -like '*-report-full-compressed.json' -or $_.Name -like '*-report.csv' -or $_.Name -like '*-report-github.md' } |
    Sort-Object Name)
$jsonFiles = @($exports | Where-Object { $_.Name -like '*.json' })
if ($jsonFiles.Count -eq 0) {
    throw "run-bench: BenchmarkDotNet wrote no JSON export under $artifacts/results."
}

# --- What ran, and on what -------------------------------------------------------------------------------------------
$reports = @($jsonFiles | ForEach-Object { Get-Content -Raw -LiteralPath $_.FullName | ConvertFrom-Json })
$hostInfo = $reports[0].HostEnvironmentInfo
$machine = [Environment]::MachineName
$safeMachine = ($machine.ToLowerInvariant() -replace '[^a-z0-9._-]', '-')
$folderName = $started.ToString('yyyy-MM-dd', $invariant) + '-' + $safeMachine
$destination = Join-Path $root 'results' 'bench' $folderName

# BenchmarkDotNet's processor name, with /proc/cpuinfo's model name (when it says more), family and model on Linux.
$cpuModel = $hostInfo.ProcessorName
if (Test-Path '/proc/cpuinfo') {
    $cpuInfo = @{}
    foreach ($line in (Get-Content '/proc/cpuinfo')) {
        if ($line -match '^([^:]+?)\s*:\s*(.*)$' -and -not $cpuInfo.ContainsKey($Matches[1])) {
            $cpuInfo[$Matches[1]] = $Matches[2].Trim()
        }
    }

    $details = @()
    if ($cpuInfo['model name'] -and $cpuInfo['model name'] -ne $cpuModel) { $details += $cpuInfo['model name'] }
    if ($cpuInfo['cpu family']) { $details += "family $($cpuInfo['cpu family'])" }
    if ($cpuInfo['model']) { $details += "model $($cpuInfo['model'])" }
    if ($details.Count -gt 0) { $cpuModel = "$cpuModel ($($details -join ', '))" }
}

$osName = $hostInfo.OsVersion
$osDescription = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
$kernel = if ($IsLinux) { Get-NativeLine 'uname' @('-sr') } else { $null }
$os = (@($osName, $(if ($kernel) { "kernel $kernel" } else { $osDescription })) | Where-Object { $_ }) -join ', '
$gpu = Get-NativeLine 'nvidia-smi' @('--query-gpu=name,driver_version', '--format=csv,noheader')
$gpuUse = if ($Device -eq 'cuda' -and $modelBenchmarks.Count -gt 0) { 'used by the model benchmarks' } else { 'not used' }
$gpuText = if ($gpu) { "$gpu ($gpuUse)" } else { 'none detected (nvidia-smi absent or failing); none used' }
$commit = Get-NativeLine 'git' @('rev-parse', '--short', 'HEAD')
$dirty = Get-NativeLine 'git' @('status', '--porcelain')
$commitText = if ($commit) { $commit + $(if ($dirty) { ' (with uncommitted changes)' } else { '' }) } else { 'unknown (no git)' }
$sdk = if ($hostInfo.PSObject.Properties['DotNetCliVersion']) { $hostInfo.DotNetCliVersion } else { Get-NativeLine 'dotnet' @('--version') }

# TorchSharp and libtorch as Directory.Packages.props pins them (the CPU libtorch package carries libtorch's version;
# the CUDA build takes whatever libtorch TorchSharp-cuda-linux depends on).
$torchSharpVersion = Get-PinnedVersion 'TorchSharp'
$libtorchText = if ($Device -eq 'cuda') {
    "libtorch of TorchSharp-cuda-linux $(Get-PinnedVersion 'TorchSharp-cuda-linux') (-p:TorchBackend=cuda)"
}
else {
    "libtorch-cpu-linux-x64 $(Get-PinnedVersion 'libtorch-cpu-linux-x64')"
}
$torchText = "TorchSharp $torchSharpVersion, $libtorchText"

# BenchmarkDotNet's own environment block: the fenced lines that open a GitHub export, before its table.
$environmentBlock = @()
$githubExport = $exports | Where-Object { $_.Name -like '*-report-github.md' } | Select-Object -First 1
if ($githubExport) {
    $lines = @(Get-Content -LiteralPath $githubExport.FullName)
    $fences = @(for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i].StartsWith('```')) { $i } })
    if ($fences.Count -ge 2) {
        $environmentBlock = @($lines[($fences[0] + 1)..($fences[1] - 1)] | Where-Object { $_.Trim() } |
            Where-Object { -not $_.StartsWith('Job=') -and $_ -notmatch '^\s*(WarmupCount|RunStrategy|IterationCount|InvocationCount|UnrollFactor|LaunchCount)=' } |
            ForEach-Object { $_.TrimEnd() })
    }
}

# --- Copy the exports -----------------------------------------------------------------------------------------------
New-Item -ItemType Directory -Force -Path $destination | Out-Null
Get-ChildItem -Path $destination -File | Remove-Item
foreach ($export in $exports) {
    Copy-Item -LiteralPath $export.FullName -Destination $destination
}

# --- Metric rows ----------------------------------------------------------------------------------------------------
$benchmarks = @($reports | ForEach-Object { $_.Benchmarks } | Where-Object { $_.Statistics })
$metricRows = foreach ($benchmark in ($benchmarks | Where-Object { $_.Type -ne $modelClass -and $_.Type -ne $preprocessingClass })) {
    $statistics = $benchmark.Statistics
    $size = if ($benchmark.Parameters -match 'Size=([0-9]+x[0-9]+)') { $Matches[1] } else { $benchmark.Parameters }
    $pixels = if ($size -match '^([0-9]+)x([0-9]+)$') { [long]$Matches[1] * [long]$Matches[2] } else { 0 }
    $interval = if ($statistics.PSObject.Properties['ConfidenceInterval']) { $statistics.ConfidenceInterval } else { $null }
    $margin = if ($interval -and $interval.Margin -is [ValueType] -and -not [double]::IsNaN([double]$interval.Margin)) { [double]$interval.Margin } else { $null }
    $allocated = if ($benchmark.PSObject.Properties['Memory'] -and $benchmark.Memory) { $benchmark.Memory.BytesAllocatedPerOperation } else { $null }
    [pscustomobject]@{
        Class     = $benchmark.Type
        Method    = $benchmark.Method
        Size      = $size
        Pixels    = $pixels
        PairsPerS = 1e9 / $statistics.Median
        Mean      = $statistics.Mean
        Margin    = $margin
        Median    = $statistics.Median
        Allocated = $allocated
    }
}
$metricRows = @($metricRows | Sort-Object Class, Pixels, Method)

$metricTable = [System.Collections.Generic.List[string]]::new()
$metricTable.Add('| benchmark | size | pairs/s | mean per pair | median per pair | allocated per pair |')
$metricTable.Add('|---|---|---:|---:|---:|---:|')
foreach ($row in $metricRows) {
    $mean = (Format-Time $row.Mean) + $(if ($null -ne $row.Margin) { ' ± ' + (Format-Time $row.Margin) } else { '' })
    $alloc = if ($null -ne $row.Allocated) { Format-Bytes $row.Allocated } else { '–' }
    $metricTable.Add("| $($row.Class).$($row.Method) | $($row.Size) | $($row.PairsPerS.ToString('#,##0.0', $invariant)) | $mean | $(Format-Time $row.Median) | $alloc |")
}

# --- Pre-processing rows ----------------------------------------------------------------------------------------------
$preprocessingRows = @(foreach ($benchmark in ($benchmarks | Where-Object { $_.Type -eq $preprocessingClass })) {
    $parameters = ConvertFrom-Parameters $benchmark.Parameters
    [pscustomobject]@{
        Method    = $benchmark.Method
        Size      = [int]$parameters['Size']
        Mean      = $benchmark.Statistics.Mean
        ImagesPerS = 1e9 / $benchmark.Statistics.Mean
        Allocated = if ($benchmark.PSObject.Properties['Memory'] -and $benchmark.Memory) { $benchmark.Memory.BytesAllocatedPerOperation } else { $null }
    }
}) | Sort-Object Size, Method
$preprocessingRows = @($preprocessingRows)

# Nanoseconds per image from file to model input at side S, or $null when that was not measured.
function Get-PreprocessingNanoseconds([int] $Size) {
    $row = $preprocessingRows | Where-Object { $_.Method -eq 'DecodeResizeNormalise' -and $_.Size -eq $Size } | Select-Object -First 1
    return $row ? $row.Mean : $null
}

$preprocessingTable = [System.Collections.Generic.List[string]]::new()
$preprocessingTable.Add('| benchmark | S | per image (mean) | images/s (one thread) | allocated per image |')
$preprocessingTable.Add('|---|---:|---:|---:|---:|')
foreach ($row in $preprocessingRows) {
    $alloc = if ($null -ne $row.Allocated) { Format-Bytes $row.Allocated } else { '–' }
    $preprocessingTable.Add("| $preprocessingClass.$($row.Method) | $($row.Size) | $(Format-Time $row.Mean) | $($row.ImagesPerS.ToString('#,##0.0', $invariant)) | $alloc |")
}

# --- Model rows -------------------------------------------------------------------------------------------------------
# Mean time from the JSON export (nanoseconds); parameters, MB and protocol from the CSV export's custom columns.
$modelCsv = $exports | Where-Object { $_.Name -eq "CoSod.Benchmarks.$modelClass-report.csv" } | Select-Object -First 1
$csvRows = if ($modelCsv) { @(Import-Csv -LiteralPath $modelCsv.FullName) } else { @() }
$modelRows = @(foreach ($benchmark in ($benchmarks | Where-Object { $_.Type -eq $modelClass })) {
    $parameters = ConvertFrom-Parameters $benchmark.Parameters
    $label = $parameters['Model']
    $size = [int]$parameters['Size']
    $group = [int]$parameters['Group']
    $csv = $csvRows | Where-Object { $_.Model -eq $label -and [int]$_.Size -eq $size -and [int]$_.Group -eq $group } | Select-Object -First 1
    if (-not $csv) {
        throw "run-bench: the CSV export has no row for $label, S=$size, N=$group."
    }

    $statistics = $benchmark.Statistics
    $interval = if ($statistics.PSObject.Properties['ConfidenceInterval']) { $statistics.ConfidenceInterval } else { $null }
    $margin = if ($interval -and $interval.Margin -is [ValueType] -and -not [double]::IsNaN([double]$interval.Margin)) { [double]$interval.Margin } else { $null }
    $imagesPerS = $group * 1e9 / $statistics.Mean
    $pre = Get-PreprocessingNanoseconds $size
    [pscustomobject]@{
        Label       = $label
        Method      = if ($label.EndsWith($officialSuffix, [StringComparison]::Ordinal)) { $label.Substring(0, $label.Length - $officialSuffix.Length) } else { $label }
        Protocol    = $csv.Protocol
        Size        = $size
        Group       = $group
        Mean        = $statistics.Mean
        Margin      = $margin
        Min         = $statistics.Min
        ImagesPerS  = $imagesPerS
        EndToEnd    = if ($null -ne $pre) { 1e9 / ((1e9 / $imagesPerS) + $pre) } else { $null }
        Parameters  = [long](ConvertFrom-ColumnNumber $csv.Params)
        Mebibytes   = ConvertFrom-ColumnNumber $csv.'Param MB'
        Threads     = $csv.Threads
        Device      = $csv.Device
    }
}) | Sort-Object { $_.Protocol -notlike 'native*' }, Group, { @('GCoNet+', "GCoNet+$officialSuffix", 'GCoNet', 'GICD').IndexOf($_.Label) }
$modelRows = @($modelRows)

$modelTable = [System.Collections.Generic.List[string]]::new()
$modelTable.Add('| method | protocol | S | group N | ms per group | images/s | end to end images/s | params | param MB |')
$modelTable.Add('|---|---|---:|---:|---:|---:|---:|---:|---:|')
foreach ($row in $modelRows) {
    $ms = ($row.Mean / 1e6).ToString('#,##0.0', $invariant) + $(if ($null -ne $row.Margin) { ' ± ' + ($row.Margin / 1e6).ToString('#,##0.0', $invariant) } else { '' })
    $endToEnd = if ($null -ne $row.EndToEnd) { $row.EndToEnd.ToString('#,##0.00', $invariant) } else { '–' }
    $modelTable.Add("| $($row.Label) | $($row.Protocol) | $($row.Size) | $($row.Group) | $ms | $($row.ImagesPerS.ToString('#,##0.00', $invariant)) | $endToEnd | $($row.Parameters.ToString('#,##0', $invariant)) | $($row.Mebibytes.ToString('0.00', $invariant)) |")
}

# --- model-speed.json and the chart -----------------------------------------------------------------------------------
$chartNotes = @()
$chartFile = $null
if ($modelRows.Count -gt 0) {
    $speed = [ordered]@{
        kind        = 'cosod-model-speed'
        version     = 1
        device      = $Device
        device_name = if ($Device -eq 'cuda' -and $gpu) { ($gpu -split ',')[0].Trim() } else { $cpuModel }
        threads     = $threadCount
        machine     = $machine
        date        = $started.ToString('yyyy-MM-dd', $invariant)
        models      = @($modelRows | ForEach-Object {
            [ordered]@{
                label             = $_.Label
                method            = $_.Method
                protocol          = $_.Protocol
                image_size        = $_.Size
                group_size        = $_.Group
                ms_per_group      = [Math]::Round($_.Mean / 1e6, 3)
                images_per_second = [Math]::Round($_.ImagesPerS, 4)
                parameters        = $_.Parameters
                parameter_mib     = $_.Mebibytes
            }
        })
    }
    $speedPath = Join-Path $destination 'model-speed.json'
    $speed | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $speedPath -Encoding utf8NoBOM

    $chart = Get-NativeOutput 'dotnet' @('run', '-c', 'Release', '--no-build', '--project', $cliProject, '--',
        'speed-chart', '--speed', $speedPath, '--metrics', $metricsPath, '--out', $destination,
        '--dataset', $ChartDataset, '--metric', $ChartMetric)
    $chartNotes = @((${chart}?.Error ?? '') -split "`n" | ForEach-Object { $_.Trim() } | Where-Object { $_ } |
        ForEach-Object { $_ -replace '^cosod: (note: )?', '' })
    if ($chart -and $chart.ExitCode -eq 0) {
        $chartFile = "speed-accuracy-$ChartDataset-$ChartMetric.png"
    }
    else {
        Write-Warning "run-bench: no speed-vs-accuracy chart: $($chartNotes -join ' ')"
    }
}

# --- run.json and latest.md -----------------------------------------------------------------------------------------
$commandLine = 'dotnet pwsh run-bench.ps1' + $(if ($Quick) { ' -Quick' } else { '' }) +
    $(if (($Filter -join ' ') -ne '*') { " -Filter $(($Filter | ForEach-Object { "'$_'" }) -join ',')" } else { '' }) +
    $(if ($Device -ne 'cpu') { " -Device $Device" } else { '' }) +
    $(if ($Threads -gt 0) { " -Threads $Threads" } else { '' }) +
    $(if ($Metrics -ne 'results/papers/published-metrics.json') { " -Metrics $Metrics" } else { '' }) +
    $(if ($ChartDataset -ne 'CoCA') { " -ChartDataset $ChartDataset" } else { '' }) +
    $(if ($ChartMetric -ne 'Sm') { " -ChartMetric $ChartMetric" } else { '' })
$totalClock.Stop()
$benchmarkElapsed = $otherElapsed + $modelElapsed
$metricsRelative = [System.IO.Path]::GetRelativePath($root, $metricsPath)

$run = [ordered]@{
    startedUtc           = $started.ToString('yyyy-MM-ddTHH:mm:ssZ', $invariant)
    benchmarkWallTimeS   = [Math]::Round($benchmarkElapsed.TotalSeconds, 1)
    otherBenchmarksTimeS = [Math]::Round($otherElapsed.TotalSeconds, 1)
    modelBenchmarksTimeS = [Math]::Round($modelElapsed.TotalSeconds, 1)
    totalWallTimeS       = [Math]::Round($totalClock.Elapsed.TotalSeconds, 1)
    command              = $commandLine
    quick                = [bool]$Quick
    job                  = $jobDescription
    modelJob             = $modelJobDescription
    benchmarkDotNetArgs  = $jobArguments -join ' '
    modelBenchmarkDotNetArgs = $modelJobArguments -join ' '
    filter               = $Filter
    benchmarks           = $selected
    device               = $Device
    modelThreads         = $threadCount
    commit               = $commitText
    machine              = $machine
    os                   = $os
    cpu                  = $cpuModel
    physicalCores        = $hostInfo.PhysicalCoreCount
    logicalCores         = $hostInfo.LogicalCoreCount
    gpu                  = $gpuText
    runtime              = $hostInfo.RuntimeVersion
    architecture         = $hostInfo.Architecture
    sdk                  = $sdk
    benchmarkDotNet      = $hostInfo.BenchmarkDotNetVersion
    torchSharp           = $torchSharpVersion
    libtorch             = $libtorchText
    chartMetrics         = $metricsRelative
    chart                = $chartFile
    chartNotes           = $chartNotes
    exports              = @($exports | ForEach-Object Name)
}
$run | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath (Join-Path $destination 'run.json') -Encoding utf8NoBOM

$coreText = "$($hostInfo.PhysicalCoreCount) physical" + $(if ($hostInfo.PhysicalProcessorCount) { " ($($hostInfo.PhysicalProcessorCount) socket$(if ($hostInfo.PhysicalProcessorCount -ne 1) { 's' }))" } else { '' })
$latest = [System.Collections.Generic.List[string]]::new()
$latest.Add('# Benchmarks: latest run')
$latest.Add('')
$latest.Add("Written by ``run-bench.ps1``; do not edit. The BenchmarkDotNet exports (JSON, CSV, GitHub Markdown), ``run.json``, ``model-speed.json`` and the chart are in [``$folderName/``]($folderName/).")
$latest.Add('')
$latest.Add("- **Date:** $($started.ToString('yyyy-MM-dd HH:mm', $invariant)) UTC. The benchmarks took $(Format-Minutes $benchmarkElapsed) (metric and pre-processing $(Format-Minutes $otherElapsed), models $(Format-Minutes $modelElapsed)); the whole script $(Format-Minutes $totalClock.Elapsed), builds included.")
$latest.Add("- **Command:** ``$commandLine``.")
$latest.Add("- **Jobs:** metric and pre-processing benchmarks: $jobDescription, one thread per benchmark. Models: $modelJobDescription. BenchmarkDotNet's default out-of-process toolchain, Release.")
$latest.Add("- **Commit:** $commitText.")
$latest.Add('')
$latest.Add('## Machine')
$latest.Add('')
$latest.Add('| | |')
$latest.Add('|---|---|')
$latest.Add("| machine | $machine |")
$latest.Add("| OS | $os |")
$latest.Add("| CPU | $cpuModel |")
$latest.Add("| cores | $coreText |")
$latest.Add("| threads | $($hostInfo.LogicalCoreCount) hardware threads; metric and pre-processing benchmarks run on 1 thread, the models with $threadCount libtorch threads |")
$latest.Add("| GPU | $gpuText |")
$latest.Add("| model device | $Device |")
$latest.Add("| TorchSharp / libtorch | $torchText |")
$latest.Add("| .NET runtime | $($hostInfo.RuntimeVersion), $($hostInfo.Architecture); SDK $sdk |")
$latest.Add("| BenchmarkDotNet | $($hostInfo.BenchmarkDotNetVersion) |")
if ($environmentBlock.Count -gt 0) {
    $latest.Add('')
    $latest.Add("BenchmarkDotNet's description of the machine:")
    $latest.Add('')
    $latest.Add('```')
    $environmentBlock | ForEach-Object { $latest.Add($_) }
    $latest.Add('```')
}

$latest.Add('')
$latest.Add('## Models')
$latest.Add('')
if ($modelRows.Count -gt 0) {
    $latest.Add('One forward pass (`PredictGroup`) over one group of N random-normal images at S x S, fp32, random weights')
    $latest.Add('(speed does not depend on their values). **native**: the model''s own input size; **fps**: CoSOD_fps_collection''s')
    $latest.Add('256x256 with batch 8 (GCoNet+ is native at 256, so its N = 8 row is both). GCoNet+ (official) also runs the official')
    $latest.Add('forward''s dead branches (classifier on x5 and the RACM second backbone pass), which do not change the map. GICD runs')
    $latest.Add('one image at a time with a gradient step. ms per group is the mean ± half its 99.9 % confidence interval;')
    $latest.Add('**images/s = N / mean**; **end to end** adds the pre-processing of each image at S on one thread, done before the')
    $latest.Add('forward (decode JPEG, resize, normalise; table below). params and MB count every checkpoint element, MB = 4 bytes x')
    $latest.Add('(parameters + buffers) / 2^20, the papers'' MB. Unlike CoSOD_fps_collection, every timing ends with a device')
    $latest.Add('synchronisation. Few calls on a small shared machine: compare numbers within one run.')
    $latest.Add('')
    $modelTable | ForEach-Object { $latest.Add($_) }
}
else {
    $latest.Add('Not run: the filter selected no model benchmark.')
}

$latest.Add('')
$latest.Add('### Speed vs accuracy')
$latest.Add('')
if ($chartFile) {
    $latest.Add("x = images/s at the fps protocol (256x256, N = 8) above, y = $ChartMetric on $ChartDataset from ``$metricsRelative``, bubble area ∝ param MB.")
    if ($metricsRelative -eq [System.IO.Path]::Combine('results', 'papers', 'published-metrics.json')) {
        $latest.Add('The scores are the papers'' published figures, not measured here; the speeds are this run''s.')
    }

    $latest.Add('')
    $latest.Add("![Speed vs accuracy]($folderName/$chartFile)")
}
else {
    $latest.Add('No chart' + $(if ($modelRows.Count -eq 0) { ': no model was benchmarked.' } else { '.' }))
}

if ($chartNotes.Count -gt 0) {
    $latest.Add('')
    $chartNotes | ForEach-Object { $latest.Add("- $_") }
}

$latest.Add('')
$latest.Add('## Pre-processing')
$latest.Add('')
if ($preprocessingRows.Count -gt 0) {
    $latest.Add('Per image, one thread, eight 500x375 colour JPEGs (quality 90) made in the setup: **DecodeResizeNormalise** is the')
    $latest.Add('official loaders'' pipeline (Pillow-exact JPEG decoding, Pillow bilinear resize to S x S, ImageNet normalisation into')
    $latest.Add('the float32 input); **ResizeNormalise** the same on images already decoded (the difference is decoding).')
    $latest.Add('')
    $preprocessingTable | ForEach-Object { $latest.Add($_) }
}
else {
    $latest.Add('Not run: the filter selected no pre-processing benchmark.')
}

$latest.Add('')
$latest.Add('## Metrics, decoding and end-to-end evaluation')
$latest.Add('')
if ($metricRows.Count -gt 0) {
    $latest.Add('One row per benchmark and image size. Every benchmark sets `OperationsPerInvoke` to the image pairs one call')
    $latest.Add('scores, so the times are per pair; **pairs/s = 1 s / median**; the mean is given ± half its 99.9 % confidence')
    $latest.Add("interval (BenchmarkDotNet's Error). A short job on a small shared machine: compare numbers within one run. What")
    $latest.Add('each benchmark covers, the PySODMetrics anchor (51 pairs/s at 400x300) and the targets:')
    $latest.Add('[`results/bench-metrics/summary.md`](../bench-metrics/summary.md).')
    $latest.Add('')
    $metricTable | ForEach-Object { $latest.Add($_) }
}
else {
    $latest.Add('Not run: the filter selected no metric benchmark.')
}

$latestPath = Join-Path $root 'results' 'bench' 'latest.md'
($latest -join "`n") + "`n" | Set-Content -LiteralPath $latestPath -NoNewline -Encoding utf8NoBOM
Remove-Item -Recurse -Force -LiteralPath $artifacts

Write-Host ''
foreach ($table in @($modelTable, $preprocessingTable, $metricTable)) {
    if ($table.Count -gt 2) {
        $table | ForEach-Object { Write-Host $_ }
        Write-Host ''
    }
}

Write-Host "run-bench: $($modelRows.Count) model, $($preprocessingRows.Count) pre-processing and $($metricRows.Count) metric rows; benchmarks $(Format-Minutes $benchmarkElapsed) (models $(Format-Minutes $modelElapsed)), whole run $(Format-Minutes $totalClock.Elapsed)"
Write-Host "run-bench: exports in results/bench/$folderName/, summary in results/bench/latest.md"
