using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace Cohortly.Frontend.Infrastructure.OpenApi;

/// <summary>What an endpoint's metadata says about who may call it: the same metadata the authorization middleware reads.</summary>
public static class EndpointAccess
{
    /// <summary>RequireAuthorization without an AllowAnonymous that overrides it (as the unsubscribe routes have).</summary>
    public static bool IsProtected(ApiDescription description) => IsProtected(description.ActionDescriptor.EndpointMetadata);

    public static bool IsProtected(IEnumerable<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

    /// <summary>A named policy or role list can refuse a signed-in caller (403) before the handler runs.</summary>
    public static bool RequiresMoreThanSignIn(ApiDescription description) =>
        IsProtected(description)
        && description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any(data => data.Policy is not null || data.Roles is not null);
}
