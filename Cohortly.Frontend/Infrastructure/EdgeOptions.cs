using System.ComponentModel.DataAnnotations;

namespace Cohortly.Frontend.Infrastructure;

/// <summary>The <c>Cohortly:Edge</c> section: who may speak for a client's address, and how often anyone may call.</summary>
public sealed class EdgeOptions
{
    public const string Section = "Cohortly:Edge";

    /// <summary>
    /// Addresses of the load balancers or reverse proxies in front of this front end. Only a request arriving from one of
    /// them has its <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> believed; empty (the default) believes no one, so a
    /// client cannot pick the address its rate limits are counted under.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Requests per minute one signed-in user may make, counted per user whatever address or proxy they come through.</summary>
    [Range(1, int.MaxValue)]
    public int UserRequestsPerMinute { get; set; } = 600;

    /// <summary>Requests per minute one client address may make without signing in (catalog search, bootcamp pages, hub connects).</summary>
    [Range(1, int.MaxValue)]
    public int AnonymousRequestsPerMinute { get; set; } = 300;

    /// <summary>Uploads per minute one user may start: each can be hundreds of MB to scan, hash and inspect.</summary>
    [Range(1, int.MaxValue)]
    public int UploadsPerMinute { get; set; } = 30;

    /// <summary>Megabytes one user's files may take in all (uploads, avatars, resources); deleting files frees room.</summary>
    [Range(1, int.MaxValue)]
    public int UploadQuotaMegabytes { get; set; } = 2048;

    public long UploadQuotaBytes => UploadQuotaMegabytes * 1024L * 1024;

    /// <summary>
    /// How long a push may wait to be taken by one live connection before that connection is dropped: a client that
    /// stops reading (its socket buffer full) would otherwise hold up its bootcamp's pushes for everyone. It reconnects
    /// and catches up from the inbox like any dropped connection.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PushWriteTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
