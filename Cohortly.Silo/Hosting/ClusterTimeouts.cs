using Orleans.Configuration;

namespace Cohortly.Silo.Hosting;

/// <summary>
/// The production settings that decide how long a cluster takes to notice a dead silo and how long a front end waits
/// for a grain. Orleans' defaults (5 s probes, 3 missed, 30 s call timeout, 1 min gateway refresh) left requests
/// hanging 30 s and answering 500 for 30 s after one silo of two was killed; these bring it under 10 s
/// (README, "Cluster mode": what a silo kill costs). Each can still be set under <c>Cohortly:Orleans:Membership</c>.
/// </summary>
public static class ClusterTimeouts
{
    /// <summary>
    /// How long a front end waits for a grain's answer before it answers 503. A request's grain calls take
    /// milliseconds (p99 0.5 s in the loaded benchmarks); a call to a silo that just died gets no answer at all, and the
    /// caller should hear so soon enough to retry once and still be answered within 10 s. Calls that legitimately run
    /// longer (the recount) say so with <c>[ResponseTimeout]</c> on their interface method.
    /// </summary>
    public static readonly TimeSpan FrontendCallTimeout = TimeSpan.FromSeconds(4);

    /// <summary>The wait before the front end's one retry: enough for the call to land after a dead silo is declared dead.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public static void Membership(ClusterMembershipOptions membership)
    {
        // A killed silo refuses connections at once, so its probes fail immediately: 2 missed probes 2 s apart suspect
        // it within about 4 s. A live but busy silo still answers probes (they skip the grain queues), probe timeouts
        // stretch while this silo is itself degraded, and recent traffic on a connection suppresses a suspicion, which
        // guard against declaring a slow silo dead.
        membership.ProbeTimeout = TimeSpan.FromSeconds(2);
        membership.NumMissedProbesLimit = 2;
        membership.ExtendProbeTimeoutDuringDegradation = true;
        membership.EnableConnectionLivenessCheck = true;
        // Two votes, or a majority of the silos when fewer are active (one vote in a cluster of two). Votes must be
        // fresh to count together: an old suspicion should not add to a new one.
        membership.NumVotesForDeathDeclaration = 2;
        membership.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        // Gossip spreads a death at once; the table is also re-read every 10 s in case a gossip message was lost.
        membership.TableRefreshTimeout = TimeSpan.FromSeconds(10);
    }

    public static void ClientMessaging(ClientMessagingOptions messaging) => messaging.ResponseTimeout = FrontendCallTimeout;

    /// <summary>A front end re-reads the gateway list every 10 s (default 1 min): a new silo takes traffic sooner.</summary>
    public static void Gateways(GatewayOptions gateways) => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10);
}
