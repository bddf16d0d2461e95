using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cohortly.Frontend.Infrastructure.OpenApi;

/// <summary>The document's title and the conventions every operation shares, said once instead of in each operation.</summary>
public sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Cohortly API";
        document.Info.Description =
            "Cohort-based bootcamps: accounts, bootcamps and enrollment, assignments and grades, files, notifications and email. " +
            "JSON bodies use camelCase; ids are strings; times are ISO-8601 UTC; money is integer minor units with an ISO currency code. " +
            "Errors are RFC 7807 `application/problem+json` with a stable `type`, and `errors` per field for validation problems. " +
            "Lists that can grow take `page` and `pageSize` (at most 100) and answer `{ items, page, pageSize, total }`. " +
            "Protected operations take `Authorization: Bearer <accessToken>`; live updates come over the SignalR hub `/hubs/notifications`.";
        // The generator writes the request's base address with a trailing slash; paths start with one already.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }
        return Task.CompletedTask;
    }
}
