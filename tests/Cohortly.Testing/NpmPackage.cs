using System.Diagnostics;

namespace Cohortly.Testing;

/// <summary>
/// A tool the tests run from npm, pinned by the package.json and package-lock.json of its own folder under tests/
/// (<c>npm ci</c> there, as .ci/run does; the tests do it themselves when node_modules is missing).
/// </summary>
public static class NpmPackage
{
    public static string FolderOf(string folder) => Path.Combine(RepoPaths.Root, "tests", folder);

    /// <summary>The installed file <paramref name="entry"/> (relative to the folder), installing the folder first if needed.</summary>
    public static async Task<string> EnsureInstalledAsync(string folder, string entry)
    {
        var package = FolderOf(folder);
        var path = Path.Combine(package, entry);
        if (!File.Exists(path))
        {
            // Test assemblies run in parallel and each may need the tool: one installs, the others wait for it.
            using var installing = await LockAsync(Path.Combine(package, ".install.lock"));
            if (!File.Exists(path))
            {
                var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], package);
                if (install.ExitCode != 0)
                {
                    throw new InvalidOperationException(
                        $"npm ci failed in tests/{folder} (needs Node 20 and npm; or run `npm ci` there):\n{install.Output}\n{install.Error}");
                }
            }
        }
        return path;
    }

    /// <summary>Runs a program to its end and keeps what it printed.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string command, IEnumerable<string> arguments, string directory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static async Task<FileStream> LockAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
