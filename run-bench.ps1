<#
.SYNOPSIS
    Runs the BenchmarkDotNet benchmarks of benchmarks/CoSod.Benchmarks in Release and records them under results/bench/.

.DESCRIPTION
    PowerShell 7 is a .NET local tool of this repository (.config/dotnet-tools.json), so no system package is needed:

        dotnet tool restore
        dotnet pwsh run-bench.ps1 -Quick

    The script builds the benchmark project in Release, runs it with BenchmarkDotNet's default out-of-process toolchain
    and `--exporters json csv github --artifacts <temporary folder>`, copies the JSON, CSV and GitHub-Markdown exports to
    results/bench/<yyyy-MM-dd>-<machine>/ (UTC date; a later run on the same day and machine replaces that folder's
    contents) together with run.json (the run's settings and machine), and writes results/bench/latest.md: the machine
    description and one summary table of every benchmark that ran. The temporary folder is removed on success and kept
    (its path is printed) on failure; latest.md is only rewritten when every benchmark succeeded.

    What is measured today: metric kernels, decoding and end-to-end evaluation, all on the CPU, one thread (see
    results/bench-metrics/summary.md for the protocol and the comparison with PySODMetrics). Model latency (GICD,
    GCoNet, GCoNet+), FPS, parameter counts and the speed-vs-accuracy bubble chart come with the models issue.

.PARAMETER Quick
    BenchmarkDotNet's ShortRun job (1 launch, 3 warm-up and 3 measured iterations per case): 2.8 minutes for all 20
    cases on the 2-core machine of results/bench/latest.md, 21 s of it building BenchmarkDotNet's generated project.
    Without it: ShortRun with 7 measured iterations, the protocol of results/bench-metrics/summary.md (about 4 minutes
    there).

.PARAMETER Filter
    BenchmarkDotNet --filter glob(s) over Namespace.Class.Method, e.g. '*MetricKernels*' (default '*': everything).
    Passed to BenchmarkDotNet verbatim (never expanded against file names).

.PARAMETER Device
    cpu or cuda. Accepted and recorded in run.json and latest.md; it changes nothing yet: every current benchmark runs
    on the CPU. It becomes meaningful with the model benchmarks (models issue).

.EXAMPLE
    dotnet pwsh run-bench.ps1 -Quick -Filter '*MetricKernels*'
#>
[CmdletBinding()]
param(
    [switch] $Quick,
    [string[]] $Filter = @('*'),
    [ValidateSet('cpu', 'cuda')]
    [string] $Device = 'cpu'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
if ([Console]::IsOutputRedirected) {
    $PSStyle.OutputRendering = 'PlainText'
}

$invariant = [System.Globalization.CultureInfo]::InvariantCulture
$root = $PSScriptRoot
$project = 'benchmarks/CoSod.Benchmarks/CoSod.Benchmarks.csproj'

# Native commands are started through Process with an argument list: PowerShell on Unix expands '*' in native-command
# arguments against the current folder, even when the argument comes from a variable, which would turn --filter '*'
# into a list of file names.
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

# The first line of a command's standard output, or $null when the command is missing or fails.
function Get-NativeLine([string] $File, [string[]] $Arguments) {
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
        $text = $process.StandardOutput.ReadToEnd()
        $null = $process.StandardError.ReadToEnd()
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) {
            return $null
        }

        return ($text -split "`n" | Where-Object { $_.Trim() } | Select-Object -First 1)?.Trim()
    }
    catch {
        return $null
    }
}

# A time per pair in nanoseconds, in the unit BenchmarkDotNet would pick.
function Format-Time([double] $Nanoseconds) {
    if ($Nanoseconds -ge 1e6) { return ($Nanoseconds / 1e6).ToString('#,##0.000', $invariant) + ' ms' }
    if ($Nanoseconds -ge 1e3) { return ($Nanoseconds / 1e3).ToString('#,##0.0', $invariant) + ' µs' }
    return $Nanoseconds.ToString('#,##0.0', $invariant) + ' ns'
}

function Format-Bytes([double] $Bytes) {
    if ($Bytes -ge 1MB) { return ($Bytes / 1MB).ToString('#,##0.00', $invariant) + ' MB' }
    if ($Bytes -ge 1KB) { return ($Bytes / 1KB).ToString('#,##0.0', $invariant) + ' KB' }
    return $Bytes.ToString('#,##0', $invariant) + ' B'
}

if ($Device -eq 'cuda') {
    Write-Warning '-Device cuda is recorded, but no benchmark uses a GPU yet (the model benchmarks come with the models issue): everything below runs on the CPU.'
}

if ($Quick) {
    $jobArguments = @('--job', 'short')
    $jobDescription = 'ShortRun (-Quick): 1 launch, 3 warm-up and 3 measured iterations per case'
}
else {
    $jobArguments = @('--job', 'short', '--iterationCount', '7')
    $jobDescription = 'ShortRun with 7 measured iterations: 1 launch, 3 warm-up and 7 measured iterations per case (the protocol of results/bench-metrics/summary.md)'
}

$started = [DateTime]::UtcNow
$artifacts = Join-Path ([System.IO.Path]::GetTempPath()) ('cosod-bench-' + [Guid]::NewGuid().ToString('N'))
$benchmarkArguments = @('--filter') + $Filter + $jobArguments + @('--exporters', 'json', 'csv', 'github', '--artifacts', $artifacts)

Write-Host "run-bench: building $project (Release)"
$exit = Invoke-Native 'dotnet' @('build', $project, '-c', 'Release', '--nologo')
if ($exit -ne 0) {
    throw "run-bench: the Release build failed (exit code $exit)."
}

Write-Host "run-bench: dotnet run -c Release --no-build --project $project -- $($benchmarkArguments -join ' ')"
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$exit = Invoke-Native 'dotnet' (@('run', '-c', 'Release', '--no-build', '--project', $project, '--') + $benchmarkArguments)
$clock.Stop()
if ($exit -ne 0) {
    $kept = if (Test-Path -LiteralPath $artifacts) { " Its artifacts are kept in $artifacts." } else { '' }
    throw "run-bench: BenchmarkDotNet failed (exit code ${exit}: a benchmark failed, or the filter matched nothing).$kept results/bench/ was not changed."
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
$gpuText = if ($gpu) { "$gpu (not used: no benchmark runs on a GPU yet)" } else { 'none detected (nvidia-smi absent or failing); none used' }
$commit = Get-NativeLine 'git' @('rev-parse', '--short', 'HEAD')
$dirty = Get-NativeLine 'git' @('status', '--porcelain')
$commitText = if ($commit) { $commit + $(if ($dirty) { ' (with uncommitted changes)' } else { '' }) } else { 'unknown (no git)' }
$sdk = if ($hostInfo.PSObject.Properties['DotNetCliVersion']) { $hostInfo.DotNetCliVersion } else { Get-NativeLine 'dotnet' @('--version') }
$jitInfo = $reports[0].Benchmarks | Select-Object -First 1 | ForEach-Object { $_.HardwareIntrinsics }

# BenchmarkDotNet's own environment block: the fenced lines that open a GitHub export, before its table.
$environmentBlock = @()
$githubExport = $exports | Where-Object { $_.Name -like '*-report-github.md' } | Select-Object -First 1
if ($githubExport) {
    $lines = @(Get-Content -LiteralPath $githubExport.FullName)
    $fences = @(for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i].StartsWith('```')) { $i } })
    if ($fences.Count -ge 2) {
        $environmentBlock = @($lines[($fences[0] + 1)..($fences[1] - 1)] | Where-Object { $_.Trim() } | ForEach-Object { $_.TrimEnd() })
    }
}

# --- Copy the exports -----------------------------------------------------------------------------------------------
New-Item -ItemType Directory -Force -Path $destination | Out-Null
Get-ChildItem -Path $destination -File | Remove-Item
foreach ($export in $exports) {
    Copy-Item -LiteralPath $export.FullName -Destination $destination
}

# --- Summary rows ---------------------------------------------------------------------------------------------------
$rows = foreach ($report in $reports) {
    foreach ($benchmark in $report.Benchmarks) {
        $statistics = $benchmark.Statistics
        if (-not $statistics) {
            continue
        }

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
            N         = $statistics.N
            Allocated = $allocated
        }
    }
}
$rows = @($rows | Sort-Object Class, Pixels, Method)

$table = [System.Collections.Generic.List[string]]::new()
$table.Add('| benchmark | size | pairs/s | mean per pair | median per pair | allocated per pair |')
$table.Add('|---|---|---:|---:|---:|---:|')
foreach ($row in $rows) {
    $mean = (Format-Time $row.Mean) + $(if ($null -ne $row.Margin) { ' ± ' + (Format-Time $row.Margin) } else { '' })
    $alloc = if ($null -ne $row.Allocated) { Format-Bytes $row.Allocated } else { '–' }
    $table.Add("| $($row.Class).$($row.Method) | $($row.Size) | $($row.PairsPerS.ToString('#,##0.0', $invariant)) | $mean | $(Format-Time $row.Median) | $alloc |")
}

# --- run.json and latest.md -----------------------------------------------------------------------------------------
$commandLine = 'dotnet pwsh run-bench.ps1' + $(if ($Quick) { ' -Quick' } else { '' }) +
    $(if (($Filter -join ' ') -ne '*') { " -Filter $(($Filter | ForEach-Object { "'$_'" }) -join ',')" } else { '' }) +
    $(if ($Device -ne 'cpu') { " -Device $Device" } else { '' })
$benchmarkCommand = "dotnet run -c Release --project benchmarks/CoSod.Benchmarks -- $(($benchmarkArguments | Select-Object -SkipLast 1) -join ' ') <temporary folder>"
$minutes = $clock.Elapsed.TotalMinutes.ToString('0.0', $invariant)

$run = [ordered]@{
    startedUtc          = $started.ToString('yyyy-MM-ddTHH:mm:ssZ', $invariant)
    benchmarkWallTimeS  = [Math]::Round($clock.Elapsed.TotalSeconds, 1)
    command             = $commandLine
    benchmarkDotNetArgs = $benchmarkCommand
    quick               = [bool]$Quick
    job                 = $jobDescription
    filter              = $Filter
    device              = $Device
    deviceNote          = 'recorded only: every current benchmark runs on the CPU, one thread'
    commit              = $commitText
    machine             = $machine
    os                  = $os
    cpu                 = $cpuModel
    physicalCores       = $hostInfo.PhysicalCoreCount
    logicalCores        = $hostInfo.LogicalCoreCount
    benchmarkThreads    = 1
    gpu                 = $gpuText
    runtime             = $hostInfo.RuntimeVersion
    architecture        = $hostInfo.Architecture
    sdk                 = $sdk
    benchmarkDotNet     = $hostInfo.BenchmarkDotNetVersion
    torchSharp          = 'not used (no model benchmarks yet)'
    exports             = @($exports | ForEach-Object Name)
}
$run | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath (Join-Path $destination 'run.json') -Encoding utf8NoBOM

$coreText = "$($hostInfo.PhysicalCoreCount) physical" + $(if ($hostInfo.PhysicalProcessorCount) { " ($($hostInfo.PhysicalProcessorCount) socket$(if ($hostInfo.PhysicalProcessorCount -ne 1) { 's' }))" } else { '' })
$latest = [System.Collections.Generic.List[string]]::new()
$latest.Add('# Benchmarks: latest run')
$latest.Add('')
$latest.Add("Written by ``run-bench.ps1``; do not edit. The BenchmarkDotNet exports (JSON, CSV, GitHub Markdown) and ``run.json`` are in [``$folderName/``]($folderName/).")
$latest.Add('')
$latest.Add("- **Date:** $($started.ToString('yyyy-MM-dd HH:mm', $invariant)) UTC; the benchmarks took $minutes min (build excluded).")
$latest.Add("- **Command:** ``$commandLine``, which runs ``$benchmarkCommand``.")
$latest.Add("- **Job:** $jobDescription; BenchmarkDotNet's default out-of-process toolchain, Release, one thread per benchmark.")
$latest.Add("- **Device:** $Device. Recorded only: every benchmark below runs on the CPU; ``-Device`` matters once the model benchmarks exist.")
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
$latest.Add("| threads | $($hostInfo.LogicalCoreCount) hardware threads; every benchmark runs on 1 thread |")
$latest.Add("| GPU | $gpuText |")
$latest.Add("| .NET runtime | $($hostInfo.RuntimeVersion), $($hostInfo.Architecture); SDK $sdk |")
$latest.Add("| BenchmarkDotNet | $($hostInfo.BenchmarkDotNetVersion) |")
$latest.Add('| TorchSharp / libtorch | not used yet (no model benchmarks) |')
if ($environmentBlock.Count -gt 0) {
    $latest.Add('')
    $latest.Add("BenchmarkDotNet's description of the run:")
    $latest.Add('')
    $latest.Add('```')
    $environmentBlock | ForEach-Object { $latest.Add($_) }
    $latest.Add('```')
}

$latest.Add('')
$latest.Add('## Results')
$latest.Add('')
$latest.Add('One row per benchmark and image size. Every benchmark sets `OperationsPerInvoke` to the image pairs one call')
$latest.Add('scores, so the times are per pair; **pairs/s = 1 s / median**; the mean is given ± half its 99.9 % confidence')
$latest.Add("interval (BenchmarkDotNet's Error). A short job on a small shared machine: compare numbers within one run. What")
$latest.Add('each benchmark covers, the PySODMetrics anchor (51 pairs/s at 400x300) and the targets:')
$latest.Add('[`results/bench-metrics/summary.md`](../bench-metrics/summary.md).')
$latest.Add('')
$table | ForEach-Object { $latest.Add($_) }
$latest.Add('')
$latest.Add('## Not measured yet')
$latest.Add('')
$latest.Add('Model latency rows (GICD, GCoNet, GCoNet+ with and without the dead branches; ms per group of 2 and 8, FPS,')
$latest.Add('parameter count and MB; pre-processing per image) and the speed-vs-accuracy bubble chart (x = FPS, y = a metric')
$latest.Add('from a `metrics.json`, bubble = parameter MB) come with the models issue; so do the GPU runs (`-Device cuda`).')

$latestPath = Join-Path $root 'results' 'bench' 'latest.md'
($latest -join "`n") + "`n" | Set-Content -LiteralPath $latestPath -NoNewline -Encoding utf8NoBOM
Remove-Item -Recurse -Force -LiteralPath $artifacts

Write-Host ''
$table | ForEach-Object { Write-Host $_ }
Write-Host ''
Write-Host "run-bench: $($rows.Count) rows in $minutes min; exports in results/bench/$folderName/, summary in results/bench/latest.md"
