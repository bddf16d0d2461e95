using Cohortly.Common;
using Cohortly.Frontend.Accounts;

namespace Cohortly.Frontend.Infrastructure;

/// <summary>
/// What every grain-backed handler needs, bound in one parameter with <c>[AsParameters]</c> (as eShop's
/// <c>CatalogServices</c>): the cluster and the caller the validated token names. Handlers pass <see cref="Caller"/>
/// to grains, which decide what the caller may do.
/// </summary>
public sealed record CallerContext(HttpContext Http, IClusterClient Cluster)
{
    private Caller? _caller;

    /// <summary>Only on routes that require authentication.</summary>
    public Caller Caller => _caller ??= Http.User.ToCaller();

    public TGrain Grain<TGrain>(string key) where TGrain : IGrainWithStringKey => Cluster.GetGrain<TGrain>(key);

    public TGrain Grain<TGrain>(long key) where TGrain : IGrainWithIntegerKey => Cluster.GetGrain<TGrain>(key);
}
