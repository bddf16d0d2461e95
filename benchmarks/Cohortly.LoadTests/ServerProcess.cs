using System.Diagnostics;
using System.Globalization;

namespace Cohortly.LoadTests;

/// <summary>
/// The Frontend process the driver started, found through /proc, so server CPU per request can be reported
/// next to throughput: on two shared cores, CPU per request is the figure the driver disturbs least.
/// </summary>
public sealed class ServerProcess
{
    private readonly Process? _process;

    private ServerProcess(Process? process) => _process = process;

    public int? Id => _process?.Id;

    /// <summary>Our child process whose environment names this data directory (unique per run).</summary>
    public static ServerProcess Find(string dataDirectory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new ServerProcess(null);
        }
        var marker = "Cohortly__DataDirectory=" + dataDirectory + "\0";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                if (ParentOf(pid) == Environment.ProcessId && File.ReadAllText(Path.Combine(dir, "environ")).Contains(marker, StringComparison.Ordinal))
                {
                    return new ServerProcess(Process.GetProcessById(pid));
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // Processes come and go while /proc is listed.
            }
        }
        return new ServerProcess(null);
    }

    public TimeSpan CpuTime()
    {
        if (_process is null)
        {
            return TimeSpan.Zero;
        }
        _process.Refresh();
        return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
    }

    /// <summary>Resident memory in MiB, or null when unknown.</summary>
    public double? ResidentMegabytes()
    {
        if (_process is null)
        {
            return null;
        }
        _process.Refresh();
        return _process.HasExited ? null : _process.WorkingSet64 / (1024.0 * 1024.0);
    }

    public static TimeSpan OwnCpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>
    /// CPU time every process on the machine has used since boot (/proc/stat, in USER_HZ = 1/100 s on Linux): with the
    /// server's and the driver's own share subtracted, what other work took from the same cores during a segment.
    /// </summary>
    public static TimeSpan MachineBusyCpu()
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
        long Field(int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
        var busyTicks = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
        return TimeSpan.FromSeconds(busyTicks / 100.0);
    }

    private static int ParentOf(int pid)
    {
        // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], CultureInfo.InvariantCulture);
    }
}
