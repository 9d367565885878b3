<#
.SYNOPSIS
    The scale benchmark of `cosod eval` (issue 15), run by `run-bench.ps1 -Scale`: time and peak memory per dataset
    size and thread count, with and without a fixed GC heap limit, beside decode-only on the same files and
    PySODEvalToolkit's own eval.py on the same files.

.DESCRIPTION
    Datasets (written once under -Work, reused by later runs): synthetic 400x300 maps (`cosod-scale synthetic`, seeded)
    and the real CoSal2015 maps of ../shared repeated (`cosod-scale repeat`, symbolic links), each at every -Sizes
    count of pairs, with one and with three methods. Every run is a whole process (start-up included), timed by
    /usr/bin/time (wall seconds, peak resident set). Rows:
      - cosod eval, --threads 1 and 2, one method and three, without a heap limit and with DOTNET_GCHeapHardLimit
        (-HeapLimitMB), every size;
      - decode-only (cosod-scale decode-only: discovery and every decode of the same files, nothing scored);
      - the anchor: PySODEvalToolkit's eval.py (grouped mode, --num-workers 1, the metrics both compute: sm wfm mae
        fmeasure em) on the sizes up to -AnchorMaxPairs, when -Toolkit and -PySodMetrics point at checkouts.
    Three methods run on the sizes up to -ThreeMethodMaxPairs only (20k pairs of three methods is 60k scorings, an
    hour on two cores; one method shows how memory and time scale, three how the work shared per image pays).
    The report ends with the ratios the README quotes: cosod against decode-only and against the toolkit, two threads
    against one, and the growth of peak memory under the heap limit from the smallest size to the largest.
    cosod runs with --aggregate group-mean there, the computation the toolkit's grouped mode does. Results go to
    results/bench-scale/<yyyy-MM-dd>-<machine>/scale.json and scale.md, and results/bench-scale/latest.md.
#>
[CmdletBinding()]
param(
    [int[]] $Sizes = @(1000, 5000, 20000),
    [int[]] $Threads = @(1, 2),
    [int] $HeapLimitMB = 256,
    [string] $Work = (Join-Path ([System.IO.Path]::GetTempPath()) 'cosod-scale'),
    [string] $Toolkit = '',
    [string] $PySodMetrics = '',
    [int] $AnchorMaxPairs = 1000,
    [int] $ThreeMethodMaxPairs = 1000,
    [string] $Shared = ''
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$invariant = [System.Globalization.CultureInfo]::InvariantCulture
$root = Split-Path -Parent $PSScriptRoot
$cli = Join-Path $root 'src/CoSod.Cli/bin/Release/net10.0/cosod.dll'
$scaleTool = Join-Path $root 'benchmarks/CoSod.Scale/bin/Release/net10.0/cosod-scale.dll'
if (-not $Shared) { $Shared = Join-Path (Split-Path -Parent $root) 'shared' }
$realMaps = Join-Path $Shared 'fixtures/real/zs-cosod-a2s-cosal2015-preds/A2S-v2/result/CoSal2015/ssim/final'

# One whole-process run under /usr/bin/time: exit code, wall seconds, peak resident MB, and what it printed.
function Measure-Run([string] $File, [string[]] $Arguments, [hashtable] $Environment = @{}, [string] $WorkingDirectory = $root) {
    $info = [System.Diagnostics.ProcessStartInfo]::new('/usr/bin/time')
    foreach ($argument in @('-f', 'TIME %e %M', $File) + $Arguments) { $info.ArgumentList.Add($argument) }
    foreach ($name in $Environment.Keys) { $info.Environment[$name] = $Environment[$name] }
    $info.UseShellExecute = $false
    $info.WorkingDirectory = $WorkingDirectory
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $errorTask = $process.StandardError.ReadToEndAsync()
    $output = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    $errors = $errorTask.GetAwaiter().GetResult()
    $timing = ($errors -split "`n" | Where-Object { $_ -like 'TIME *' } | Select-Object -Last 1) -split ' '
    return [pscustomobject]@{
        Exit = $process.ExitCode
        Seconds = [double]::Parse($timing[1], $invariant)
        PeakMB = [math]::Round([double]::Parse($timing[2], $invariant) / 1024, 1)
        Output = $output + $errors
    }
}

function Invoke-Checked([string] $File, [string[]] $Arguments, [hashtable] $Environment = @{}, [string] $WorkingDirectory = $root) {
    $run = Measure-Run $File $Arguments $Environment $WorkingDirectory
    if ($run.Exit -ne 0) { throw "bench-scale: $File $($Arguments -join ' ') failed (exit $($run.Exit)): $($run.Output)" }
    return $run
}

# --- Build and data ---------------------------------------------------------------------------------------------------
foreach ($project in @('src/CoSod.Cli/CoSod.Cli.csproj', 'benchmarks/CoSod.Scale/CoSod.Scale.csproj')) {
    & dotnet build (Join-Path $root $project) -c Release --nologo -v q -clp:ErrorsOnly
    if ($LASTEXITCODE -ne 0) { throw "bench-scale: the Release build of $project failed." }
}

# The real maps against their own blurred, thresholded masks (the dataset of tests/CoSod.Tests/Scale): made once.
$realBase = Join-Path $Work 'real-base'
if (-not (Test-Path (Join-Path $realBase 'gt'))) {
    if (-not (Test-Path $realMaps)) { throw "bench-scale: the real maps are not at $realMaps (pass -Shared)." }
    Invoke-Checked 'dotnet' @($scaleTool, 'real-masks', '--maps', $realMaps, '--out', $realBase) | Out-Null
}

$datasets = @()
foreach ($kind in @('synthetic', 'real')) {
    foreach ($methods in @(1, 3)) {
        foreach ($size in $Sizes) {
            if ($methods -gt 1 -and $size -gt $ThreeMethodMaxPairs) { continue }
            $folder = Join-Path $Work "$kind-$size-m$methods"
            if (-not (Test-Path (Join-Path $folder 'gt'))) {
                Write-Host "bench-scale: writing $folder"
                if ($kind -eq 'synthetic') {
                    Invoke-Checked 'dotnet' @($scaleTool, 'synthetic', '--out', $folder, '--pairs', "$size", '--methods', "$methods") | Out-Null
                }
                else {
                    Invoke-Checked 'dotnet' @($scaleTool, 'repeat', '--gt', (Join-Path $realBase 'gt'), '--pred', (Join-Path $realBase 'pred'),
                        '--out', $folder, '--pairs', "$size", '--methods', "$methods") | Out-Null
                }
            }

            $datasets += [pscustomobject]@{ Kind = $kind; Methods = $methods; Pairs = $size; Folder = $folder }
        }
    }
}

# --- Runs -------------------------------------------------------------------------------------------------------------
$rows = @()
$heapLimit = '0x' + ([long]$HeapLimitMB * 1MB).ToString('X', $invariant)
foreach ($data in $datasets) {
    $gt = Join-Path $data.Folder 'gt'
    $pred = Join-Path $data.Folder 'pred'
    $scored = $data.Pairs * $data.Methods
    # Read every file once first, so that no row pays for the disk: the first run on a freshly written 20k set read
    # it from the virtual disk at half speed.
    & /usr/bin/find -L $data.Folder -type f -exec cat '{}' + > /dev/null
    foreach ($threadCount in $Threads) {
        $decode = Invoke-Checked 'dotnet' @($scaleTool, 'decode-only', '--gt', $gt, '--pred', $pred, '--threads', "$threadCount")
        $rows += [pscustomobject]@{ Kind = $data.Kind; Methods = $data.Methods; Pairs = $data.Pairs; Threads = $threadCount; Tool = 'decode-only'
            HeapLimit = ''; Seconds = $decode.Seconds; PeakMB = $decode.PeakMB; PairsPerSecond = [math]::Round($scored / $decode.Seconds, 1) }
        foreach ($limited in @($false, $true)) {
            $out = Join-Path $Work ("out-" + [Guid]::NewGuid().ToString('N'))
            $environment = if ($limited) { @{ DOTNET_GCHeapHardLimit = $heapLimit } } else { @{} }
            $run = Measure-Run 'dotnet' @($cli, 'eval', '--gt', $gt, '--pred', $pred, '--out', $out, '--threads', "$threadCount",
                '--aggregate', 'group-mean') $environment
            Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue
            $rows += [pscustomobject]@{ Kind = $data.Kind; Methods = $data.Methods; Pairs = $data.Pairs; Threads = $threadCount; Tool = 'cosod eval'
                HeapLimit = ($limited ? "$HeapLimitMB MB" : ''); Seconds = ($run.Exit -eq 0 ? $run.Seconds : $null); PeakMB = $run.PeakMB
                PairsPerSecond = ($run.Exit -eq 0 ? [math]::Round($scored / $run.Seconds, 1) : $null); Exit = $run.Exit }
        }
    }

    if ($Toolkit -and $PySodMetrics -and $data.Pairs -le $AnchorMaxPairs) {
        $config = Join-Path $Work ("toolkit-" + [Guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $config | Out-Null
        $dataset = (Get-ChildItem -Directory $gt | Select-Object -First 1).Name
        @{ $dataset = @{ mask = @{ path = (Join-Path $gt $dataset); suffix = '.png' } } } | ConvertTo-Json -Depth 5 |
            Set-Content (Join-Path $config 'datasets.json')
        $methodConfig = @{}
        foreach ($method in Get-ChildItem -Directory $pred) {
            $methodConfig[$method.Name] = @{ $dataset = @{ path = (Join-Path $method.FullName $dataset); suffix = '.png' } }
        }

        $methodConfig | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $config 'methods.json')
        $anchor = Invoke-Checked '/usr/bin/python3' @('-W', 'ignore', (Join-Path $Toolkit 'eval.py'), '--dataset-json', (Join-Path $config 'datasets.json'),
            '--method-json', (Join-Path $config 'methods.json'), '--data-type', 'video', '--metric-names', 'sm', 'wfm', 'mae', 'fmeasure', 'em',
            '--num-workers', '1', '--record-txt', (Join-Path $config 'record.txt'), '--to-overwrite') @{ PYTHONPATH = $PySodMetrics } $Toolkit

        $rows += [pscustomobject]@{ Kind = $data.Kind; Methods = $data.Methods; Pairs = $data.Pairs; Threads = 1; Tool = 'PySODEvalToolkit eval.py'
            HeapLimit = ''; Seconds = $anchor.Seconds; PeakMB = $anchor.PeakMB; PairsPerSecond = [math]::Round($scored / $anchor.Seconds, 1) }
        Remove-Item -Recurse -Force $config
    }

    $rows | Select-Object -Last 1 | Format-Table -AutoSize | Out-String | Write-Host
}

# --- Report -----------------------------------------------------------------------------------------------------------
$machine = (Get-Content /etc/hostname -ErrorAction SilentlyContinue) ?? 'machine'
$folder = Join-Path $root ("results/bench-scale/" + [DateTime]::UtcNow.ToString('yyyy-MM-dd', $invariant) + "-$machine")
New-Item -ItemType Directory -Force -Path $folder | Out-Null
$cpu = (Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '.*:\s*', ''
$commit = (& git -C $root rev-parse --short HEAD) + ((& git -C $root status --porcelain --untracked-files=no) ? ' (with uncommitted changes)' : '')
$report = [ordered]@{
    date = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ', $invariant)
    commit = $commit
    machine = "$cpu, $([Environment]::ProcessorCount) logical cores"
    heap_limit_mb = $HeapLimitMB
    rows = $rows
}
$report | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $folder 'scale.json')

$lines = @("# Scale benchmark: cosod eval, decode-only and PySODEvalToolkit on the same files", '',
    "$($report.date), $($report.machine), commit $($report.commit). Whole processes (start-up included), /usr/bin/time; pairs/s counts every",
    'method''s pairs. cosod runs --aggregate group-mean (what the toolkit''s grouped mode computes); the toolkit runs',
    'eval.py --data-type video --num-workers 1 with sm wfm mae fmeasure em. Produced by `dotnet pwsh run-bench.ps1 -Scale`.', '',
    '| data | methods | pairs | threads | tool | heap limit | s | peak MB | pairs/s |', '|---|---:|---:|---:|---|---|---:|---:|---:|')
foreach ($row in $rows) {
    $seconds = $null -eq $row.Seconds ? 'failed' : $row.Seconds.ToString('0.00', $invariant)
    $rate = $null -eq $row.PairsPerSecond ? '' : $row.PairsPerSecond.ToString('0.0', $invariant)
    $lines += "| $($row.Kind) | $($row.Methods) | $($row.Pairs) | $($row.Threads) | $($row.Tool) | $($row.HeapLimit) | $seconds | $($row.PeakMB) | $rate |"
}

# Ratios: the same data, whole processes, unlimited heap unless said.
function Find-Row($Kind, $Methods, $Pairs, $Threads, $Tool, $HeapLimit = '') {
    $rows | Where-Object { $_.Kind -eq $Kind -and $_.Methods -eq $Methods -and $_.Pairs -eq $Pairs -and $_.Threads -eq $Threads -and
        $_.Tool -eq $Tool -and $_.HeapLimit -eq $HeapLimit } | Select-Object -First 1
}

$lines += @('', '## Ratios', '', 'Time ratios of whole runs on the same files (lower is better for "x decode-only"; higher for the others).', '',
    '| data | methods | pairs | threads | cosod / decode-only (time) | cosod vs toolkit (pairs/s) | 2 threads vs 1 (cosod) |',
    '|---|---:|---:|---:|---:|---:|---:|')
foreach ($data in $datasets) {
    foreach ($threadCount in $Threads) {
        $eval = Find-Row $data.Kind $data.Methods $data.Pairs $threadCount 'cosod eval'
        $decode = Find-Row $data.Kind $data.Methods $data.Pairs $threadCount 'decode-only'
        $anchor = Find-Row $data.Kind $data.Methods $data.Pairs 1 'PySODEvalToolkit eval.py'
        $single = Find-Row $data.Kind $data.Methods $data.Pairs 1 'cosod eval'
        if ($null -eq $eval -or $null -eq $eval.Seconds) { continue }
        $overDecode = ($eval.Seconds / $decode.Seconds).ToString('0.00', $invariant) + 'x'
        $overAnchor = ($null -ne $anchor -and $threadCount -eq 1) ? (($anchor.Seconds / $eval.Seconds).ToString('0.0', $invariant) + 'x') : ''
        $speedup = ($threadCount -ne 1 -and $null -ne $single.Seconds) ? (($single.Seconds / $eval.Seconds).ToString('0.00', $invariant) + 'x') : ''
        $lines += "| $($data.Kind) | $($data.Methods) | $($data.Pairs) | $threadCount | $overDecode | $overAnchor | $speedup |"
    }
}

$smallest = ($Sizes | Measure-Object -Minimum).Minimum
$largest = ($Sizes | Measure-Object -Maximum).Maximum
$lines += @('', "Peak memory under the $HeapLimitMB MB heap limit, one method, one thread, $smallest against $largest pairs:", '')
foreach ($kind in @('synthetic', 'real')) {
    $small = Find-Row $kind 1 $smallest 1 'cosod eval' "$HeapLimitMB MB"
    $large = Find-Row $kind 1 $largest 1 'cosod eval' "$HeapLimitMB MB"
    if ($null -ne $small -and $null -ne $large) {
        $perPair = (($large.PeakMB - $small.PeakMB) * 1MB / ($largest - $smallest)).ToString('0', $invariant)
        $lines += "- $($kind): $($small.PeakMB) MB at $smallest pairs, $($large.PeakMB) MB at $largest pairs ($perPair bytes a pair)"
    }
}

$lines | Set-Content (Join-Path $folder 'scale.md')
Copy-Item (Join-Path $folder 'scale.md') (Join-Path $root 'results/bench-scale/latest.md')
Write-Host "bench-scale: wrote $folder/scale.json, scale.md and results/bench-scale/latest.md"
