using System.Collections.Concurrent;
using System.Diagnostics;

namespace Cohortly.DomainLoad;

/// <summary>
/// One message the driver caused (an announcement, a grade, a bare broadcast) and the connections that should get
/// it: when each did, by the driver's clock. The clock is read when the SignalR client hands the message to our
/// handler, so the time the driver itself needs to get to it (it shares the two cores) is inside every figure.
/// </summary>
public sealed class Expectation
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining;
    private int _duplicates;

    public Expectation(int receivers)
    {
        ReceivedAt = new long[receivers];
        _remaining = receivers;
    }

    public long SentAt { get; set; }

    /// <summary>When the HTTP answer to the request that caused it was complete (0 if unknown).</summary>
    public long AnsweredAt { get; set; }

    /// <summary>Stopwatch timestamps, 0 for a connection that has not got it (yet).</summary>
    public long[] ReceivedAt { get; }

    public int Duplicates => Volatile.Read(ref _duplicates);

    public Task All => _all.Task;

    public int Missing => Volatile.Read(ref _remaining);

    public long LastReceivedAt => ReceivedAt.Max();

    public IEnumerable<long> LatencyTicks => ReceivedAt.Where(at => at != 0).Select(at => at - SentAt);

    /// <summary>From the HTTP answer to each push: the part of the latency that is the push path alone (negative if the push came first).</summary>
    public IEnumerable<long> AfterAnswerTicks => AnsweredAt == 0 ? [] : ReceivedAt.Where(at => at != 0).Select(at => at - AnsweredAt);

    public void Received(int slot, long at)
    {
        if (Interlocked.CompareExchange(ref ReceivedAt[slot], at, 0) != 0)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _all.TrySetResult();
        }
    }

    /// <summary>Waits for every receiver, or gives up at the deadline and leaves the rest counted as missing.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(All, Task.Delay(timeout));
        return finished == All;
    }
}

/// <summary>Matches what the connections receive to what the driver sent, by a key both sides can compute.</summary>
public sealed class DeliveryTracker
{
    private readonly ConcurrentDictionary<string, Expectation> _open = new(StringComparer.Ordinal);
    private long _unexpected;

    /// <summary>Messages that matched nothing open: late arrivals after a give-up, or pushes the driver did not cause.</summary>
    public long Unexpected => Interlocked.Read(ref _unexpected);

    /// <summary>Registered before the request is sent: the push can arrive before the HTTP answer does.</summary>
    public Expectation Expect(string key, int receivers)
    {
        var expectation = new Expectation(receivers) { SentAt = Stopwatch.GetTimestamp() };
        if (!_open.TryAdd(key, expectation))
        {
            throw new InvalidOperationException($"Two messages in flight share the key {key}.");
        }
        return expectation;
    }

    public void Forget(string key) => _open.TryRemove(key, out _);

    public void Received(string key, int slot)
    {
        var at = Stopwatch.GetTimestamp();
        if (_open.TryGetValue(key, out var expectation))
        {
            expectation.Received(slot, at);
        }
        else
        {
            Interlocked.Increment(ref _unexpected);
        }
    }
}

/// <summary>What a set of expected messages came to.</summary>
public sealed record DeliveryStats(
    int Messages,
    long Delivered,
    long Missing,
    long Duplicates,
    LatencySummary Latency,
    LatencySummary LastClientLatency,
    LatencySummary AfterAnswer)
{
    public static DeliveryStats Of(IReadOnlyCollection<Expectation> expectations) => new(
        expectations.Count,
        expectations.Sum(e => (long)(e.ReceivedAt.Length - e.Missing)),
        expectations.Sum(e => (long)e.Missing),
        expectations.Sum(e => (long)e.Duplicates),
        LatencySummary.Of(expectations.SelectMany(e => e.LatencyTicks)),
        // Per message: until the last connection that got it had it.
        LatencySummary.Of(expectations.Where(e => e.ReceivedAt.Any(at => at != 0)).Select(e => e.LastReceivedAt - e.SentAt)),
        LatencySummary.Of(expectations.SelectMany(e => e.AfterAnswerTicks)));
}
