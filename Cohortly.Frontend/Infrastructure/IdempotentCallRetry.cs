using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Cohortly.Silo.Hosting;

namespace Cohortly.Frontend.Infrastructure;

/// <summary>
/// Tries a grain call once more when it failed because the cluster could not serve it (a silo died under it), but only
/// where doing it twice cannot do anything twice: the request is a read (GET, HEAD), or it carries an Idempotency-Key,
/// whose grain answers a repeat with the first answer and whose creates are keyed by it. Without this, every request in
/// flight to a killed silo answered 503; with it, most of them are served once the survivor has taken over.
/// Registered in cluster mode only, where a front end outlives the silos it calls.
/// </summary>
public sealed class IdempotentCallRetry(IHttpContextAccessor http, ILogger<IdempotentCallRetry> logger) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        Exception? failure;
        try
        {
            await context.Invoke();
            failure = context.Response?.Exception;
        }
        catch (Exception thrown) when (ClusterFailures.IsTransient(thrown))
        {
            failure = thrown;
        }
        if (failure is null)
        {
            return;
        }
        // Retry once, and only while the request can still be answered within two call timeouts (about 10 s in all).
        if (!ClusterFailures.IsTransient(failure) || !MayRepeat(http.HttpContext) ||
            Stopwatch.GetElapsedTime(started) > ClusterTimeouts.FrontendCallTimeout + TimeSpan.FromSeconds(1))
        {
            ThrowIfThrown(context, failure);
            return;
        }
        logger.LogWarning("Retrying {Interface}.{Method} once after {Failure}", context.InterfaceName, context.MethodName, failure.GetType().Name);
        await Task.Delay(ClusterTimeouts.RetryDelay, http.HttpContext?.RequestAborted ?? CancellationToken.None);
        await context.Invoke();
    }

    private static bool MayRepeat(HttpContext? request) =>
        request is not null && (HttpMethods.IsGet(request.Request.Method) || HttpMethods.IsHead(request.Request.Method) || request.Request.Headers.ContainsKey(Idempotency.Header));

    /// <summary>A failure that came back in the response stays there for the caller; one that was thrown is thrown again.</summary>
    private static void ThrowIfThrown(IOutgoingGrainCallContext context, Exception failure)
    {
        if (!ReferenceEquals(context.Response?.Exception, failure))
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}
