using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Cohortly.Frontend.Notifications;

/// <summary>One hub method call for a SignalR group (every connection when <see cref="Group"/> is null).</summary>
public sealed record Push(string? Group, string Method, object Message);

/// <summary>
/// Sends one stream's pushes in the order they came, without making the stream wait until each has been written to
/// every connection. Pushes that queue up meanwhile for the same group go out together, as one write per connection
/// (<see cref="BatchingHubLifetimeManager{THub}.QueueBatchAsync"/>): the busier the stream, the fewer socket writes per
/// message. Each connection still gets them in order, because SignalR queues a connection's writes first come,
/// first served.
/// </summary>
public sealed class PushSender
{
    /// <summary>Bounds what a slow audience can pile up in memory; when it is full the stream waits, as it did before.</summary>
    public const int Capacity = 256;

    /// <summary>
    /// Each connection copies a batch into its own pipe: 16 announcements are about 8 KB a connection, where a whole
    /// queue of them could be 100 MB for a bootcamp of 1,000.
    /// </summary>
    public const int MessagesPerWrite = 16;

    private readonly Channel<Push> _queue = Channel.CreateBounded<Push>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly BatchingHubLifetimeManager<NotificationsHub> _hub;
    private readonly ILogger _logger;

    public PushSender(BatchingHubLifetimeManager<NotificationsHub> hub, ILogger logger)
    {
        _hub = hub;
        _logger = logger;
        // Never faults: every send and wait inside it catches and logs.
        _ = PumpAsync();
    }

    public async ValueTask EnqueueAsync(Push push)
    {
        while (await _queue.Writer.WaitToWriteAsync())
        {
            if (_queue.Writer.TryWrite(push))
            {
                return;
            }
        }
        // Stopped: the stream's last connection here has left, so there is nobody to push to.
    }

    /// <summary>Takes no more pushes; the ones queued are still sent.</summary>
    public void Stop() => _queue.Writer.TryComplete();

    private async Task PumpAsync()
    {
        var taken = new List<Task>();
        var run = new List<InvocationMessage>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            string? group = null;
            while (_queue.Reader.TryRead(out var push))
            {
                // Only neighbours are merged, and each run is queued on every connection before the next starts, so
                // a connection in two of the groups still gets everything in order.
                if (run.Count > 0 && (push.Group != group || run.Count == MessagesPerWrite))
                {
                    taken.Add(await QueueAsync(group, run));
                    run = [];
                }
                group = push.Group;
                run.Add(new InvocationMessage(push.Method, [push.Message]));
            }
            taken.Add(await QueueAsync(group, run));
            run = [];
            await TakenAsync(taken);
            taken.Clear();
        }
    }

    /// <summary>Waiting until the connections have taken a batch keeps a slow reader's backlog to one batch.</summary>
    private async Task TakenAsync(List<Task> taken)
    {
        try
        {
            await Task.WhenAll(taken);
        }
        catch (Exception exception)
        {
            // SignalR handles a failed write by closing that connection; should one ever throw, the pump must go on.
            _logger.LogWarning(exception, "A push could not be written to every connection");
        }
    }

    private async Task<Task> QueueAsync(string? group, List<InvocationMessage> messages)
    {
        try
        {
            return await _hub.QueueBatchAsync(group, messages);
        }
        catch (Exception exception)
        {
            // One failed push must not stop the ones behind it.
            _logger.LogWarning(exception, "Could not push {Count} messages to {Group}", messages.Count, group ?? "everyone");
            return Task.CompletedTask;
        }
    }
}
