using System.Diagnostics;
using System.Globalization;

namespace Cohortly.Benchmarking;

/// <summary>
/// The Frontend process the driver started, found through /proc, so server CPU can be reported next to every
/// figure: on two cores shared with the driver, "cores used by whom" is what makes a rate readable.
/// Compiled into each load driver (benchmarks/Shared, linked by their .csproj files): the drivers are separate programs.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process? _process;
    private readonly List<(long At, int Threads)> _threadSamples = [];
    private readonly Timer? _sampler;

    private ServerProcess(Process? process)
    {
        _process = process;
        // Thread count every 100 ms: a server that is slow while its CPU is idle is blocking threads, and the
        // thread pool adding threads to make up for them is how that shows from outside.
        _sampler = process is null ? null : new Timer(_ => SampleThreads(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

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

    /// <summary>The most threads the server had at any sample since <paramref name="since"/> (a Stopwatch timestamp); 0 when unknown.</summary>
    public int MaxThreadsSince(long since)
    {
        lock (_threadSamples)
        {
            return _threadSamples.Where(s => s.At >= since).Select(s => s.Threads).DefaultIfEmpty(0).Max();
        }
    }

    /// <summary>Ends the server at once (the driver is being interrupted).</summary>
    public void Kill()
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
            _process?.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        _sampler?.Dispose();
        _process?.Dispose();
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

    /// <summary>Starts a CPU account for one stretch of work: server, this driver and everything else on the machine.</summary>
    public CpuMeter StartMeter() => new(this);

    private void SampleThreads()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process!.Id}/status").FirstOrDefault(l => l.StartsWith("Threads:", StringComparison.Ordinal));
            if (line is not null && int.TryParse(line["Threads:".Length..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var threads))
            {
                lock (_threadSamples)
                {
                    _threadSamples.Add((Stopwatch.GetTimestamp(), threads));
                    if (_threadSamples.Count > 100_000)
                    {
                        _threadSamples.RemoveRange(0, 50_000);
                    }
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The process has exited (a restart): nothing to sample.
        }
    }

    private static int ParentOf(int pid)
    {
        // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], CultureInfo.InvariantCulture);
    }
}

/// <summary>CPU seconds used between its start and <see cref="Stop"/>, split by who used them.</summary>
public sealed class CpuMeter
{
    private readonly ServerProcess _server;
    private readonly TimeSpan _server0;
    private readonly TimeSpan _driver0;
    private readonly TimeSpan _machine0;
    private readonly long _start = Stopwatch.GetTimestamp();

    public CpuMeter(ServerProcess server)
    {
        _server = server;
        _server0 = server.CpuTime();
        _driver0 = ServerProcess.OwnCpuTime();
        _machine0 = ServerProcess.MachineBusyCpu();
    }

    public CpuUse Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_start);
        var server = _server.CpuTime() - _server0;
        var driver = ServerProcess.OwnCpuTime() - _driver0;
        var others = ServerProcess.MachineBusyCpu() - _machine0 - server - driver;
        return new CpuUse(wall, server, driver, others > TimeSpan.Zero ? others : TimeSpan.Zero, _server.MaxThreadsSince(_start));
    }
}

/// <summary>CPU time by user over a stretch of wall time, and the most threads the server had meanwhile.</summary>
public sealed record CpuUse(TimeSpan Wall, TimeSpan Server, TimeSpan Driver, TimeSpan Others, int MaxServerThreads = 0)
{
    public static CpuUse Zero { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public static CpuUse Sum(IEnumerable<CpuUse> uses) => uses.Aggregate(Zero, (sum, use) =>
        new CpuUse(sum.Wall + use.Wall, sum.Server + use.Server, sum.Driver + use.Driver, sum.Others + use.Others, Math.Max(sum.MaxServerThreads, use.MaxServerThreads)));

    public double ServerCores => Cores(Server);

    public double DriverCores => Cores(Driver);

    public double OtherCores => Cores(Others);

    /// <summary>"1.20 / 0.70 / 0.05": cores used by server / driver / other processes.</summary>
    public string Describe() => string.Format(CultureInfo.InvariantCulture, "{0:0.00} / {1:0.00} / {2:0.00}", ServerCores, DriverCores, OtherCores);

    private double Cores(TimeSpan cpu) => Wall <= TimeSpan.Zero ? double.NaN : cpu.TotalSeconds / Wall.TotalSeconds;
}
