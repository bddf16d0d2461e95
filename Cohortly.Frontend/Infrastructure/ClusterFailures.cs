using Cohortly.Common;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace Cohortly.Frontend.Infrastructure;

/// <summary>The grain call failures that say the cluster could not serve the call right now, not that the call is wrong.</summary>
public static class ClusterFailures
{
    /// <summary>
    /// A silo died (its connection refused, until membership declares it dead — seen when a silo of two was killed) or
    /// refused the message, the gateway is overloaded, or the call timed out; or a grain could not store its change
    /// (the database failed the write, or a second activation left behind by a silo's death wrote first): worth
    /// retrying, not a bug.
    /// </summary>
    public static bool IsTransient(Exception exception) =>
        exception is SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException or GatewayTooBusyException
            or TimeoutException or StateNotStoredException or InconsistentStateException;
}
