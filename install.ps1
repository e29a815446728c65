# Install cc (Claude Code for Codex) on Windows from a release: download the windows-x64 archive
# with SHA256SUMS, refuse it unless the checksum matches, put cc.exe in %LOCALAPPDATA%\cc\bin (no
# admin rights), then run `cc install`.
#
#   irm https://github.com/cc-for-codex/cc/releases/latest/download/install.ps1 | iex
#   & ([scriptblock]::Create((irm .../install.ps1))) -Version 0.2.0 -NoCcInstall
#
# Parameters (or environment): -Version (CC_VERSION), -Dir (CC_INSTALL_DIR), -Base (CC_RELEASE_BASE),
# -NoCcInstall (CC_NO_CC_INSTALL=1), -CcInstallArgs: passed to `cc install` (e.g. '--yes').
param(
  [string]$Version = $env:CC_VERSION,
  [string]$Dir = $env:CC_INSTALL_DIR,
  [string]$Base = $env:CC_RELEASE_BASE,
  [switch]$NoCcInstall,
  [string[]]$CcInstallArgs = @()
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue' # the progress bar makes Invoke-WebRequest many times slower

# throw, not exit: run through `irm | iex`, exit would close the user's PowerShell window.
function Fail([string]$Message, [string]$Fix) {
  throw "install.ps1: $Message`n  $Fix"
}

if (-not $Base) { $Base = "https://github.com/cc-for-codex/cc/releases" }
$Base = $Base.TrimEnd('/')
if ($Version) { $Version = $Version.TrimStart('v') }
if (-not $Dir) { $Dir = Join-Path $env:LOCALAPPDATA 'cc\bin' }
if ($env:CC_NO_CC_INSTALL -eq '1') { $NoCcInstall = $true }

# Only an x64 build exists; Windows on arm64 runs it through its x64 emulation.
$arch = $env:PROCESSOR_ARCHITEW6432
if (-not $arch) { $arch = $env:PROCESSOR_ARCHITECTURE }
if ($arch -notin @('AMD64', 'ARM64')) { Fail "no cc build for this processor ($arch)" 'cc is built for 64-bit Windows (x64, also run on arm64).' }
$target = 'windows-x64'

$tmp = Join-Path ([IO.Path]::GetTempPath()) ("cc-install-" + [Guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $tmp | Out-Null
try {
  if ($Version) { $sumsUrl = "$Base/download/v$Version/SHA256SUMS" } else { $sumsUrl = "$Base/latest/download/SHA256SUMS" }
  try { $sums = (Invoke-WebRequest -UseBasicParsing -Uri $sumsUrl -TimeoutSec 60).Content } catch { Fail "could not download $sumsUrl ($($_.Exception.Message))" 'Check the version (-Version) and your connection; set CC_RELEASE_BASE to use a mirror.' }
  if ($sums -is [byte[]]) { $sums = [Text.Encoding]::UTF8.GetString($sums) }

  $line = ($sums -split "`r?`n") | Where-Object { $_ -match "^([0-9a-f]{64}) [ *]?(cc-(.+)-$target\.zip)$" } | Select-Object -First 1
  if (-not $line) { Fail "release $(if ($Version) { $Version } else { 'latest' }) has no cc build for $target" 'Build cc from source, or pick another release with -Version.' }
  $null = $line -match "^([0-9a-f]{64}) [ *]?(cc-(.+)-$target\.zip)$"
  $expected = $Matches[1]; $archive = $Matches[2]; $found = $Matches[3]
  if ($Version -and $found -ne $Version) { Fail "SHA256SUMS of v$Version lists $archive" 'The release server is inconsistent; try again later or another mirror.' }
  $Version = $found

  Write-Output "Downloading cc $Version for $target"
  $zip = Join-Path $tmp $archive
  try { Invoke-WebRequest -UseBasicParsing -Uri "$Base/download/v$Version/$archive" -OutFile $zip -TimeoutSec 600 } catch { Fail "could not download $archive ($($_.Exception.Message))" 'Check your connection; set CC_RELEASE_BASE to use a mirror.' }
  $actual = (Get-FileHash -Algorithm SHA256 -Path $zip).Hash.ToLowerInvariant()
  if ($actual -ne $expected) { Fail "checksum mismatch for ${archive}: expected $expected, got $actual; nothing was installed" 'The download is corrupt or was tampered with. Try again; if it persists, report it.' }
  Write-Output "Verified SHA-256 $actual"

  $unpacked = Join-Path $tmp 'x'
  Expand-Archive -Path $zip -DestinationPath $unpacked
  $exe = Join-Path $unpacked 'cc.exe'
  if (-not (Test-Path $exe)) { Fail "$archive does not contain cc.exe" 'The release is broken; report it.' }
  & $exe version | Out-Null
  if ($LASTEXITCODE -ne 0) { Fail 'the downloaded cc.exe does not run on this machine' 'Report it with the output of `cc.exe version`.' }

  # Copy beside the target, then rename: a running cc.exe cannot be overwritten but can be renamed.
  New-Item -ItemType Directory -Force -Path $Dir | Out-Null
  $dest = Join-Path $Dir 'cc.exe'
  $staged = Join-Path $Dir ".cc.$PID.new"
  Copy-Item -Path $exe -Destination $staged -Force
  if (Test-Path $dest) { Move-Item -Force -Path $dest -Destination "$dest.$PID.old" }
  Move-Item -Force -Path $staged -Destination $dest
  Remove-Item -Force -ErrorAction SilentlyContinue "$dest.*.old"
  Write-Output "Installed cc $Version to $dest"

  $userPath = [Environment]::GetEnvironmentVariable('Path', 'User')
  if (-not (($userPath -split ';') -contains $Dir)) {
    Write-Output "$Dir is not on your PATH. To run ``cc`` by name, run (then open a new terminal):"
    Write-Output "  [Environment]::SetEnvironmentVariable('Path', `"$Dir;`" + [Environment]::GetEnvironmentVariable('Path', 'User'), 'User')"
  }

  if ($NoCcInstall) {
    Write-Output "Next: run ``$dest install`` to add cc to Codex."
  } else {
    Write-Output "Running: $dest install $($CcInstallArgs -join ' ')"
    & $dest install @CcInstallArgs
  }
} finally {
  Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $tmp
}
