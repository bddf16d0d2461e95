namespace Cohortly.DomainLoad;

/// <summary>
/// Keeps everything the server prints while a scenario runs. The test harness keeps only the last lines of a
/// process's output, so this reads them often and stitches the snapshots together: a warning printed in the
/// middle of a long seeding would otherwise have scrolled away before the report is written.
/// </summary>
public sealed partial class LogWatcher : IAsyncDisposable
{
    private readonly Func<string> _recentOutput;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _lines = [];
    private readonly Task _polling;
    private string[] _previous = [];

    public LogWatcher(Func<string> recentOutput)
    {
        _recentOutput = recentOutput;
        _polling = PollAsync();
    }

    public int Mark
    {
        get
        {
            Take();
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>
    /// The warn/fail/crit entries printed since <paramref name="mark"/>, each with its message line, grouped after
    /// grain ids, silo addresses and thread numbers are blanked out (so 40 "long turn" warnings on 40 different
    /// grains read as one kind), with how many there were and, for "took elapsed time" warnings, the times.
    /// </summary>
    public IReadOnlyList<(string Entry, int Count)> NotableSince(int mark)
    {
        Take();
        List<string> lines;
        lock (_lines)
        {
            lines = [.. _lines.Skip(mark)];
        }
        var notable = new List<(string Key, string? Elapsed)>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("warn:", StringComparison.Ordinal) || lines[i].StartsWith("fail:", StringComparison.Ordinal)
                || lines[i].StartsWith("crit:", StringComparison.Ordinal))
            {
                // The simple console formatter prints "warn: Category[id]" and the message on the next, indented line.
                var message = i + 1 < lines.Count && lines[i + 1].StartsWith(' ') ? " — " + lines[i + 1].Trim() : "";
                var entry = lines[i] + message;
                var elapsed = ElapsedTime().Match(entry);
                var key = ElapsedTime().Replace(Ids().Replace(Silo().Replace(Thread().Replace(entry, ""), "{silo}"), "{id}"), "took elapsed time {t}");
                notable.Add((key.Length > 600 ? key[..600] + "…" : key, elapsed.Success ? elapsed.Groups[1].Value : null));
            }
        }
        return [.. notable.GroupBy(n => n.Key)
            .Select(group =>
            {
                var times = group.Select(n => n.Elapsed).OfType<string>().Order(StringComparer.Ordinal).ToList();
                var entry = times.Count == 0 ? group.Key : $"{group.Key} [times: {string.Join(", ", times)}]";
                return (entry, group.Count());
            })
            .OrderByDescending(e => e.Item2)];
    }

    public int LineCountSince(int mark)
    {
        Take();
        lock (_lines)
        {
            return _lines.Count - mark;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _polling;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }
        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Take();
            await Task.Delay(200, _stop.Token);
        }
    }

    private void Take()
    {
        var current = _recentOutput().Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToArray();
        lock (_lines)
        {
            // The longest tail of the previous snapshot that starts the current one is what was already kept.
            var overlap = 0;
            for (var k = Math.Min(_previous.Length, current.Length); k > 0; k--)
            {
                if (_previous.AsSpan(_previous.Length - k).SequenceEqual(current.AsSpan(0, k)))
                {
                    overlap = k;
                    break;
                }
            }
            _lines.AddRange(current.Skip(overlap));
            _previous = current;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"took elapsed time ([0-9:.]+)")]
    private static partial System.Text.RegularExpressions.Regex ElapsedTime();

    [System.Text.RegularExpressions.GeneratedRegex(@"[0-9a-f]{32}")]
    private static partial System.Text.RegularExpressions.Regex Ids();

    [System.Text.RegularExpressions.GeneratedRegex(@"S127\.0\.0\.1:\d+:\d+")]
    private static partial System.Text.RegularExpressions.Regex Silo();

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*Running on thread \d+")]
    private static partial System.Text.RegularExpressions.Regex Thread();
}
