using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Cohortly.Testing;

/// <summary>
/// The npm <c>s3rver</c> package (pinned in tests/s3server/package.json) on a free 127.0.0.1 port, with its
/// data in a temporary folder: a real S3-compatible HTTP server for the S3 storage adapter.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly Process _process;
    private readonly TempDirectory _data;
    private readonly ConcurrentQueue<string> _output = new();

    private S3Server(Process process, TempDirectory data, int port)
    {
        _process = process;
        _data = data;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Where the server keeps buckets, objects and the parts of unfinished multipart uploads.</summary>
    public string DataDirectory => _data.Path;

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The node process, for measuring its CPU next to the app's.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The settings that point Cohortly's storage at this server.</summary>
    public Dictionary<string, string> Environment(string bucket) => new()
    {
        ["Cohortly__Storage__Provider"] = "S3",
        ["Cohortly__Storage__ServiceUrl"] = ServiceUrl,
        ["Cohortly__Storage__Bucket"] = bucket,
        ["Cohortly__Storage__AccessKey"] = AccessKey,
        ["Cohortly__Storage__SecretKey"] = SecretKey,
        ["Cohortly__Storage__ForcePathStyle"] = "true",
    };

    public static async Task<S3Server> StartAsync()
    {
        var package = NpmPackage.FolderOf("s3server");
        var entry = await NpmPackage.EnsureInstalledAsync("s3server", Path.Combine("node_modules", "s3rver", "bin", "s3rver.js"));
        var data = new TempDirectory("cohortly-s3");
        var port = Ports.Free();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = package,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { entry, "-d", data.Path, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started; S3 tests need Node 20 (apt-get install nodejs).");
        var server = new S3Server(process, data, port);
        process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Kill();
        await Eventually.Until(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException("s3rver exited during start-up:\n" + string.Join("\n", server._output));
                }
                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync("127.0.0.1", port);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            },
            up => up,
            TimeSpan.FromSeconds(30),
            "s3rver to listen");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _data.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void Keep(string? line)
    {
        if (line is not null && _output.Count < 200)
        {
            _output.Enqueue(line);
        }
    }
}
